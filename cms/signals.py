from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from cms.models import ProgrammePage
from cms.services.programme_translations import (
    programme_translations_sync,
    programme_translations_unpublish,
)


@receiver(page_published, sender=ProgrammePage)
def programme_published(sender, instance, revision, **kwargs):
    programme_translations_sync(instance, user=revision.user if revision else None)


@receiver(page_unpublished, sender=ProgrammePage)
def programme_unpublished(sender, instance, **kwargs):
    programme_translations_unpublish(instance)
