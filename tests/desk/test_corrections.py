"""Requests to correct an application (subsanación): ten working days proposed, a letter
that warns of the consequence, and, when the last day passes unanswered, the application
closed as withdrawn (desistimiento, Ley 39/2015 art. 68.1) by the daily task, with its
decision letter; an answer in time, or a plain request for information, closes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.constants import ApplicationStatus as S
from applications.constants import EventKind
from applications.services.applicant_actions import information_request_answer
from applications.services.corrections import corrections_lapse
from desk.services import information_request_create
from tests.letters.letter_helpers import pdf_text

pytestmark = pytest.mark.django_db


def _request(people, in_review, *, kind="correction", days=10):
    application = in_review()
    due_on = timezone.localdate() + datetime.timedelta(days=days)
    request = information_request_create(
        application=application,
        user=people.caseworker,
        message="Falta el certificado de estar al corriente con la Seguridad Social.",
        due_on=due_on,
        kind=kind,
    )
    return application, request


def test_an_unanswered_correction_closes_the_application_as_withdrawn(people, in_review, letters):
    application, request = _request(people, in_review)
    # On its last day the applicant can still answer: nothing closes.
    assert corrections_lapse(today=request.due_on) == []
    closed = corrections_lapse(today=request.due_on + datetime.timedelta(days=1))
    assert [item.pk for item in closed] == [application.pk]
    application.refresh_from_db()
    request.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert application.withdrawn_at is not None and application.decided_at is not None
    assert request.lapsed_at is not None and not request.is_open
    event = application.events.get(kind=EventKind.TRANSITION, to_status=S.WITHDRAWN)
    assert (event.actor, event.from_status) == (None, S.INFO_REQUESTED)
    assert "68.1" in event.note and event.data["information_request"] == request.pk
    assert letters[-1] == (application.pk, "withdrawal")
    # A second run (or two at once) closes nothing more.
    assert corrections_lapse(today=request.due_on + datetime.timedelta(days=2)) == []
    assert letters.count((application.pk, "withdrawal")) == 1


def test_a_correction_answered_in_time_or_a_request_for_information_never_lapses(
    people, in_review, letters
):
    answered, correction = _request(people, in_review)
    information_request_answer(
        information_request=correction, user=people.applicant, answer="Adjunto el certificado."
    )
    _plain, information = _request(people, in_review, kind="information")
    later = correction.due_on + datetime.timedelta(days=30)
    assert corrections_lapse(today=later) == []
    answered.refresh_from_db()
    assert answered.status == S.IN_REVIEW
    assert _plain.__class__.objects.get(pk=_plain.pk).status == S.INFO_REQUESTED


def test_the_request_and_the_withdrawal_letters_say_what_happens_and_why(people, in_review):
    from letters.services.letters import decision_key, letter_issue

    application, request = _request(people, in_review)
    notice = letter_issue(
        application_id=application.pk,
        kind="information_request",
        source_key=f"request:{request.pk}",
    )
    text = pdf_text(notice.pdf.read())
    assert "68.1" in text and "desistido" in text
    corrections_lapse(today=request.due_on + datetime.timedelta(days=1))
    application.refresh_from_db()
    letter = letter_issue(
        application_id=application.pk, kind="withdrawal", source_key=decision_key(application)
    )
    text = " ".join(pdf_text(letter.pdf.read()).split())
    assert application.reference in text
    assert "desistido" in text and "68.1" in text
    assert "Seguridad Social" in text  # what was asked


def test_the_desk_asks_for_a_correction_from_the_case_page(client, people, in_review):
    application = in_review()
    client.force_login(people.caseworker)
    page = client.get(reverse("desk:case", args=[application.pk])).content.decode()
    assert 'name="request_information-kind" value="correction"' in page
    due_on = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(
        reverse("desk:case_action", args=[application.pk, "request_information"]),
        {
            "request_information-kind": "correction",
            "request_information-message": "Corrija el NIF del representante.",
            "request_information-due_on": due_on.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    request = application.information_requests.get()
    assert (request.kind, request.due_on) == ("correction", due_on)


def test_an_applicant_cannot_lapse_an_application_themselves(people, in_review):
    from django.core.exceptions import PermissionDenied
    from django.db import transaction

    from applications.services.transitions import apply_transition, locked_application

    application, _request_ = _request(people, in_review)
    with pytest.raises(PermissionDenied), transaction.atomic():
        apply_transition(locked_application(application.pk), "lapse", user=people.applicant)
    application.refresh_from_db()
    assert application.status == S.INFO_REQUESTED
