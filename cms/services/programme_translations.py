"""A programme's pages in the other languages follow its page in the default language.

The definition carries its own texts in es, eu and en, so the page of record is the one in
the default language: when it is published, the other languages' pages get the same
definition (and the title in their language) and are published too; when it is unpublished,
so are they. Policy staff edit a programme once.
"""

from django.db import transaction
from wagtail.models import Locale

from ..models import ProgrammeIndexPage, ProgrammePage
from ..translated_text import in_language
from .site_structure import site_structure_ensure


@transaction.atomic
def programme_translations_sync(source: ProgrammePage, *, user=None) -> list[ProgrammePage]:
    """Create or update, and publish, the other languages' pages of a published programme."""
    if source.locale_id != Locale.get_default().pk or not source.live:
        return []
    changed = []
    for locale in Locale.objects.exclude(pk=source.locale_id):
        title = in_language(source.definition.get("title"), locale.language_code)
        page = source.get_translation_or_none(locale)
        if page is None:
            page = ProgrammePage(
                title=title,
                slug=source.slug,
                definition=source.definition,
                locale=locale,
                translation_key=source.translation_key,
                live=False,
            )
            _translated_index(source, locale).add_child(instance=page)
        else:
            page = page.specific
            if page.live and page.definition == source.definition and page.title == title:
                continue
            page.definition = source.definition
            page.title = title
        # Publishing the page of record was authorised (an approver approved it, or the
        # scheduler published it); its translations follow as part of that same act, even
        # when `user`, the revision's author, may not publish on their own.
        page.save_revision(user=user, log_action=True).publish(
            user=user, skip_permission_checks=True
        )
        changed.append(page)
    return changed


@transaction.atomic
def programme_translations_unpublish(source: ProgrammePage, *, user=None) -> None:
    if source.locale_id != Locale.get_default().pk:
        return
    for page in source.get_translations().live():
        page.specific.unpublish(user=user, log_action=True)


def _translated_index(source: ProgrammePage, locale: Locale) -> ProgrammeIndexPage:
    index = source.get_parent().get_translation_or_none(locale)
    if index is None:
        site_structure_ensure()
        index = source.get_parent().get_translation(locale)
    return index
