"""The outbox: every letter and email a change owes is a row written in the change's own
transaction; the task does it once and marks it done; failures back off and end dead; the
sweeper queues again what is due and nothing else."""

import datetime as dt
import smtplib
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from applications.constants import ApplicationStatus, EventKind, OutboxKind, OutboxState
from applications.models import OutboxEntry
from applications.roles import CASEWORKERS, SENIOR_CASEWORKERS
from applications.services import notifications, outbox
from applications.tasks.emails import application_email_send
from desk.services import decision_approve, decision_reject
from desk.services.information import information_request_create
from letters.models import Letter
from letters.services import letters
from letters.tasks import letter_issue_task
from tests.factories.applications import SubmittedApplicationFactory
from tests.factories.desk import ProgrammeDeskFactory
from tests.factories.organisations import RepresentationFactory
from tests.helpers import member

pytestmark = pytest.mark.django_db

SLUG = "hospitality-direct-aid"
DEFINITION = {"title": {"es": "Ayuda directa a la hostelería"}, "benefit": "grant", "unit": "EUR"}


@pytest.fixture
def senior(db):
    ProgrammeDeskFactory(programme_slug=SLUG, four_eyes_threshold=Decimal("100000.00"))
    return member(CASEWORKERS, SENIOR_CASEWORKERS, username="senior-outbox")


def in_review(**fields):
    representation = RepresentationFactory()
    return SubmittedApplicationFactory(
        organisation=representation.organisation,
        programme_slug=SLUG,
        status=ApplicationStatus.IN_REVIEW,
        computed_amount=Decimal("1250.00"),
        programme_definition=DEFINITION,
        **fields,
    )


@pytest.fixture
def smtp_down(monkeypatch):
    """Every send fails as an SMTP server that hung up would."""

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)


def rows(application):
    return {entry.kind: entry for entry in OutboxEntry.objects.filter(application=application)}


# --- written with the change, gone with it ---------------------------------------------------


def test_a_decision_writes_its_letter_and_email_rows_in_its_own_transaction(
    senior, django_capture_on_commit_callbacks
):
    application = in_review()

    with django_capture_on_commit_callbacks() as queued:
        decision_approve(application=application, user=senior)

    entries = rows(application)
    assert set(entries) == {OutboxKind.LETTER, OutboxKind.EMAIL}
    letter_row, email_row = entries[OutboxKind.LETTER], entries[OutboxKind.EMAIL]
    assert (letter_row.subkind, email_row.subkind) == ("award", notifications.DECISION_MADE)
    assert letter_row.state == email_row.state == OutboxState.PENDING
    application.refresh_from_db()
    assert letter_row.source_key == letters.decision_key(application)
    # Only the letter is queued: the email goes once its letter exists.
    assert len(queued) == 1
    assert not Letter.objects.exists() and not mail.outbox


def test_a_decision_rolled_back_leaves_no_row(senior):
    application = in_review()

    with pytest.raises(RuntimeError), transaction.atomic():
        decision_reject(
            application=application, user=senior, reason_codes=["not_eligible"], text="No."
        )
        assert len(rows(application)) == 2  # written inside the transaction...
        raise RuntimeError("the request failed after the decision")

    assert not OutboxEntry.objects.exists()  # ...and gone with it
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW


def test_an_information_request_owes_its_email_and_its_letter(
    senior, django_capture_on_commit_callbacks
):
    application = in_review()

    with django_capture_on_commit_callbacks(execute=True):
        request = information_request_create(
            application=application,
            user=senior,
            message="Envíe el contrato de alquiler.",
            due_on=timezone.localdate() + dt.timedelta(days=10),
        )

    entries = rows(application)
    assert entries[OutboxKind.EMAIL].source_key == f"information_requested:{request.pk}"
    assert entries[OutboxKind.LETTER].source_key == f"request:{request.pk}"
    assert {entry.state for entry in entries.values()} == {OutboxState.DONE}
    assert len(mail.outbox) == 1


