"""invitation_create and invitation_accept: who may invite, and which tokens are accepted."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from organisations.models import Representation
from organisations.models.organisations import INVITATION_VALIDITY
from organisations.services.organisations import (
    InvitationError,
    invitation_accept,
    invitation_create,
)
from tests.factories.accounts import UserFactory
from tests.factories.organisations import (
    InvitationFactory,
    OrganisationFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db


def test_invitations_expire_after_14_days():
    assert timedelta(days=14) == INVITATION_VALIDITY


def test_the_invitation_email_is_sent_on_commit_in_the_inviters_language(
    django_capture_on_commit_callbacks,
):
    representation = RepresentationFactory()
    with translation.override("eu"), django_capture_on_commit_callbacks() as callbacks:
        invitation = invitation_create(
            organisation=representation.organisation,
            invited_by=representation.user,
            email=" colleague@example.org ",
        )
    assert mail.outbox == [], "nothing is sent before the transaction commits"
    assert len(invitation.token) >= 40
    with translation.override("es"):
        for callback in callbacks:
            callback()
    assert len(mail.outbox) == 1
    assert f"/eu/organisations/invitations/{invitation.token}/" in mail.outbox[0].body
    assert invitation.email == "colleague@example.org"


def test_only_a_representative_may_invite():
    with pytest.raises(PermissionDenied):
        invitation_create(
            organisation=OrganisationFactory(), invited_by=UserFactory(), email="x@example.org"
        )


def test_tokens_are_unguessable_and_unique():
    tokens = {InvitationFactory().token for _ in range(20)}
    assert len(tokens) == 20


def test_accept_makes_the_invitee_a_representative():
    invitation = InvitationFactory(email="Colleague@Example.org")
    invitee = UserFactory(email="colleague@example.org")
    representation = invitation_accept(token=invitation.token, user=invitee)
    assert representation.organisation == invitation.organisation
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.accepted_by == invitee


def test_a_used_invitation_is_refused():
    invitation = InvitationFactory(email="colleague@example.org")
    invitee = UserFactory(email="colleague@example.org")
    invitation_accept(token=invitation.token, user=invitee)
    with pytest.raises(InvitationError) as error:
        invitation_accept(token=invitation.token, user=invitee)
    assert error.value.code == "used"


def test_an_expired_invitation_is_refused():
    invitation = InvitationFactory(
        email="colleague@example.org",
        created_at=timezone.now() - INVITATION_VALIDITY - timedelta(seconds=1),
    )
    with pytest.raises(InvitationError) as error:
        invitation_accept(token=invitation.token, user=UserFactory(email="colleague@example.org"))
    assert error.value.code == "expired"
    assert not Representation.objects.filter(organisation=invitation.organisation).exists()


def test_an_invitation_for_another_address_is_refused():
    invitation = InvitationFactory(email="colleague@example.org")
    with pytest.raises(InvitationError) as error:
        invitation_accept(token=invitation.token, user=UserFactory(email="someone@example.org"))
    assert error.value.code == "wrong_email"


def test_an_unverified_address_does_not_count():
    invitation = InvitationFactory(email="colleague@example.org")
    user = UserFactory(email="colleague@example.org", verified_email=False)
    with pytest.raises(InvitationError) as error:
        invitation_accept(token=invitation.token, user=user)
    assert error.value.code == "wrong_email"


@pytest.mark.parametrize("token", ["", "nonsense"])
def test_an_unknown_token_is_refused(token):
    with pytest.raises(InvitationError) as error:
        invitation_accept(token=token, user=UserFactory())
    assert error.value.code == "unknown"
