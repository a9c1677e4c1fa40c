# ruff: noqa: F811 - fixtures imported from wizard_helpers are the tests' parameters
"""Check your answers: the summary with change links, the documents, the outcome on these
answers, the declaration, and submitting (or being told why not, losing nothing)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.constants import ApplicationStatus
from applications.models import Application
from cms.selectors import programme_page_by_slug
from tests.applications.wizard_helpers import (
    HOSPITALITY,
    SITUATION_ANSWERS,
    organisation_of,
    pdf,
    sign_in,
    step_post,
    step_url,
)

pytestmark = pytest.mark.django_db


def _answer_everything(
    client, user, *, situation=SITUATION_ANSWERS, documents=("iae", "bank_account")
):
    sign_in(client, user)
    client.post(reverse("applications:apply_start", args=[HOSPITALITY]))
    application = Application.objects.get(organisation=organisation_of(user))
    client.post(step_url(application, "organisation"), step_post("organisation", {}))
    client.post(step_url(application, "situation"), step_post("situation", situation))
    client.post(
        step_url(application, "other-aid"), step_post("other-aid", {"de_minimis_declared": "0"})
    )
    for code in documents:
        client.post(step_url(application, "documents"), {"upload": code, f"{code}-file": pdf()})
    response = client.post(
        step_url(application, "documents"), {"application_wizard-current_step": "documents"}
    )
    check = reverse("applications:application_check", args=[application.pk])
    if set(documents) >= {"iae", "bank_account"}:
        assert response["Location"] == check
    else:
        # The documents page keeps the applicant until they are all there; the check page,
        # reached from the task list, still refuses to submit without them.
        assert response.status_code == 200
    return application, check


def test_the_summary_lists_every_answer_with_a_link_to_change_it(client, applicant, hospitality):
    application, check = _answer_everything(client, applicant)
    response = client.get(check)
    assert response.status_code == 200
    page = response.content.decode()
    sections = response.context["sections"]
    assert [section.step.name for section in sections] == ["organisation", "situation", "other-aid"]
    rows = {row.fact: row for section in sections for row in section.rows}
    assert set(rows) == {
        "employees",
        "sector",
        "district",
        "tax_obligations_current",
        "social_security_current",
        "debts_with_city",
        "de_minimis_declared",
    }
    assert rows["debts_with_city"].answer == "No"
    assert rows["district"].answer == "Deusto"
    assert rows["debts_with_city"].change_url == step_url(
        application, "situation", **{"return": "check"}
    )
    assert f'href="{step_url(application, "situation", **{"return": "check"})}"' in page
    # The documents, each with its files.
    documents = response.context["documents"]
    assert [(row.code, [d.original_name for d in row.uploaded]) for row in documents] == [
        ("iae", ["certificado.pdf"]),
        ("bank_account", ["certificado.pdf"]),
    ]
    assert "Certificado de titularidad de la cuenta bancaria" in page
    # The outcome on these answers, plainly.
    assert "1.250,00 €" in page


def test_an_outcome_against_the_applicant_is_explained_and_submitting_is_still_possible(
    client, applicant, hospitality
):
    answers = {**SITUATION_ANSWERS, "debts_with_city": "true"}
    application, check = _answer_everything(client, applicant, situation=answers)
    page = client.get(check).content.decode()
    assert "Tener deudas pendientes con el Ayuntamiento impide recibir esta ayuda." in page
    response = client.post(check, {"declaration": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_declaration_is_required(client, applicant, hospitality):
    application, check = _answer_everything(client, applicant)
    response = client.post(check, {})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_declaration"' in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_a_missing_required_document_is_an_error_linking_to_the_documents_step(
    client, applicant, hospitality
):
    application, check = _answer_everything(client, applicant, documents=("iae",))
    response = client.post(check, {"declaration": "on"})
    assert response.status_code == 400
    page = response.content.decode()
    documents = step_url(application, "documents", **{"return": "check"})
    assert f'<a href="{documents}">' in page
    assert "Certificado de titularidad de la cuenta bancaria" in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_an_unanswered_section_is_an_error_linking_to_it(client, applicant, hospitality):
    sign_in(client, applicant)
    client.post(reverse("applications:apply_start", args=[HOSPITALITY]))
    application = Application.objects.get()
    check = reverse("applications:application_check", args=[application.pk])
    page = client.post(check, {"declaration": "on"}).content.decode()
    assert f'<a href="{step_url(application, "situation", **{"return": "check"})}">' in page
    assert f'<a href="{step_url(application, "other-aid", **{"return": "check"})}">' in page


def test_submitting_leads_to_the_confirmation(client, applicant, hospitality):
    application, check = _answer_everything(client, applicant)
    response = client.post(check, {"declaration": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "applications:application_confirmation", args=[application.pk]
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.reference
    assert application.progress["declaration"]["accepted"] is True
    # The wizard is closed now: its pages lead to the confirmation.
    assert client.get(check)["Location"] == response["Location"]


def test_a_refused_submission_shows_why_and_loses_nothing(client, applicant, hospitality):
    application, check = _answer_everything(client, applicant)
    answers = Application.objects.get(pk=application.pk).answers
    page = programme_page_by_slug(HOSPITALITY)
    page.definition = {**page.definition, "window": {"opens": "2020-01-01", "closes": "2020-12-31"}}
    page.save_revision().publish()

    response = client.post(check, {"declaration": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert response.context["refusal"]
    assert response.context["refusal"] in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.answers == answers
    assert application.documents.count() == 2
    # The declaration given is kept for when the applicant comes back.
    assert application.progress["declaration"]["accepted"] is True


def test_a_refusal_naming_answers_links_to_their_step(client, applicant, hospitality, monkeypatch):
    from applications.services import submission

    application, check = _answer_everything(client, applicant)

    def refuse(*, application, user, **kwargs):
        raise submission.SubmissionRefused(
            "Revise sus deudas.", code=submission.INVALID_ANSWERS, facts=("debts_with_city",)
        )

    monkeypatch.setattr(submission, "application_submit", refuse)
    response = client.post(check, {"declaration": "on"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Revise sus deudas." in page
    assert f'<a href="{step_url(application, "situation", **{"return": "check"})}">' in page


def test_declaring_and_submitting_is_one_write_in_one_transaction(
    client, applicant, hospitality, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from applications.services import drafts

    application, check = _answer_everything(client, applicant)

    def no_separate_declaration(**kwargs):
        raise AssertionError("the declaration is recorded by the submission itself")

    monkeypatch.setattr(drafts, "draft_declare", no_separate_declaration)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(check, {"declaration": "on", "evidence_0": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.progress["declaration"]["accepted"] is True
    assert application.progress["declaration"]["by"] == applicant.pk
    # The application row is written once: declaration, answers and status together.
    updates = [
        query for query in queries if query["sql"].startswith('UPDATE "applications_application"')
    ]
    assert len(updates) == 1
    print("check page POST:", len(queries), "queries")
