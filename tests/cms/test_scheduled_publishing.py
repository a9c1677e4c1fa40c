"""Pages go live and expire at their scheduled times through the Celery task."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Revision

from cms.models import ProgrammePage
from cms.tasks import publish_scheduled_pages
from demo.content import demo_users_ensure
from onestop.celery import app
from tests.factories.cms import ProgrammePageFactory

pytestmark = pytest.mark.django_db


def time_passes(revision: Revision, page: ProgrammePage, *, to: datetime.datetime) -> None:
    """Move a schedule into the past, as if the clock had reached it."""
    revision.refresh_from_db()
    revision.approved_go_live_at = to
    revision.content["go_live_at"] = to.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    ProgrammePage.objects.filter(pk=page.pk).update(go_live_at=to)


def test_an_approved_revision_goes_live_when_its_time_has_come():
    page = ProgrammePageFactory()
    page.definition = {**page.definition, "budget": "4000000.00"}
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()  # an approval with a go-live date in the future: scheduled

    page.refresh_from_db()
    assert page.definition["budget"] == "3255000.00"
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at is not None

    publish_scheduled_pages()  # too early: nothing changes
    page.refresh_from_db()
    assert page.definition["budget"] == "3255000.00"

    time_passes(revision, page, to=timezone.now() - datetime.timedelta(minutes=1))
    publish_scheduled_pages.delay()  # eager in tests, as without a broker

    page.refresh_from_db()
    assert page.live
    assert page.definition["budget"] == "4000000.00"
    assert page.live_revision_id == revision.pk
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at is None

    publish_scheduled_pages()  # again: idempotent
    page.refresh_from_db()
    assert page.live_revision_id == revision.pk


def test_a_change_by_an_editor_scheduled_by_an_approver_goes_live_in_every_language():
    demo_users_ensure()
    users = get_user_model().objects.in_bulk(["editor", "approver"], field_name="username")
    page = ProgrammePageFactory()
    page.definition = {**page.definition, "budget": "4000000.00"}
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision(user=users["editor"])
    revision.publish(user=users["approver"])

    time_passes(revision, page, to=timezone.now() - datetime.timedelta(minutes=1))
    publish_scheduled_pages()

    page.refresh_from_db()
    assert page.definition["budget"] == "4000000.00"
    for translation in page.get_translations():
        assert translation.live
        assert translation.specific.definition["budget"] == "4000000.00"


def test_a_new_programme_page_scheduled_for_later_is_not_live_until_then():
    page = ProgrammePageFactory(publish=False)
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = page.save_revision()
    revision.publish()

    page.refresh_from_db()
    assert not page.live

    time_passes(revision, page, to=timezone.now() - datetime.timedelta(seconds=1))
    publish_scheduled_pages()

    page.refresh_from_db()
    assert page.live


def test_a_page_past_its_expiry_is_unpublished():
    page = ProgrammePageFactory()
    ProgrammePage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    publish_scheduled_pages()

    page.refresh_from_db()
    assert not page.live
    assert page.expired


def test_celery_beat_runs_the_task_every_minute():
    entries = [
        entry
        for entry in app.conf.beat_schedule.values()
        if entry["task"] == "cms.tasks.publish_scheduled_pages"
    ]

    assert len(entries) == 1
    assert entries[0]["schedule"] == 60.0
    assert publish_scheduled_pages.name in app.tasks
