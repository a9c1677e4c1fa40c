"""One door for everyone: allauth's sign-in, throttled, with a second factor that no path skips
and that staff must have before any admin page."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.accounts_helpers import totp_code, totp_enrol
from tests.factories.accounts import PASSWORD, UserFactory
from tests.helpers import caseworker

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Failed-attempt counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client, user, password=PASSWORD):
    return client.post(LOGIN, {"login": user.email, "password": password})


def signed_in_as(client):
    return client.session.get("_auth_user_id")


# The admin's and Wagtail's own login forms are gone.


def test_the_admin_login_leads_to_the_one_sign_in_page_keeping_the_destination():
    response = Client().get("/admin/login/?next=/admin/desk/new/")
    assert response.status_code == 302
    assert response.url == "/es/accounts/login/?next=%2Fadmin%2Fdesk%2Fnew%2F"


@pytest.mark.parametrize("door", ["/admin/login/", "/es/_util/login/"])
def test_posting_credentials_to_another_login_form_signs_no_one_in(door):
    staff = caseworker(username="maite")
    client = Client()
    response = client.post(door, {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith("/es/accounts/login/")
    assert signed_in_as(client) is None


def test_anyone_arriving_at_the_admin_is_sent_to_sign_in():
    response = Client().get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/es/accounts/login/?next=")
    assert response.status_code == 200


def test_an_applicant_cannot_sign_into_the_admin():
    applicant = UserFactory()
    client = Client()
    assert sign_in(client, applicant).status_code == 302
    assert signed_in_as(client) == str(applicant.pk)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Esta cuenta no tiene acceso a la administración" in response.content.decode()
    response = client.get("/admin/desk/new/", follow=True)
    assert response.status_code == 403


# Staff have a second factor before any admin page.


@pytest.mark.parametrize("page", ["/admin/", "/admin/desk/new/", "/admin/pages/"])
def test_staff_without_a_second_factor_are_sent_to_enrol_before_any_admin_page(page):
    staff = caseworker(username="maite")
    client = Client()
    sign_in(client, staff)
    response = client.get(page)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


def test_staff_who_enrol_reach_the_admin_in_the_same_session():
    staff = caseworker(username="maite")
    client = Client()
    sign_in(client, staff)
    enrol = client.get("/admin/", follow=True)
    # Setting up a second factor is a sensitive change: allauth asks for the password again.
    assert enrol.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert "El personal debe usar un segundo factor" in enrol.content.decode()
    page = client.post(enrol.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    html = page.content.decode()
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', html).group(1)
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)}, follow=True)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(
        user=staff, type=Authenticator.Type.RECOVERY_CODES
    ).exists(), "recovery codes come with the authenticator app"
    assert 'href="/admin/"' in response.content.decode(), "a way on to the admin"
    assert client.get("/admin/").status_code == 200


def test_staff_with_a_second_factor_are_asked_for_the_code_then_reach_the_admin():
    staff = caseworker(username="maite")
    secret = totp_enrol(staff)
    client = Client()
    response = sign_in(client, staff)
    assert response.url == reverse("mfa_authenticate")
    assert signed_in_as(client) is None
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert signed_in_as(client) == str(staff.pk)
    assert client.get("/admin/").status_code == 200


# Whoever has a second factor is never signed in without it.


def test_an_applicant_with_totp_is_not_signed_in_by_the_password_alone():
    applicant = UserFactory()
    secret = totp_enrol(applicant)
    client = Client()
    response = sign_in(client, applicant)
    assert response.url == reverse("mfa_authenticate")
    assert signed_in_as(client) is None
    assert client.get(reverse("applications:application_list")).status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get(reverse("applications:application_list")).status_code == 200


@pytest.mark.parametrize("who", ["applicant", "staff"])
def test_a_session_that_skipped_the_second_factor_is_signed_out_on_its_next_request(who):
    """Whatever door a session came through (here: Django's login, behind every form), a user
    with a second factor who did not use it is signed out."""
    user = UserFactory() if who == "applicant" else caseworker(username="maite")
    totp_enrol(user)
    client = Client()
    client.force_login(user)
    response = client.get("/admin/" if who == "staff" else "/en/applications/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert signed_in_as(client) is None


# Throttling: 30 wrong attempts lock the account, and it is told until when.


def test_thirty_wrong_passwords_lock_the_account_even_for_the_right_one():
    staff = caseworker(username="maite")
    for attempt in range(30):
        # From many addresses, as a spread-out attack would come: the account itself locks.
        client = Client(REMOTE_ADDR=f"192.0.2.{attempt}")
        response = sign_in(client, staff, password="wrong-password-1")
        assert response.status_code == 200
        assert signed_in_as(client) is None
    client = Client(REMOTE_ADDR="198.51.100.7")
    response = sign_in(client, staff)
    assert response.status_code == 200, "the right password is refused while locked"
    assert signed_in_as(client) is None
    text = response.content.decode()
    assert "Too many failed attempts to sign in to this account" in text
    assert re.search(r"locked until \d\d:\d\d \(\d+ minutes? from now\)", text), text


def test_a_flood_from_one_address_is_refused_with_a_page_that_says_to_wait():
    applicant = UserFactory()
    client = Client(REMOTE_ADDR="203.0.113.9")
    answers = [sign_in(client, applicant, password="wrong-password-1") for _ in range(31)]
    assert answers[-1].status_code == 429
    assert "wait a minute and try again" in answers[-1].content.decode()
    assert signed_in_as(client) is None


def test_thirty_wrong_second_factor_codes_lock_the_account_even_for_the_right_code():
    applicant = UserFactory()
    secret = totp_enrol(applicant)
    client = Client()
    sign_in(client, applicant)
    for _attempt in range(30):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert signed_in_as(client) is None
    assert "signing in is paused: try again in 5 minutes" in response.content.decode()


def test_the_lock_message_is_in_the_language_of_the_page():
    applicant = UserFactory()
    client = Client()
    for _attempt in range(6):
        response = client.post(
            "/es/accounts/login/", {"login": applicant.email, "password": "wrong-password-1"}
        )
    assert "bloqueada hasta las" in response.content.decode()


def test_password_reset_requests_are_throttled_per_address():
    applicant = UserFactory()
    client = Client()
    answers = [
        client.post("/en/accounts/password/reset/", {"email": applicant.email}).status_code
        for _request in range(8)
    ]
    assert answers[:5] == [302] * 5
    assert 429 in answers[5:] or 200 in answers[5:]


def test_staff_cannot_remove_their_only_second_factor_but_an_applicant_can(client):
    staff = caseworker(username="maite")
    client.force_login(staff)
    session = client.session
    # Removing a second factor is a sensitive change: as if the password was just re-entered.
    from types import SimpleNamespace

    from allauth.account.internal.flows.login import record_authentication

    record_authentication(SimpleNamespace(session=session), staff, "password", reauthenticated=True)
    session.save()
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    applicant = UserFactory()
    totp_enrol(applicant)
    client.force_login(applicant)
    session = client.session
    record_authentication(
        SimpleNamespace(session=session), applicant, "password", reauthenticated=True
    )
    session.save()
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=applicant, type=Authenticator.Type.TOTP).exists()
