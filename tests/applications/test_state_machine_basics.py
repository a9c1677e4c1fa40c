"""The state machine's frame: protected status, permission checks, one audit event each."""

import pytest
from django.core.exceptions import PermissionDenied
from django_fsm import TransitionNotAllowed

from applications.constants import ApplicationStatus, EventKind
from applications.models import Application
from applications.services.transitions import TransitionRefused, application_transition
from tests.factories.accounts import UserFactory
from tests.factories.organisations import RepresentationFactory

pytestmark = pytest.mark.django_db


def _draft():
    representation = RepresentationFactory()
    application = Application.objects.create(
        organisation=representation.organisation,
        programme_slug="hospitality-direct-aid",
        created_by=representation.user,
    )
    return application, representation.user


def test_a_representative_submits_and_the_change_is_audited():
    application, user = _draft()
    application = application_transition(
        application=application, action="submit", user=user, note="first"
    )
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    (event,) = application.events.all()
    assert (event.kind, event.actor, event.from_status, event.to_status, event.note) == (
        EventKind.TRANSITION,
        user,
        "draft",
        "submitted",
        "first",
    )


def test_someone_else_cannot_submit_and_nothing_is_written():
    application, _user = _draft()
    with pytest.raises(PermissionDenied):
        application_transition(application=application, action="submit", user=UserFactory())
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert not application.events.exists()


def test_a_transition_from_the_wrong_status_is_refused():
    application, user = _draft()
    with pytest.raises(TransitionRefused):
        application_transition(application=application, action="withdraw", user=user)


def test_the_status_cannot_be_assigned_directly():
    application, _user = _draft()
    with pytest.raises(AttributeError):
        application.status = ApplicationStatus.APPROVED
    with pytest.raises(TransitionNotAllowed):
        application.approve()
