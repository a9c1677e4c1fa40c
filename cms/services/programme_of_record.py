"""The programme of record: what a programme's published page says its rules are now.

A programme is one page per language; the page in the default language is the one of record,
and its live revision is the version of the rules that applications are started, checked and
submitted against, and that a submission freezes by its id.

Reading a revision means deserialising the whole page from its JSON (`Revision.as_object`),
and one request may ask for the same programme several times. So each published revision is
read once per process and kept here, keyed by its id: every call still asks the database,
in one small query, which revision is live now, so a revision published by another process is
seen at once too. A revision never changes once saved, so an entry cannot go stale; the cache
is emptied on every publication and unpublication anyway, to stay small. Behind it, the
shared cache holds each revision's definition for processes that have not read it yet.

The key is the revision's id *and* its creation time: ids are reused by a database that is
rolled back or created anew (each test does so), and the time tells such a revision apart
from the one of the same id that was read before.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Revision

from cms.constants import WindowStatus
from cms.models import ProgrammePage
from eligibility import service as eligibility_service
from eligibility.engine import LANGUAGES, CompiledProgramme, InvalidDefinition, city_today
from onestop.i18n import text_in_language

CACHE_SIZE = 256
# The shared cache (Redis in production) keeps each revision's definition for the processes
# that have not read it yet: a worker started on launch morning does not deserialise every
# programme's revision again. An entry never goes stale (its key is the revision's), so it
# only has to outlive the programme's busy days.
SHARED_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class ProgrammeOfRecord:
    """A programme as its page of record holds it; shared between requests, never to be
    changed (its definition included)."""

    slug: str
    page_id: int
    # The live revision; None for a page made live without one, or shown unpublished.
    revision_id: int | None
    published: bool
    definition: Mapping[str, Any]
    # None when the rules do not compile (publishing refuses such rules; older ones may not).
    compiled: CompiledProgramme | None
    titles: Mapping[str, str]
    language: str  # the language of the page of record

    def title(self, language: str | None = None) -> str:
        """The title in `language` (the active one by default), else in Spanish."""
        return text_in_language(self.definition.get("title"), language)

    def is_open(self, today: dt.date | None = None) -> bool:
        """Whether the window takes applications; rules that do not compile take none."""
        return self.compiled is not None and self.compiled.is_open(today or city_today())

    def window_status(self, today: dt.date | None = None) -> WindowStatus:
        today = today or city_today()
        if self.compiled is not None and today < self.compiled.opens:
            return WindowStatus.UPCOMING
        if self.is_open(today):
            return WindowStatus.OPEN
        return WindowStatus.CLOSED

    def page_url(self, language: str | None = None) -> str:
        """The public page in `language` when translated and live, else the page of record."""
        # Read when asked, not cached: a translation's address and state change without a
        # new revision of the page of record.
        page = ProgrammePage.objects.get(pk=self.page_id)
        if language:
            locale = Locale.objects.filter(language_code=language).first()
            translation = page.get_translation_or_none(locale) if locale else None
            if translation is not None and translation.live:
                page = translation
        return page.url or ""


def programme_of_record(
    *, slug: str, include_unpublished: bool = False
) -> ProgrammeOfRecord | None:
    """The published programme with this slug, or None.

    With `include_unpublished`, an unpublished programme is given too, as its page holds it
    (the version last published, or the first one written).
    """
    return programmes_of_record(slugs=[slug], include_unpublished=include_unpublished).get(slug)


def programmes_of_record(
    *, slugs: Iterable[str], include_unpublished: bool = False
) -> dict[str, ProgrammeOfRecord]:
    """`programme_of_record` for many slugs at once, by slug, in one query when all their
    revisions have been read before."""
    wanted = set(slugs)
    if not wanted:
        return {}
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    rows = (
        ProgrammePage.objects.filter(programme_slug__in=wanted, locale__language_code=language)
        .order_by("pk")
        .values("pk", "programme_slug", "live", "live_revision_id", "live_revision__created_at")
    )
    first: dict[str, dict[str, Any]] = {}
    for row in rows:
        first.setdefault(row["programme_slug"], row)  # as a lookup by slug finds it
    pages = {slug: row for slug, row in first.items() if row["live"] or include_unpublished}
    found: dict[str, ProgrammeOfRecord] = {}
    unread: dict[str, dict[str, Any]] = {}
    for slug, row in pages.items():
        record = _cached(_key(row))
        if record is None:
            unread[slug] = row
        else:
            found[slug] = record
    if unread:
        found.update(_programmes_read(unread, language=language))
    return found


def programme_of_record_cache_clear(**kwargs) -> None:
    """Forget every revision read; connected to Wagtail's page_published and
    page_unpublished signals."""
    with _lock:
        _records.clear()


_records: OrderedDict[tuple[int, dt.datetime], ProgrammeOfRecord] = OrderedDict()
_lock = threading.Lock()


def _key(row: Mapping[str, Any]) -> tuple[int, dt.datetime] | None:
    if not row["live"] or row["live_revision_id"] is None:
        return None  # read from the page row, which is cheap and has no version to key by
    return (row["live_revision_id"], row["live_revision__created_at"])


def _shared_key(row: Mapping[str, Any]) -> str:
    revision_id, created_at = _key(row)
    return f"cms:programme-of-record:{revision_id}:{created_at.timestamp()}"


def _cached(key) -> ProgrammeOfRecord | None:
    if key is None:
        return None
    with _lock:
        record = _records.get(key)
        if record is not None:
            _records.move_to_end(key)
        return record


def _remember(key, record: ProgrammeOfRecord) -> None:
    with _lock:
        _records[key] = record
        _records.move_to_end(key)
        while len(_records) > CACHE_SIZE:
            _records.popitem(last=False)


def _programmes_read(
    rows: dict[str, dict[str, Any]], *, language: str
) -> dict[str, ProgrammeOfRecord]:
    keyed = {slug: row for slug, row in rows.items() if _key(row) is not None}
    shared = cache.get_many([_shared_key(row) for row in keyed.values()])
    revisions = Revision.objects.in_bulk(
        [row["live_revision_id"] for row in keyed.values() if _shared_key(row) not in shared]
    )
    unversioned = [row["pk"] for slug, row in rows.items() if slug not in keyed]
    row_definitions = dict(
        ProgrammePage.objects.filter(pk__in=unversioned).values_list("pk", "definition")
    )
    found = {}
    for slug, row in rows.items():
        if slug in keyed and _shared_key(row) in shared:
            definition = shared[_shared_key(row)]
        elif slug in keyed:
            # The published revision, not the page row: the row is what Wagtail serves live
            # too, but the revision is the version of the rules with an id to freeze.
            definition = revisions[row["live_revision_id"]].as_object().definition
            cache.set(_shared_key(row), definition, SHARED_SECONDS)
        else:
            definition = row_definitions[row["pk"]]
        record = _record(slug, row, definition or {}, language=language)
        if slug in keyed:
            _remember(_key(row), record)
        found[slug] = record
    return found


def _record(
    slug: str, row: Mapping[str, Any], definition: dict[str, Any], *, language: str
) -> ProgrammeOfRecord:
    try:
        compiled = eligibility_service.compiled_programme(definition)
    except InvalidDefinition:
        compiled = None
    title = definition.get("title")
    return ProgrammeOfRecord(
        slug=slug,
        page_id=row["pk"],
        revision_id=row["live_revision_id"] if row["live"] else None,
        published=row["live"],
        definition=definition,
        compiled=compiled,
        titles={code: text_in_language(title, code) for code in LANGUAGES},
        language=language,
    )
