"""The live programmes the screener works on, supplied to eligibility from the CMS's pages."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Collection, Mapping
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, PageViewRestriction

from cms.models import ProgrammePage
from cms.models.pages import window_status
from cms.selectors import programme_pages_for_locale
from eligibility.service import ProgrammeLink, PublishedProgramme


def screener_programmes(as_of: dt.date) -> list[PublishedProgramme]:
    """The live, public programme pages of the default locale: the programmes of record.

    Asked of the database on every screening (a publication in another process is seen at
    once), in one query that leaves the definitions out: a definition is read once per live
    revision and kept (see `_definitions`), so the next request of a screener or of the API
    reads no JSON at all. Each programme carries its revision's key, by which eligibility
    keeps the compiled rules.
    """
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    rows = list(
        ProgrammePage.objects.live()
        .filter(locale__language_code=language)
        # Wagtail's .public() asks for the view restrictions in a query of its own; this is
        # the same test (no restricted page at or above this one) inside the one query.
        .exclude(
            Exists(
                PageViewRestriction.objects.filter(
                    page__path=Substr(OuterRef("path"), 1, Length("page__path"))
                )
            )
        )
        .order_by("opens_on", "title")
        .values("pk", "opens_on", "closes_on", "live_revision_id", "live_revision__created_at")
    )
    definitions = _definitions(rows)
    return [
        PublishedProgramme(
            definition=definitions[row["pk"]],
            status=str(window_status(row["opens_on"], row["closes_on"], as_of)),
            opens_on=row["opens_on"],
            closes_on=row["closes_on"],
            page_id=row["pk"],
            revision=_revision_key(row),
        )
        for row in rows
    ]


def screener_programmes_forget(**kwargs: Any) -> None:
    """Forget every definition read; connected to Wagtail's page_published and
    page_unpublished signals (an entry cannot go stale, being keyed by revision, but a
    retired revision need not be kept)."""
    with _lock:
        _by_revision.clear()


# Definitions by live revision key: a revision never changes once saved.
_by_revision: OrderedDict[tuple[int, Any], Mapping[str, Any]] = OrderedDict()
_lock = threading.Lock()
CACHE_SIZE = 256


def _revision_key(row: Mapping[str, Any]) -> tuple[int, Any] | None:
    # The id and the creation time: ids are reused by a database rolled back or created anew
    # (each test does so), the time tells such a revision from the one read before.
    if row["live_revision_id"] is None:
        return None  # made live without a revision: read from the page row each time
    return (row["live_revision_id"], row["live_revision__created_at"])


def _definitions(rows: list[dict[str, Any]]) -> dict[int, Mapping[str, Any]]:
    found: dict[int, Mapping[str, Any]] = {}
    unread: dict[int, tuple[int, Any] | None] = {}
    with _lock:
        for row in rows:
            key = _revision_key(row)
            definition = _by_revision.get(key) if key is not None else None
            if definition is None:
                unread[row["pk"]] = key
            else:
                _by_revision.move_to_end(key)
                found[row["pk"]] = definition
    if not unread:
        return found
    # The page row of a live page holds its live revision's content (drafts are kept in
    # revisions only), so it is read from there, without deserialising the revision.
    read = ProgrammePage.objects.filter(pk__in=unread).values_list("pk", "definition")
    with _lock:
        for pk, definition in read:
            found[pk] = definition or {}
            key = unread[pk]
            if key is not None:
                _by_revision[key] = found[pk]
        while len(_by_revision) > CACHE_SIZE:
            _by_revision.popitem(last=False)
    return found


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
