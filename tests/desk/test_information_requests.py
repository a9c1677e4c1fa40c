"""Requesting information: the applicant is emailed, a notice letter queued, the clock stops."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from applications.constants import ApplicationStatus as S
from applications.constants import EventKind
from applications.services.transitions import application_transition
from desk.services import DeskError, information_request_create

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def test_the_applicant_is_asked_emailed_and_a_letter_is_queued(
    people, in_review, letters, django_capture_on_commit_callbacks
):
    application = in_review()
    due_on = timezone.localdate() + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        request = information_request_create(
            application=application,
            user=people.caseworker,
            message="Send the rental contract, please.",
            due_on=due_on,
        )
    application.refresh_from_db()
    assert application.status == S.INFO_REQUESTED
    assert (request.message, request.due_on, request.requested_by) == (
        "Send the rental contract, please.",
        due_on,
        people.caseworker,
    )
    event = application.events.get(kind=EventKind.TRANSITION, to_status=S.INFO_REQUESTED)
    assert (event.actor, event.note, event.data) == (
        people.caseworker,
        "Send the rental contract, please.",
        {"due_on": due_on.isoformat(), "kind": "information"},
    )
    assert letters == [(application.pk, "information_request")]
    (email,) = mail.outbox
    assert email.to == [people.applicant.email]
    assert application.reference in email.subject
    assert "Send the rental contract, please." in email.body
    assert application.events.filter(
        kind=EventKind.EMAIL, data__key=f"information_requested:{request.pk}"
    ).exists()


def test_a_request_needs_a_message_and_a_future_date(people, in_review, letters):
    application = in_review()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DeskError):
        information_request_create(
            application=application, user=people.caseworker, message=" ", due_on=tomorrow
        )
    with pytest.raises(DeskError):
        information_request_create(
            application=application,
            user=people.caseworker,
            message="Why?",
            due_on=timezone.localdate(),
        )
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert not application.information_requests.exists()


@pytest.mark.parametrize("role", ["applicant", "editor", "anonymous"])
def test_only_desk_staff_request_information(people, in_review, letters, role):
    application = in_review()
    with pytest.raises(PermissionDenied):
        information_request_create(
            application=application,
            user=getattr(people, role),
            message="Why?",
            due_on=timezone.localdate() + datetime.timedelta(days=5),
        )


def test_information_cannot_be_requested_twice_at_once(people, in_review, letters):
    application = in_review()
    due_on = timezone.localdate() + datetime.timedelta(days=5)
    information_request_create(
        application=application, user=people.caseworker, message="One", due_on=due_on
    )
    with pytest.raises(DeskError):
        information_request_create(
            application=application, user=people.caseworker, message="Two", due_on=due_on
        )
    assert application.information_requests.count() == 1


def test_the_service_level_clock_stops_while_waiting_for_the_applicant(people, case, letters):
    """Submitted on 2 March with 30 days; 9 days waiting for the applicant: due 10 April."""
    from desk.services import case_claim

    with mock.patch("django.utils.timezone.now", return_value=NOW):
        application = case(submitted_at=NOW)
        case_claim(application=application, user=people.caseworker)
    with mock.patch("django.utils.timezone.now", return_value=NOW + datetime.timedelta(days=5)):
        information_request_create(
            application=application,
            user=people.caseworker,
            message="The contract",
            due_on=datetime.date(2026, 3, 20),
        )
    application.refresh_from_db()
    assert application.sla_paused_at == NOW + datetime.timedelta(days=5)
    answered = NOW + datetime.timedelta(days=14)
    with mock.patch("django.utils.timezone.now", return_value=answered):
        application_transition(
            application=application, action="answer_information", user=people.applicant
        )
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert application.sla_paused_at is None
    assert application.sla_paused_total == datetime.timedelta(days=9)
    assert application.sla_due_at == NOW + datetime.timedelta(days=30 + 9)


def test_the_request_form_proposes_ten_working_days(client, people, in_review, monkeypatch):
    from django.urls import reverse

    from desk.views import forms as desk_forms

    # Friday 27 March 2026: Easter (2, 3 and 6 April) and two weekends fall in the ten days.
    monkeypatch.setattr(desk_forms.timezone, "localdate", lambda: datetime.date(2026, 3, 27))
    form = desk_forms.InformationRequestForm()
    assert form.fields["due_on"].initial == datetime.date(2026, 4, 15)
    application = in_review()
    client.force_login(people.caseworker)
    page = client.get(reverse("desk:case", args=[application.pk])).content.decode()
    assert 'value="15/04/2026"' in page
