"""Withdrawing an application: a confirmation first, then the withdrawal, audited."""

import pytest
from django.urls import reverse

from applications.constants import ApplicationStatus, EventKind
from applications.services.transitions import application_transition
from tests.applications.my_applications_helpers import submitted_application
from tests.factories.applications import ApplicationFactory
from tests.factories.organisations import RepresentationFactory
from tests.helpers import caseworker

pytestmark = pytest.mark.django_db


def _url(application):
    return reverse("applications:application_withdraw", args=[application.pk])


def test_the_confirmation_page_asks_first_and_changes_nothing(client, representation):
    application = submitted_application(representation.organisation)
    client.force_login(representation.user)
    response = client.get(_url(application))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" in html and 'method="post"' in html
    assert '<textarea name="reason"' in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_confirming_withdraws_and_records_the_reason(client, representation):
    application = submitted_application(representation.organisation)
    client.force_login(representation.user)
    response = client.post(_url(application), {"reason": "Ya no lo necesitamos."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.withdrawn_at is not None
    event = application.events.get(kind=EventKind.TRANSITION)
    assert (event.actor, event.to_status, event.note) == (
        representation.user,
        ApplicationStatus.WITHDRAWN,
        "Ya no lo necesitamos.",
    )
    html = client.get(response.url).content.decode()
    assert "Ya no lo necesitamos." in html
    assert _url(application) not in html


def test_a_rejected_application_cannot_be_withdrawn(client, representation):
    application = submitted_application(representation.organisation)
    desk = caseworker()
    application = application_transition(application=application, action="start_review", user=desk)
    application_transition(application=application, action="reject", user=desk)
    client.force_login(representation.user)
    response = client.post(_url(application), {})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_a_draft_cannot_be_withdrawn(client, representation):
    draft = ApplicationFactory(organisation=representation.organisation)
    client.force_login(representation.user)
    assert client.post(_url(draft), {}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_someone_else_gets_404_and_nothing_changes(client):
    application = submitted_application(RepresentationFactory().organisation)
    client.force_login(RepresentationFactory().user)
    assert client.get(_url(application)).status_code == 404
    assert client.post(_url(application), {}).status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