def test_a_submission_owes_its_receipt_in_its_own_transaction():
    from applications.services.submission import application_submit
    from tests.applications.submission_helpers import IN_WINDOW, draft, publish

    publish()
    application, user = draft()

    with pytest.raises(RuntimeError), transaction.atomic():
        application_submit(application=application, user=user, as_of=IN_WINDOW)
        # The registry receipt (a letter) and the confirmation email, owed with the submission.
        owed = {(e.kind, e.subkind) for e in OutboxEntry.objects.filter(application=application)}
        assert owed == {
            (OutboxKind.LETTER, "receipt"),
            (OutboxKind.EMAIL, notifications.SUBMISSION_RECEIVED),
        }
        raise RuntimeError("the request failed after the submission")

    assert not OutboxEntry.objects.exists()
    application.refresh_from_db()
    assert application.is_draft


def test_on_commit_the_tasks_issue_the_letter_send_the_email_and_mark_both_done(
    senior, django_capture_on_commit_callbacks
):
    application = in_review()

    with django_capture_on_commit_callbacks(execute=True):
        decision_approve(application=application, user=senior)

    letter = Letter.objects.get(application=application)
    (email,) = mail.outbox
    assert email.attachments == [] and f"/applications/{application.pk}/" in email.body
    for entry in rows(application).values():
        assert entry.state == OutboxState.DONE
        assert entry.done_at is not None
        assert entry.attempts == 0
    assert letter.kind == "award"


def test_a_decision_email_run_before_its_letter_waits_without_using_an_attempt(
    senior, django_capture_on_commit_callbacks
):
    application = in_review()
    with django_capture_on_commit_callbacks():  # the letter's task is lost
        decision_approve(application=application, user=senior)
    email_row = rows(application)[OutboxKind.EMAIL]

    assert application_email_send(email_row.pk) == OutboxState.PENDING

    email_row.refresh_from_db()
    assert email_row.attempts == 0
    assert "waiting for the award letter" in email_row.last_error
    assert email_row.next_attempt_at > timezone.now()
    assert not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        letter_issue_task(rows(application)[OutboxKind.LETTER].pk)

    email_row.refresh_from_db()
    assert email_row.state == OutboxState.DONE  # queued by the letter, not left to the sweep
    assert len(mail.outbox) == 1


# --- exactly once -------------------------------------------------------------------------------


def test_an_email_task_run_twice_sends_once(django_capture_on_commit_callbacks):
    application = in_review()
    with django_capture_on_commit_callbacks():
        notifications.application_notify(
            application=application, kind=notifications.SUBMISSION_RECEIVED
        )
    entry = OutboxEntry.objects.get()

    assert application_email_send(entry.pk) == OutboxState.DONE
    assert application_email_send(entry.pk) == OutboxState.DONE  # a redelivered message

    assert len(mail.outbox) == 1
    assert application.events.filter(kind=EventKind.EMAIL).count() == 1


def test_owing_the_same_email_twice_is_one_row_and_one_email(django_capture_on_commit_callbacks):
    application = in_review()

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notifications.application_notify(
                application=application, kind=notifications.INFORMATION_REMINDER, key="7"
            )

    assert OutboxEntry.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_email_sent_before_the_outbox_is_not_sent_again():
    application = in_review()
    application.events.create(
        kind=EventKind.EMAIL,
        from_status=application.status,
        to_status=application.status,
        data={"key": notifications.SUBMISSION_RECEIVED},
    )

    # A message queued before the outbox: (application id, kind, dedupe key, context).
    outcome = application_email_send(
        application.pk, notifications.SUBMISSION_RECEIVED, notifications.SUBMISSION_RECEIVED, {}
    )

    assert outcome == OutboxState.DONE
    assert not mail.outbox
    assert OutboxEntry.objects.get().state == OutboxState.DONE


def test_a_letter_message_queued_before_the_outbox_is_given_its_row(senior):
    application = in_review()
    with transaction.atomic():
        decision_approve(application=application, user=senior)
    OutboxEntry.objects.all().delete()  # as it was before the outbox
    application.refresh_from_db()

    letter_issue_task(application.pk, "award", letters.decision_key(application))
    letter_issue_task(application.pk, "award", letters.decision_key(application))

    assert Letter.objects.filter(application=application).count() == 1
    assert OutboxEntry.objects.get(kind=OutboxKind.LETTER).state == OutboxState.DONE


