"""Abandoned drafts: one reminder before the end of the retention period, then deletion with
their stored files; drafts in use and submitted applications are never touched."""

import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from applications.constants import EventKind
from applications.models import Application, ApplicationDocument
from applications.services.drafts_cleanup import drafts_clean_up
from applications.tasks.drafts import drafts_clean_up_task
from tests.applications.my_applications_helpers import stored_document, submitted_application
from tests.factories.applications import ApplicationFactory
from tests.factories.organisations import RepresentationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _short_retention(settings):
    settings.ONESTOP_DRAFT_RETENTION_DAYS = 30
    settings.ONESTOP_DRAFT_REMINDER_DAYS = 5


def _untouched_for(application, days):
    """As if last saved `days` ago (update() leaves auto_now alone)."""
    when = timezone.now() - days * DAY
    Application.objects.filter(pk=application.pk).update(updated_at=when)
    application.refresh_from_db()
    return application


@pytest.fixture
def representation():
    return RepresentationFactory(user__email="rep@example.org")


def test_a_draft_near_the_end_of_retention_is_reminded_once(
    demo_site, representation, django_capture_on_commit_callbacks
):
    draft = _untouched_for(ApplicationFactory(organisation=representation.organisation), 26)
    with django_capture_on_commit_callbacks(execute=True):
        result = drafts_clean_up()
    assert (result.reminded, result.deleted) == (1, 0)
    (email,) = mail.outbox
    assert email.to == ["rep@example.org"]
    # Drafts have no frozen definition: the title is the live programme page's.
    assert "Ayuda directa a la hostelería" in email.subject
    assert "/es/applications/" in email.body
    draft.refresh_from_db()
    assert draft.draft_reminder_sent_at is not None
    assert draft.updated_at < timezone.now() - 25 * DAY, "the reminder restarts no clock"
    with django_capture_on_commit_callbacks(execute=True):
        again = drafts_clean_up()
    assert again.reminded == 0
    assert len(mail.outbox) == 1


def test_a_recently_saved_draft_and_submitted_applications_are_left_alone(representation):
    recent = _untouched_for(ApplicationFactory(organisation=representation.organisation), 10)
    submitted = _untouched_for(submitted_application(representation.organisation), 400)
    result = drafts_clean_up(now=timezone.now())
    assert (result.reminded, result.deleted) == (0, 0)
    assert Application.objects.filter(pk__in=[recent.pk, submitted.pk]).count() == 2


def test_a_draft_past_retention_is_deleted_with_its_files(
    representation, django_capture_on_commit_callbacks
):
    draft = ApplicationFactory(organisation=representation.organisation)
    document = stored_document(draft)
    path = Path(document.file.path)
    assert path.exists()
    _untouched_for(draft, 31)
    Application.objects.filter(pk=draft.pk).update(draft_reminder_sent_at=timezone.now() - 6 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        result = drafts_clean_up()
    assert (result.deleted, result.files_deleted) == (1, 1)
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not ApplicationDocument.objects.filter(pk=document.pk).exists()
    assert not path.exists()


def test_nobody_loses_a_draft_without_a_reminder_first(
    representation, django_capture_on_commit_callbacks
):
    """The task did not run for weeks: the draft is past retention but was never reminded."""
    draft = _untouched_for(ApplicationFactory(organisation=representation.organisation), 60)
    with django_capture_on_commit_callbacks(execute=True):
        first = drafts_clean_up()
    assert (first.reminded, first.deleted) == (1, 0)
    assert Application.objects.filter(pk=draft.pk).exists()
    later = timezone.now() + 5 * DAY + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        second = drafts_clean_up(now=later)
    assert (second.reminded, second.deleted) == (0, 1)
    assert not Application.objects.filter(pk=draft.pk).exists()


def test_a_draft_saved_after_its_reminder_is_kept_and_reminded_again_later(
    representation, django_capture_on_commit_callbacks
):
    draft = _untouched_for(ApplicationFactory(organisation=representation.organisation), 26)
    with django_capture_on_commit_callbacks(execute=True):
        drafts_clean_up()
    draft.refresh_from_db()
    draft.answers = {"employees": 4}
    draft.save()  # the applicant came back: a new spell of inactivity starts
    in_40_days = timezone.now() + 40 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        result = drafts_clean_up(now=in_40_days)
    assert (result.reminded, result.deleted) == (1, 0)
    assert Application.objects.filter(pk=draft.pk).exists()
    assert len(mail.outbox) == 2
    keys = set(draft.events.filter(kind=EventKind.EMAIL).values_list("data__key", flat=True))
    assert len(keys) == 2


def test_the_periodic_task_reports_what_it_did(representation, django_capture_on_commit_callbacks):
    _untouched_for(ApplicationFactory(organisation=representation.organisation), 26)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = drafts_clean_up_task.delay().get()
    assert outcome == {"reminded": 1, "deleted": 0, "files_deleted": 0}


def test_the_task_is_in_the_daily_beat_schedule():
    from onestop.celery import app

    entries = [entry["task"] for entry in app.conf.beat_schedule.values()]
    assert "applications.tasks.drafts.drafts_clean_up" in entries
