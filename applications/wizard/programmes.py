"""The programme an application is for: the programme of record, when it takes applications."""

from __future__ import annotations

from django.http import Http404

from cms.services.programme_of_record import ProgrammeOfRecord, programme_of_record


def live_programme(slug: str) -> ProgrammeOfRecord | None:
    """The published programme with this slug, if its rules compile: the wizard evaluates
    them at every step, so rules it cannot evaluate take no applications."""
    programme = programme_of_record(slug=slug)
    if programme is None or programme.compiled is None:
        return None
    return programme


def live_programme_or_404(slug: str) -> ProgrammeOfRecord:
    programme = live_programme(slug)
    if programme is None:
        raise Http404
    return programme
