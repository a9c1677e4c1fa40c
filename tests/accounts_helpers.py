"""Signing staff in, in tests, as the real sign-in leaves them: with their second factor used."""

import time
from types import SimpleNamespace

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.test import Client

from applications.accounts.second_factor import has_admin_access


def totp_enrol(user) -> str:
    """Give `user` an authenticator app (once) and return its secret."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing:
        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, offset_periods: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset_periods))


def record_second_factor(client: Client, user) -> None:
    """Write in the client's session what allauth writes when the code is entered."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    signing_in = SimpleNamespace(session=client.session)
    record_authentication(signing_in, user, "password", email=user.email)
    record_authentication(signing_in, user, "mfa", id=authenticator.pk, type="totp")
    signing_in.session.save()


class SignedInClient(Client):
    """`force_login` as a complete sign-in: staff have enrolled their second factor and used
    it, as allauth's sign-in requires of them before any admin page."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        self._second_factor_used(user)

    def login(self, **credentials) -> bool:
        """By email and password, then the code, for whoever has or must have one."""
        signed_in = super().login(**credentials)
        if signed_in:
            user = get_user_model().objects.get(pk=self.session["_auth_user_id"])
            self._second_factor_used(user)
        return signed_in

    def _second_factor_used(self, user) -> None:
        if has_admin_access(user) or Authenticator.objects.filter(user=user).exists():
            totp_enrol(user)
            record_second_factor(self, user)
