"""What the screener needs from the apps around it, which those apps supply when they start.

The programmes of record are the CMS's, and the application form is applications': each
registers its provider here in its `AppConfig.ready`, so that eligibility imports neither and
the dependencies point one way, towards eligibility.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class PublishedProgramme:
    """A live programme page of record (default locale): its rules, window and page."""

    definition: Mapping[str, Any]
    status: str  # "open", "upcoming" or "closed" on the reference date
    opens_on: dt.date | None
    closes_on: dt.date | None
    page_id: int
    # What names this version of the rules (the live revision), by which eligibility keeps
    # them compiled; None when the page has no revision to key by.
    revision: Hashable | None = None


@dataclass(frozen=True)
class ProgrammeLink:
    title: str
    url: str


# Every live programme page of record, with its window state on `as_of`.
ProgrammesSource = Callable[[dt.date], Iterable[PublishedProgramme]]
# Each programme's title and address in `language`, by slug; `page_ids` are the pages of
# record, the fallback where a programme has no live translation.
LinksSource = Callable[[str, Collection[int]], Mapping[str, ProgrammeLink]]
# The address that starts an application to a programme, given its slug.
ApplyUrl = Callable[[str], str]

_providers: dict[str, Callable[..., Any]] = {}

# Checks of a definition that need what only another app knows (the CMS: that every activity
# code a rule names is in its list); each returns the engine's DefinitionErrors.
DefinitionCheck = Callable[[Mapping[str, Any]], Iterable[Any]]
_definition_checks: dict[str, DefinitionCheck] = {}


def register_definition_check(name: str, check: DefinitionCheck) -> None:
    """Run `check` on every definition validated through eligibility.service (saving a
    programme page, the rule editor, imports); registering the same name again replaces it."""
    _definition_checks[name] = check


def definition_checks() -> tuple[DefinitionCheck, ...]:
    return tuple(_definition_checks.values())


def register_programme_source(*, programmes: ProgrammesSource, links: LinksSource) -> None:
    _providers["programmes"] = programmes
    _providers["links"] = links


def register_apply_url(builder: ApplyUrl) -> None:
    _providers["apply_url"] = builder


def published_programmes(*, as_of: dt.date) -> Iterable[PublishedProgramme]:
    return _provider("programmes")(as_of)


def programme_links(*, language: str, page_ids: Collection[int]) -> Mapping[str, ProgrammeLink]:
    return _provider("links")(language, page_ids)


def apply_url(slug: str) -> str:
    return _provider("apply_url")(slug)


def _provider(name: str) -> Callable[..., Any]:
    try:
        return _providers[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"No {name} provider is registered for eligibility: the app that owns it must "
            "register it in its AppConfig.ready."
        ) from None
