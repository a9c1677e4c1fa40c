"""The batch of missing letters, and reminders of unanswered information requests."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from applications.constants import ApplicationStatus
from applications.services.information_reminders import information_reminders_send
from letters.models import Letter, LetterBatch
from letters.services import letters
from tests.factories.applications import InformationRequestFactory

pytestmark = pytest.mark.django_db


def test_the_batch_issues_every_missing_letter_once(
    make_decided, django_capture_on_commit_callbacks
):
    approved = [make_decided() for _ in range(3)]
    rejected = make_decided(status=ApplicationStatus.REJECTED)
    make_decided(status=ApplicationStatus.IN_REVIEW)  # undecided: no letter
    letters.letter_issue(
        application_id=approved[0].pk,
        kind="award",
        source_key=letters.decision_key(approved[0]),
    )

    with django_capture_on_commit_callbacks(execute=True):
        batch = letters.letter_batch_start(programme_slug="hospitality-direct-aid")

    batch.refresh_from_db()
    assert (batch.total, batch.issued, batch.failed) == (3, 3, 0)
    assert batch.is_finished and batch.percent == 100
    assert Letter.objects.count() == 4
    assert Letter.objects.get(application=rejected).kind == "rejection"

    with django_capture_on_commit_callbacks(execute=True):
        again = letters.letter_batch_start(programme_slug="hospitality-direct-aid")

    again.refresh_from_db()
    assert (again.total, again.issued) == (0, 0)
    assert Letter.objects.count() == 4


def test_a_finished_batch_run_again_does_nothing(make_decided):
    make_decided()
    batch = LetterBatch.objects.create(programme_slug="hospitality-direct-aid")
    letters.letter_batch_run(batch_id=batch.pk)
    make_decided()

    letters.letter_batch_run(batch_id=batch.pk)  # a redelivered message

    batch.refresh_from_db()
    assert batch.issued == 1


def _open_request(make_decided, *, due_in_days, language="es"):
    application = make_decided(status=ApplicationStatus.INFO_REQUESTED, language=language)
    return InformationRequestFactory(
        application=application,
        message="Envíe el contrato de alquiler.",
        due_on=timezone.localdate() + dt.timedelta(days=due_in_days),
    )


def test_a_request_due_soon_is_reminded_once_in_the_applicants_language(
    make_decided, django_capture_on_commit_callbacks
):
    request = _open_request(make_decided, due_in_days=2, language="eu")
    _open_request(make_decided, due_in_days=10)  # not yet
    answered = _open_request(make_decided, due_in_days=1)
    answered.answered_at = timezone.now()
    answered.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert information_reminders_send() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert information_reminders_send() == 0

    request.refresh_from_db()
    assert request.reminder_sent_at is not None
    (email,) = mail.outbox
    assert request.application.reference in email.subject
    assert "Envíe el contrato de alquiler." in email.body
    assert email.to == [request.application.organisation.representations.get().user.email]


def test_an_overdue_request_is_not_reminded(make_decided):
    _open_request(make_decided, due_in_days=-1)

    assert information_reminders_send() == 0
