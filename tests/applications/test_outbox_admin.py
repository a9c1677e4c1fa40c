"""The outbox page in the admin: senior caseworkers and superusers see the failed and late
letters and emails with their errors, filter them, and send one again (POST, CSRF, audited);
nobody else sees it or retries."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications import roles
from applications.constants import EventKind, OutboxKind, OutboxState
from applications.models import OutboxEntry
from applications.services import notifications, outbox
from cms.roles import POLICY_EDITORS
from tests.factories.accounts import UserFactory
from tests.factories.applications import SubmittedApplicationFactory
from tests.factories.organisations import RepresentationFactory
from tests.helpers import admin_staff

pytestmark = pytest.mark.django_db

URL = "/admin/outbox/"


def owed(kind=notifications.SUBMISSION_RECEIVED, *, state=OutboxState.PENDING, **fields):
    """An email row of a new application, as its task left it."""
    representation = RepresentationFactory()
    application = SubmittedApplicationFactory(organisation=representation.organisation)
    notifications.application_notify(application=application, kind=kind, queue=False)
    entry = OutboxEntry.objects.get(application=application)
    OutboxEntry.objects.filter(pk=entry.pk).update(state=state, **fields)
    entry.refresh_from_db()
    return entry


@pytest.fixture
def entries():
    old = timezone.now() - dt.timedelta(hours=2)
    letter = owed(state=OutboxState.DEAD, attempts=8, last_error="OSError: no space left")
    OutboxEntry.objects.filter(pk=letter.pk).update(kind=OutboxKind.LETTER, subkind="award")
    return {
        "dead_email": owed(
            state=OutboxState.DEAD,
            attempts=8,
            last_error="SMTPRecipientsRefused: 550 mailbox unavailable",
        ),
        "dead_letter": OutboxEntry.objects.get(pk=letter.pk),
        "late": owed(notifications.DECISION_MADE, created_at=old),
        "retrying": owed(attempts=2, last_error="SMTPServerDisconnected: closed"),
        "fresh": owed(notifications.INFORMATION_REQUESTED),
        "done": owed(state=OutboxState.DONE, created_at=old, last_error="HIDDEN-DONE-ERROR"),
    }


def test_a_senior_caseworker_sees_the_failed_and_late_rows_with_their_errors(client, entries):
    client.force_login(admin_staff(roles.CASEWORKERS, roles.SENIOR_CASEWORKERS))

    response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "550 mailbox unavailable" in page
    assert "OSError: no space left" in page
    assert "SMTPServerDisconnected: closed" in page
    assert "HIDDEN-DONE-ERROR" not in page
    listed = {entry.pk for entry in response.context["entries"]}
    expected = {entries[name].pk for name in ("dead_email", "dead_letter", "late", "retrying")}
    assert listed == expected  # not the done row, nor the one just queued
    assert "Enviar de nuevo" in page  # Spanish, the default language
    assert URL in client.get("/admin/").content.decode()  # in the Settings menu


def test_the_filters_narrow_by_state_and_kind(client, entries):
    client.force_login(admin_staff(roles.SENIOR_CASEWORKERS))

    dead = client.get(URL, {"state": "dead"}).context["entries"]
    letters = client.get(URL, {"kind": "letter"}).context["entries"]
    late = client.get(URL, {"state": "pending", "kind": "email"}).context["entries"]

    assert {e.pk for e in dead} == {entries["dead_email"].pk, entries["dead_letter"].pk}
    assert [e.pk for e in letters] == [entries["dead_letter"].pk]
    assert {e.pk for e in late} == {entries["late"].pk, entries["retrying"].pk}


def test_an_unknown_filter_is_reported_and_links_to_its_field(client, entries):
    client.force_login(admin_staff(roles.SENIOR_CASEWORKERS))

    page = client.get(URL, {"state": "lost"}).content.decode()

    assert 'role="alert"' in page
    assert 'href="#id_state"' in page


def test_retry_moves_a_dead_row_back_to_pending_sends_it_and_is_audited(
    client, entries, django_capture_on_commit_callbacks
):
    senior = admin_staff(roles.SENIOR_CASEWORKERS)
    client.force_login(senior)
    entry = entries["dead_email"]

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(URL, {"entry": entry.pk, "query": "state=dead"})

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?state=dead"
    assert len(queued) == 1
    entry.refresh_from_db()
    assert entry.state == OutboxState.DONE
    (email,) = mail.outbox
    assert entry.application.reference in email.subject
    (event,) = entry.application.events.filter(kind=EventKind.NOTE)
    assert event.actor == senior
    assert event.data["key"] == entry.key
    assert event.data["previous"]["state"] == OutboxState.DEAD
    assert "550 mailbox unavailable" in event.data["previous"]["error"]


def test_retry_renews_the_attempts_of_a_dead_row(entries, django_capture_on_commit_callbacks):
    senior = admin_staff(roles.SENIOR_CASEWORKERS)
    entry = entries["dead_letter"]

    with django_capture_on_commit_callbacks() as queued:
        outbox.outbox_entry_retry(entry_id=entry.pk, user=senior)

    entry.refresh_from_db()
    assert (entry.state, entry.attempts) == (OutboxState.PENDING, 0)
    assert len(queued) == 1


def test_a_superuser_sees_the_page_and_the_menu_item(client, entries):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)

    assert client.get(URL).status_code == 200
    assert reverse("outbox:index") == URL
    assert URL in client.get("/admin/").content.decode()


def test_retry_needs_the_csrf_token(entries):
    from tests.accounts_helpers import SignedInClient

    client = SignedInClient(enforce_csrf_checks=True)
    client.force_login(admin_staff(roles.SENIOR_CASEWORKERS))

    response = client.post(URL, {"entry": entries["dead_email"].pk})

    assert response.status_code == 403
    entries["dead_email"].refresh_from_db()
    assert entries["dead_email"].state == OutboxState.DEAD


@pytest.mark.parametrize("who", ["caseworker", "policy_editor", "applicant", "anonymous"])
def test_nobody_else_sees_the_outbox_or_retries(client, entries, who):
    users = {
        "caseworker": lambda: admin_staff(roles.CASEWORKERS),
        "policy_editor": lambda: admin_staff(POLICY_EDITORS),
        "applicant": lambda: RepresentationFactory().user,
        "anonymous": lambda: None,
    }
    user = users[who]()
    if user is not None:
        client.force_login(user)

    assert client.get(URL).status_code in (302, 403)
    assert client.post(URL, {"entry": entries["dead_email"].pk}).status_code in (302, 403)

    entries["dead_email"].refresh_from_db()
    assert entries["dead_email"].state == OutboxState.DEAD
    assert not entries["dead_email"].application.events.filter(kind=EventKind.NOTE).exists()
    if user is not None:
        assert URL not in client.get("/admin/").content.decode()


def test_the_retry_service_refuses_other_roles(entries):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        outbox.outbox_entry_retry(
            entry_id=entries["dead_email"].pk, user=admin_staff(roles.CASEWORKERS)
        )
