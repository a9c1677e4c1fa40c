"""The live programmes the screener works on, supplied to eligibility from the CMS's pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from wagtail.models import Locale

from cms.models import ProgrammePage
from cms.selectors import programme_pages_for_locale
from eligibility.service import ProgrammeLink, PublishedProgramme


def screener_programmes(as_of: dt.date) -> list[PublishedProgramme]:
    """The live, public programme pages of the default locale: the programmes of record."""
    return [
        PublishedProgramme(
            definition=page.definition,
            status=str(page.window_status(as_of)),
            opens_on=page.opens_on,
            closes_on=page.closes_on,
            page_id=page.pk,
        )
        for page in programme_pages_for_locale(Locale.get_default())
    ]


def screener_programme_links(language: str, page_ids: Collection[int]) -> dict[str, ProgrammeLink]:
    """Each programme's live page in `language`, else its page of record among `page_ids`."""
    links: dict[str, ProgrammeLink] = {}
    locale = Locale.objects.filter(language_code=language).first()
    if locale is not None:
        for page in programme_pages_for_locale(locale):
            links.setdefault(page.programme_slug, ProgrammeLink(page.title, page.url or ""))
    fallback = ProgrammePage.objects.filter(pk__in=page_ids).exclude(programme_slug__in=links)
    for page in fallback:
        links[page.programme_slug] = ProgrammeLink(page.title, page.url or "")
    return links
