"""Reads of the public site's content."""

from django.db.models import QuerySet
from wagtail.models import Locale

from .models import ProgrammePage


def programme_pages_for_locale(locale: Locale) -> QuerySet[ProgrammePage]:
    """Live programme pages in one language, the soonest to open first."""
    return ProgrammePage.objects.live().public().filter(locale=locale).order_by("opens_on", "title")


def programme_page_by_slug(slug: str, locale: Locale | None = None) -> ProgrammePage | None:
    """The programme's page in a language (the default one if none is given)."""
    locale = locale or Locale.get_default()
    return ProgrammePage.objects.filter(programme_slug=slug, locale=locale).first()


def programme_pages_default_locale() -> QuerySet[ProgrammePage]:
    """Every programme once, in the site's default language, which holds the rules of record."""
    return ProgrammePage.objects.filter(locale=Locale.get_default()).order_by("programme_slug")