# --- failures, backoff, dead --------------------------------------------------------------------


def test_a_failing_send_backs_off_then_goes_dead(
    settings, smtp_down, django_capture_on_commit_callbacks
):
    settings.ONESTOP_OUTBOX_MAX_ATTEMPTS = 3
    settings.ONESTOP_OUTBOX_BACKOFF_SECONDS = 30
    application = in_review()

    with django_capture_on_commit_callbacks(execute=True):
        notifications.application_notify(
            application=application, kind=notifications.SUBMISSION_RECEIVED
        )

    entry = OutboxEntry.objects.get()
    assert (entry.state, entry.attempts) == (OutboxState.PENDING, 1)
    assert "SMTPServerDisconnected" in entry.last_error
    wait = entry.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=25) < wait <= dt.timedelta(seconds=30)

    assert outbox.outbox_sweep() == 0  # not due yet: its backoff is not over

    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.outbox_sweep(now=timezone.now() + dt.timedelta(seconds=31)) == 1
    entry.refresh_from_db()
    assert entry.attempts == 2
    wait = entry.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=55) < wait <= dt.timedelta(seconds=60)  # doubled

    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.outbox_sweep(now=timezone.now() + dt.timedelta(seconds=61)) == 1
    entry.refresh_from_db()
    assert (entry.state, entry.attempts) == (OutboxState.DEAD, 3)

    # Dead rows are left to staff: no sweep takes them again.
    assert outbox.outbox_sweep(now=timezone.now() + dt.timedelta(days=30)) == 0
    assert not mail.outbox
    assert not application.events.filter(kind=EventKind.EMAIL).exists()


def test_the_backoff_doubles_up_to_its_ceiling(settings):
    settings.ONESTOP_OUTBOX_BACKOFF_SECONDS = 30
    settings.ONESTOP_OUTBOX_BACKOFF_MAX_SECONDS = 200

    waits = [outbox.outbox_backoff(attempts).total_seconds() for attempts in range(1, 6)]

    assert waits == [30, 60, 120, 200, 200]


def test_an_email_with_nobody_to_send_to_fails_visibly(django_capture_on_commit_callbacks):
    application = SubmittedApplicationFactory(programme_definition=DEFINITION)  # no representative

    with django_capture_on_commit_callbacks(execute=True):
        notifications.application_notify(
            application=application, kind=notifications.SUBMISSION_RECEIVED
        )

    entry = OutboxEntry.objects.get()
    assert (entry.state, entry.attempts) == (OutboxState.PENDING, 1)
    assert "no recipient" in entry.last_error


# --- the sweeper --------------------------------------------------------------------------------


