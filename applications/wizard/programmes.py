"""The programme an application is for: its page of record and its live rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from cms.translated_text import in_language
from eligibility import service as eligibility_service
from eligibility.engine import CompiledProgramme, InvalidDefinition, city_today


@dataclass(frozen=True)
class Programme:
    slug: str
    definition: dict[str, Any]
    compiled: CompiledProgramme
    page: Any  # cms.models.ProgrammePage: the default-locale page of record

    def title(self, language: str | None = None) -> str:
        return in_language(self.definition.get("title"), language)

    def is_open(self, today: dt.date | None = None) -> bool:
        return self.compiled.is_open(today or city_today())

    def page_url(self, language: str | None = None) -> str:
        """The programme's public page in `language` when translated, else the page of record."""
        from wagtail.models import Locale

        page = self.page
        if language:
            locale = Locale.objects.filter(language_code=language).first()
            translation = page.get_translation_or_none(locale) if locale else None
            if translation is not None and translation.live:
                page = translation
        return page.url or ""


def live_programme(slug: str) -> Programme | None:
    """The live programme with this slug: the published rules of its page of record."""
    from cms.selectors import programme_page_by_slug

    page = programme_page_by_slug(slug)
    if page is None or not page.live:
        return None
    # The published revision is the version of record, the one a submission freezes.
    revision = page.live_revision
    definition = revision.as_object().definition if revision is not None else page.definition
    try:
        compiled = eligibility_service.compiled_programme(definition)
    except InvalidDefinition:
        return None
    return Programme(slug=slug, definition=definition, compiled=compiled, page=page)


def live_programme_or_404(slug: str) -> Programme:
    programme = live_programme(slug)
    if programme is None:
        raise Http404
    return programme
