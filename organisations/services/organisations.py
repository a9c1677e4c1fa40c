"""Writes on organisations, their representatives and invitations."""

from collections.abc import Mapping
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cms.site_address import email_sender, site_url
from onestop.i18n import active_language
from organisations.models import Invitation, Organisation, Representation


class InvitationError(ValidationError):
    """An invitation that cannot be accepted: unknown, used, expired or for someone else."""


@transaction.atomic
def organisation_create(*, user, data: Mapping[str, Any]) -> Organisation:
    """Create an organisation with `user` as its first representative."""
    organisation = Organisation(**data)
    organisation.full_clean()
    organisation.save()
    Representation.objects.create(user=user, organisation=organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, user, data: Mapping[str, Any]
) -> Organisation:
    if not organisation.representations.filter(user=user).exists():
        raise PermissionDenied("only an organisation's representatives may change it")
    for name, value in data.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def invitation_create(*, organisation: Organisation, invited_by, email: str) -> Invitation:
    """Invite `email` to represent `organisation`; the link is emailed once committed.

    The email is written in the inviter's current language: the invitee is usually a
    colleague, and the link's language prefix makes the pages follow.
    """
    if not organisation.representations.filter(user=invited_by).exists():
        raise PermissionDenied("only an organisation's representatives may invite")
    invitation = Invitation.objects.create(
        organisation=organisation, email=email.strip(), invited_by=invited_by
    )
    language = active_language()
    transaction.on_commit(lambda: _invitation_send(invitation, language))
    return invitation


def _invitation_send(invitation: Invitation, language: str) -> None:
    with translation.override(language):
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "accept_url": site_url(
                reverse("organisations:invitation_accept", args=[invitation.token])
            ),
        }
        subject = render_to_string("applications/emails/invitation_subject.txt", context)
        body = render_to_string("applications/emails/invitation_message.txt", context)
    send_mail(" ".join(subject.split()), body, email_sender(), [invitation.email])


def _emails_of(user) -> set[str]:
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return {email.lower() for email in verified}


def invitation_addressed_to(*, invitation: Invitation, user) -> bool:
    """Whether the invitation was sent to one of the user's verified email addresses.

    Holding the link is not enough: it travels by email and can be forwarded. Until this
    holds, nothing of the organisation (name, tax id, who invited) is shown.
    """
    return bool(user and user.is_authenticated) and invitation.email.lower() in _emails_of(user)


@transaction.atomic
def invitation_accept(*, token: str, user) -> Representation:
    """Make `user` a representative, if the invitation is current and addressed to them."""
    invitation = (
        Invitation.objects.select_for_update().filter(token=token).first() if token else None
    )
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."), code="unknown")
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."), code="used")
    if invitation.is_expired():
        raise InvitationError(_("This invitation has expired. Ask for a new one."), code="expired")
    if not invitation_addressed_to(invitation=invitation, user=user):
        raise InvitationError(
            _(
                "This invitation was sent to another email address. Sign in with the "
                "account of that address to accept it."
            ),
            code="wrong_email",
        )
    representation, _created = Representation.objects.get_or_create(
        user=user, organisation=invitation.organisation
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return representation
