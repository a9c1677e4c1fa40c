"""Applicant accounts: sign-up by email, verification, sign-in by email, reset, TOTP."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "ane@example.org"


def _translated(message: str, language: str) -> str:
    with translation.override(language):
        return gettext(message)


def _sign_up(client, language: str):
    return client.post(
        f"/{language}/accounts/signup/",
        {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD},
    )


def _link(message, path_part: str) -> str:
    match = re.search(r"https?://testserver(/\S*" + re.escape(path_part) + r"\S*)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.parametrize("language", ["es", "eu", "en"])
def test_sign_up_sends_a_verification_email_in_the_language_of_the_page(client, language):
    response = _sign_up(client, language)

    assert response.status_code == 302
    assert response.url == f"/{language}/accounts/confirm-email/"
    user = get_user_model().objects.get(email=EMAIL)
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    subject = _translated("Please Confirm Your Email Address", language)
    assert subject in mail.outbox[0].subject
    if language != "en":
        assert subject != "Please Confirm Your Email Address"
    assert f"/{language}/accounts/confirm-email/" in mail.outbox[0].body


def test_the_verified_applicant_signs_in_with_their_email(client):
    _sign_up(client, "es")
    client.logout()
    response = client.post("/es/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    assert response.url == "/es/accounts/confirm-email/", "unverified: no sign-in"
    assert "_auth_user_id" not in client.session

    confirm_url = _link(mail.outbox[-1], "/accounts/confirm-email/")
    assert client.get(confirm_url).status_code == 200
    client.post(confirm_url)
    assert EmailAddress.objects.get(email=EMAIL).verified

    client.logout()
    response = client.post("/es/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("applications:application_list")
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get(email=EMAIL).pk)


def test_sign_in_asks_for_an_email_not_a_username(client):
    user = UserFactory()
    response = client.post("/en/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_sign_up_form_has_no_username_and_labels_every_field(client):
    response = client.get("/es/accounts/signup/")
    html = response.content.decode()
    assert 'name="username"' not in html
    for name in ("email", "password1", "password2"):
        assert f'<label class="field__label" for="id_{name}">' in html


def test_sign_up_errors_are_summarised_and_linked_to_their_fields(client):
    response = client.post(
        "/en/accounts/signup/", {"email": "not-an-email", "password1": "x", "password2": "y"}
    )
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert '<a href="#id_email">' in html
    assert 'aria-describedby="id_email-error"' in html or "id_email-error" in html
    assert 'aria-invalid="true"' in html


def test_password_reset_sends_a_link(client):
    user = UserFactory()
    response = client.post("/en/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_url = _link(mail.outbox[0], "/accounts/password/reset/key/")
    assert reset_url.startswith("/en/")
    response = client.get(reset_url, follow=True)
    assert response.status_code == 200
    assert b'name="password1"' in response.content


def test_demo_applicant_signs_in_on_the_public_site(client, demo_site):
    response = client.post(
        "/es/accounts/login/",
        {"login": "applicant@demo.onestop.example", "password": "demo-applicant-2026"},
    )
    assert response.status_code == 302
    assert response.url == reverse("applications:application_list")


def test_totp_can_be_activated(client):
    user = UserFactory()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/en/accounts/2fa/totp/activate/")
    if response.status_code == 302:  # a sensitive change: allauth asks for the password again
        assert response.url.startswith("/en/accounts/reauthenticate/")
        response = client.post(response.url, {"password": PASSWORD}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data:image/svg+xml" in html
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', html).group(1)
    from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time

    counter = next(iter(yield_hotp_counters_from_time()))
    code = format_hotp_value(hotp_value(secret, counter))
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/en/accounts/2fa/").status_code == 200


def test_sessions_end_after_inactivity():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Not written on every request: at most once a refresh interval unless it changed.
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert 0 < settings.SESSION_REFRESH_SECONDS <= 60
    assert settings.SESSION_EXPIRY_WARNING_SECONDS == 2 * 60


def test_signed_in_pages_carry_the_session_warning_and_the_ping_extends(client):
    user = UserFactory()
    client.force_login(user)
    html = client.get("/es/organisations/").content.decode()
    assert 'id="session-warning"' in html and "hidden" in html
    assert 'data-timeout="1800"' in html
    response = client.post(reverse("applications:session_keep_alive"))
    assert response.status_code == 204
    assert client.get(reverse("applications:session_keep_alive")).status_code == 405


def test_anonymous_pages_have_no_session_warning(client):
    assert b"session-warning" not in client.get("/es/accounts/login/").content


def test_demo_users_have_verified_email_addresses(demo_site):
    from demo.content import DEMO_USERS

    for demo_user in DEMO_USERS:
        address = EmailAddress.objects.get(user__username=demo_user.username)
        assert address.verified and address.primary