def test_the_sweeper_queues_again_the_due_rows_and_no_others(
    monkeypatch, django_capture_on_commit_callbacks
):
    now = timezone.now()
    lost, not_due, done, dead = (in_review() for _ in range(4))
    with django_capture_on_commit_callbacks():  # every task lost with the broker
        for application in (lost, not_due, done, dead):
            notifications.application_notify(
                application=application, kind=notifications.SUBMISSION_RECEIVED
            )
    entries = {entry.application_id: entry for entry in OutboxEntry.objects.all()}
    past = now - dt.timedelta(minutes=1)
    OutboxEntry.objects.filter(pk=entries[lost.pk].pk).update(next_attempt_at=past)
    OutboxEntry.objects.filter(pk=entries[done.pk].pk).update(
        next_attempt_at=past, state=OutboxState.DONE
    )
    OutboxEntry.objects.filter(pk=entries[dead.pk].pk).update(
        next_attempt_at=past, state=OutboxState.DEAD
    )
    queued = []
    monkeypatch.setattr(application_email_send, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.outbox_sweep(now=now) == 1

    assert queued == [entries[lost.pk].pk]
    swept = OutboxEntry.objects.get(pk=entries[lost.pk].pk)
    # Leased to the task just queued: the next sweep leaves it alone.
    assert swept.next_attempt_at == now + outbox.outbox_lease()
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.outbox_sweep(now=now + dt.timedelta(minutes=1)) == 0
    assert queued == [entries[lost.pk].pk]


def test_rows_whose_tasks_were_lost_are_done_by_the_sweep_once_their_lease_is_over(
    senior, django_capture_on_commit_callbacks
):
    decided = [in_review() for _ in range(3)]
    with django_capture_on_commit_callbacks():  # the broker restarted empty
        for application in decided:
            decision_approve(application=application, user=senior)
    assert OutboxEntry.objects.pending().count() == 6

    assert outbox.outbox_sweep() == 0  # still within the lease of their first queueing
    later = timezone.now() + outbox.outbox_lease() + dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.outbox_sweep(now=later) == 6

    assert not OutboxEntry.objects.pending().exists()
    assert Letter.objects.count() == 3
    assert len(mail.outbox) == 3


def test_the_sweep_runs_every_minute_and_no_task_outlives_the_visibility_timeout(settings):
    from applications.tasks.outbox import OUTBOX_TASK_LIMITS
    from onestop.celery import app

    (entry,) = [
        entry
        for entry in app.conf.beat_schedule.values()
        if entry["task"] == "applications.tasks.outbox.outbox_sweep_task"
    ]
    assert entry["schedule"] == 60.0
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility < 3600
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT < visibility
    assert OUTBOX_TASK_LIMITS["soft_time_limit"] < OUTBOX_TASK_LIMITS["time_limit"] < visibility
    for name in (
        "letters.tasks.letter_issue_task",
        "applications.tasks.emails.application_email_send",
    ):
        task = app.tasks[name]
        assert task.time_limit == OUTBOX_TASK_LIMITS["time_limit"]
        assert not getattr(task, "autoretry_for", ())  # the row keeps the retries


# --- the letter batch and draft reminders ---------------------------------------------------------


def test_the_batch_reads_its_progress_from_its_rows_and_a_failed_letter_retries(
    senior, monkeypatch, django_capture_on_commit_callbacks
):
    from letters.models import LetterBatch

    first, second = in_review(), in_review()
    for application in (first, second):
        with django_capture_on_commit_callbacks():  # decided, but both letters lost
            decision_approve(application=application, user=senior)
    real_issue = letters._issue_locked

    def failing_for_second(application, kind, source_key):
        if application.pk == second.pk:
            raise OSError("the fonts are not readable")
        return real_issue(application, kind, source_key)

    monkeypatch.setattr(letters, "_issue_locked", failing_for_second)

    with django_capture_on_commit_callbacks(execute=True):
        batch = letters.letter_batch_start(programme_slug=SLUG)

    batch = LetterBatch.objects.get(pk=batch.pk)
    # The rows the decisions wrote joined the batch: no second row for the same letter.
    assert OutboxEntry.objects.filter(kind=OutboxKind.LETTER).count() == 2
    assert (batch.total, batch.issued, batch.failed, batch.retrying) == (2, 1, 0, 1)
    assert batch.is_finished and batch.percent == 100
    assert Letter.objects.get().application_id == first.pk


def test_a_draft_whose_reminder_is_still_in_the_outbox_is_not_deleted(
    settings, monkeypatch, smtp_down, django_capture_on_commit_callbacks
):
    from applications.models import Application
    from applications.services.drafts_cleanup import drafts_clean_up
    from tests.factories.applications import ApplicationFactory

    settings.ONESTOP_DRAFT_RETENTION_DAYS = 30
    settings.ONESTOP_DRAFT_REMINDER_DAYS = 5
    representation = RepresentationFactory(user__email="rep@example.org")
    draft = ApplicationFactory(organisation=representation.organisation)
    Application.objects.filter(pk=draft.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=60)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert drafts_clean_up().reminded == 1  # marked reminded; the email failed
    later = timezone.now() + dt.timedelta(days=5, minutes=1)

    assert drafts_clean_up(now=later).deleted == 0
    assert Application.objects.filter(pk=draft.pk).exists()

    monkeypatch.undo()  # the mail server is back
    with django_capture_on_commit_callbacks(execute=True):
        outbox.outbox_sweep(now=later)
    assert len(mail.outbox) == 1
    assert drafts_clean_up(now=later).deleted == 1
