"""allauth's emails link to SITE_URL, not to the host a request came in on, and come from the
city's sender like every other email."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://ayudas.example.org"
# A host the site answers to, but not the one it is reached at.
OTHER_HOST = {"HTTP_HOST": "127.0.0.1"}


def _links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


@override_settings(SITE_URL=SITE, EMAIL_SENDER_FROM_SITE=True)
def test_the_verification_email_links_to_site_url_and_comes_from_the_city(client):
    client.post(
        "/es/accounts/signup/",
        {"email": "ane@example.org", "password1": PASSWORD, "password2": PASSWORD},
        **OTHER_HOST,
    )

    (message,) = mail.outbox
    (link,) = [link for link in _links(message) if "/accounts/confirm-email/" in link]
    assert link.startswith(f"{SITE}/es/accounts/confirm-email/")
    assert "127.0.0.1" not in message.body
    assert message.from_email == "Ayuntamiento de Bilbao <noreply@ayudas.example.org>"


@override_settings(SITE_URL=SITE, EMAIL_SENDER_FROM_SITE=True)
def test_the_password_reset_and_unknown_account_emails_link_to_site_url(client):
    user = UserFactory()
    client.post("/es/accounts/password/reset/", {"email": user.email}, **OTHER_HOST)
    client.post("/es/accounts/password/reset/", {"email": "nobody@example.org"}, **OTHER_HOST)

    reset, unknown = mail.outbox
    assert any(link.startswith(f"{SITE}/es/accounts/password/reset/key/") for link in _links(reset))
    assert any(link.startswith(f"{SITE}/es/accounts/signup/") for link in _links(unknown))
    for message in (reset, unknown):
        assert "127.0.0.1" not in message.body
        assert message.from_email.startswith("Ayuntamiento de Bilbao <")


@override_settings(SITE_URL=SITE)
def test_signing_up_again_links_the_password_reset_at_site_url(client):
    user = UserFactory()
    client.post(
        "/eu/accounts/signup/",
        {"email": user.email, "password1": PASSWORD, "password2": PASSWORD},
        **OTHER_HOST,
    )

    (message,) = mail.outbox
    assert any(link.startswith(f"{SITE}/eu/accounts/password/reset/") for link in _links(message))
    assert "127.0.0.1" not in message.body
