# ruff: noqa: F811 - fixtures imported from wizard_helpers are the tests' parameters
"""Drafts: one per organisation and programme, prefilled, saved step by step."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from applications.constants import ApplicationStatus, EventKind
from applications.models import Application
from applications.services.drafts import (
    DraftClosed,
    draft_declare,
    draft_save_step,
    draft_start,
)
from tests.applications.wizard_helpers import (
    HOSPITALITY,
    organisation_of,
)
from tests.factories.applications import ApplicationFactory, SubmittedApplicationFactory
from tests.factories.organisations import RepresentationFactory

pytestmark = pytest.mark.django_db


def _start(user, prefill=None) -> Application:
    return draft_start(
        organisation=organisation_of(user),
        programme_slug=HOSPITALITY,
        user=user,
        prefill=prefill,
    )


def test_a_new_draft_is_prefilled_with_what_the_programme_reads(applicant, hospitality):
    draft = _start(
        applicant,
        prefill={
            "tax_obligations_current": True,
            "de_minimis_declared": "not a number",  # refused by the rules: dropped
            "monthly_rent": "900.00",  # not read by this programme: dropped
            "district": "abando",  # the profile says deusto, and the profile wins
        },
    )
    assert draft.answers == {
        "employees": 5,
        "sector": "hospitality",
        "district": "deusto",
        "tax_obligations_current": True,
    }
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.events.get().kind == EventKind.CREATED


def test_starting_again_resumes_the_draft(applicant, hospitality):
    first = _start(applicant)
    assert _start(applicant, prefill={"debts_with_city": True}).pk == first.pk
    assert Application.objects.count() == 1


def test_the_database_holds_one_draft_per_organisation_and_programme(applicant, hospitality):
    first = _start(applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(organisation=first.organisation, programme_slug=HOSPITALITY)


def test_after_submitting_a_new_draft_can_be_started(applicant, hospitality):
    submitted = SubmittedApplicationFactory(organisation=organisation_of(applicant))
    assert _start(applicant).pk != submitted.pk


def test_only_a_representative_may_start_a_draft(applicant, hospitality):
    outsider = RepresentationFactory().user
    with pytest.raises(PermissionDenied):
        draft_start(
            organisation=organisation_of(applicant),
            programme_slug=HOSPITALITY,
            user=outsider,
        )


def test_an_unknown_programme_cannot_be_applied_for(applicant, hospitality):
    with pytest.raises(ValidationError):
        draft_start(organisation=organisation_of(applicant), programme_slug="nope", user=applicant)


def test_saving_a_step_merges_its_answers_and_marks_it_completed(applicant, hospitality):
    draft = _start(applicant)
    draft_save_step(
        application=draft,
        user=applicant,
        step="situation",
        answers={"tax_obligations_current": False, "debts_with_city": False},
        next_step="other-aid",
    )
    stored = Application.objects.get(pk=draft.pk)
    assert stored.answers["tax_obligations_current"] is False
    assert stored.answers["employees"] == 5
    assert stored.progress["completed"] == ["situation"]
    assert stored.progress["current_step"] == "other-aid"
    # The caller's instance sees what was saved.
    assert draft.answers == stored.answers

    draft_save_step(
        application=draft, user=applicant, step="situation", answers={"debts_with_city": None}
    )
    stored.refresh_from_db()
    assert "debts_with_city" not in stored.answers
    assert stored.progress["completed"] == ["situation"]


def test_an_answer_the_rules_refuse_is_not_saved(applicant, hospitality):
    draft = _start(applicant)
    with pytest.raises(ValidationError) as refused:
        draft_save_step(
            application=draft, user=applicant, step="organisation", answers={"employees": -3}
        )
    assert "employees" in refused.value.messages[0]
    draft.refresh_from_db()
    assert draft.answers["employees"] == 5


def test_a_submitted_application_is_not_changed_through_the_draft_services(applicant, hospitality):
    submitted = SubmittedApplicationFactory(organisation=organisation_of(applicant))
    with pytest.raises(DraftClosed):
        draft_save_step(
            application=submitted,
            user=applicant,
            step="situation",
            answers={"debts_with_city": True},
        )
    with pytest.raises(DraftClosed):
        draft_declare(application=submitted, user=applicant, accepted=True)


def test_only_a_representative_may_save_a_step(applicant, hospitality):
    draft = _start(applicant)
    with pytest.raises(PermissionDenied):
        draft_save_step(
            application=draft,
            user=RepresentationFactory().user,
            step="situation",
            answers={"debts_with_city": True},
        )


def test_the_declaration_is_recorded_with_who_and_when(applicant, hospitality):
    draft = _start(applicant)
    draft_declare(application=draft, user=applicant, accepted=True)
    draft.refresh_from_db()
    assert draft.progress["declaration"]["accepted"] is True
    assert draft.progress["declaration"]["by"] == applicant.pk
    draft_declare(application=draft, user=applicant, accepted=False)
    draft.refresh_from_db()
    assert "declaration" not in draft.progress
