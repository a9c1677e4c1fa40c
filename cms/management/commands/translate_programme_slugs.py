from django.core.management.base import BaseCommand

from cms.services.programme_translations import programme_translation_slugs_repair


class Command(BaseCommand):
    help = (
        "Give each Basque and English programme page that still has the Spanish slug its "
        "own slug from its title; the old address redirects to the new one."
    )

    def handle(self, *args, **options):
        for page in programme_translation_slugs_repair():
            self.stdout.write(f"{page.locale.language_code}: {page.url}")
