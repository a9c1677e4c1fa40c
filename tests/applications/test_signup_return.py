# ruff: noqa: F811 - fixtures imported from wizard_helpers are the tests' parameters
"""Signing up on the way to an application or an invitation: after verifying the address, the
person is back where they were going, even when they open the link in another browser."""

import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.applications.wizard_helpers import HOSPITALITY
from tests.factories.organisations import InvitationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 42"


def _signup_from(browser: Client, start: str, email: str) -> str:
    """Go to `start` signed out, follow the sign-in page's link to sign up, sign up; return
    the link of the verification email."""
    response = browser.get(start)
    assert response.status_code == 302
    login = response["Location"]
    page = browser.get(login).content.decode()
    signup = re.search(r'href="([^"]*/signup/[^"]*)"', page).group(1).replace("&amp;", "&")
    page = browser.get(signup).content.decode()
    next_field = re.search(r'name="next" value="([^"]*)"', page)
    assert next_field is not None, "the sign-up form carries where the person was going"
    mail.outbox.clear()
    response = browser.post(
        signup,
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "next": next_field[1]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(mail.outbox) == 1
    return re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[0].body).group(0)


def _path(url: str) -> str:
    return urlsplit(url).path


def _confirm(browser: Client, link: str):
    """Open the verification link and press its button, as the page offers; return the
    response, redirects followed."""
    parts = urlsplit(link)
    page = browser.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    assert page.status_code == 200
    html = page.content.decode()
    action = re.search(r'<form[^>]*method="post"[^>]*action="([^"]*)"', html).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', html))
    fields.pop("csrfmiddlewaretoken", None)
    return browser.post(action, fields, follow=True)


def _sign_in_where_sent(browser: Client, response, email: str):
    """On the sign-in page the flow arrived at, sign in; return the response, followed."""
    login = response.redirect_chain[-1][0]
    assert _path(login) == reverse("account_login")
    return browser.post(login, {"login": email, "password": PASSWORD}, follow=True)


@pytest.mark.parametrize("same_browser", [True, False])
def test_after_verifying_the_application_starts(hospitality, same_browser):
    start = reverse("applications:apply_start", args=[HOSPITALITY])
    browser = Client()
    email = f"applicant.{same_browser}@example.org"
    link = _signup_from(browser, start, email)
    assert urlencode({"next": start}) in link
    if not same_browser:
        browser = Client()
    response = _sign_in_where_sent(browser, _confirm(browser, link), email)
    final = response.redirect_chain[-1][0]
    # The application needs an organisation first: its form, which comes back to the start.
    assert _path(final) == reverse("organisations:organisation_create")
    assert urlencode({"next": start}) in final
    assert response.wsgi_request.user.is_authenticated
    assert response.status_code == 200


@pytest.mark.parametrize("same_browser", [True, False])
def test_after_verifying_the_invitation_is_there_to_accept(demo_site, same_browser):
    email = f"invited.{same_browser}@example.org"
    invitation = InvitationFactory(email=email)
    accept = reverse("organisations:invitation_accept", args=[invitation.token])
    browser = Client()
    link = _signup_from(browser, accept, email)
    if not same_browser:
        browser = Client()
    response = _sign_in_where_sent(browser, _confirm(browser, link), email)
    assert response.redirect_chain[-1][0] == accept
    assert response.status_code == 200
    assert invitation.organisation.legal_name in response.content.decode()


@pytest.mark.parametrize("same_browser", [True, False])
def test_an_outside_next_is_never_followed(demo_site, same_browser):
    browser = Client()
    signup = f"{reverse('account_signup')}?{urlencode({'next': 'https://evil.example/'})}"
    response = browser.post(
        signup,
        {
            "email": "evil.next@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302
    body = mail.outbox[-1].body
    assert "evil.example" not in body
    link = re.search(r"https?://\S+/confirm-email/\S+", body).group(0)
    assert "next=" not in link
    response = _confirm(browser if same_browser else Client(), f"{link}?next=https://evil.example/")
    assert response.redirect_chain
    assert all("evil.example" not in url for url, _ in response.redirect_chain)
