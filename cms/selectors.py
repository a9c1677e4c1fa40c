"""Reads of the public site's content."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from wagtail.models import Locale

from cms.models import ProgrammePage
from eligibility import service as eligibility_service


@dataclass(frozen=True)
class ProgrammeFilters:
    benefit: str = ""
    status: str = ""
    audience: str = ""

    @property
    def active(self) -> bool:
        return bool(self.benefit or self.status or self.audience)


def programme_pages_for_locale(locale: Locale) -> QuerySet[ProgrammePage]:
    """Live programme pages in one language, the soonest to open first."""
    return (
        ProgrammePage.objects.live()
        .public()
        .filter(locale=locale)
        .order_by("opens_on", "title")
    )


def programme_pages_filtered(
    locale: Locale, filters: ProgrammeFilters, *, today: datetime.date
) -> list[ProgrammePage]:
    """Live programmes in one language that match every filter given."""
    pages = programme_pages_for_locale(locale)
    if filters.benefit:
        pages = pages.filter(benefit=filters.benefit)
    if filters.status == "open":
        pages = pages.filter(opens_on__lte=today).exclude(closes_on__lt=today)
    elif filters.status == "upcoming":
        pages = pages.filter(opens_on__gt=today)
    elif filters.status == "closed":
        pages = pages.filter(closes_on__lt=today)
    if not filters.audience:
        return list(pages)
    return [
        page
        for page in pages
        if filters.audience in eligibility_service.programme_audiences(page.definition)
    ]


def programme_page_by_slug(slug: str, locale: Locale | None = None) -> ProgrammePage | None:
    """The programme's page in a language (the default one if none is given)."""
    locale = locale or Locale.get_default()
    return ProgrammePage.objects.filter(programme_slug=slug, locale=locale).first()


def programme_pages_default_locale() -> QuerySet[ProgrammePage]:
    """Every programme once, in the site's default language, which holds the rules of record."""
    return ProgrammePage.objects.filter(locale=Locale.get_default()).order_by("programme_slug")


def pages_search(query: str, locale: Locale) -> list:
    """Live public pages of one language that match the query, best first."""
    from wagtail.models import Page

    matches = Page.objects.live().public().filter(locale=locale).specific().search(query)
    return list(matches)
