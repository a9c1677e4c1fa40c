import time
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import override_settings

from cms.models import ProgrammePage, StandardPage
from demo.content import DEMO_USERS
from tests.helpers import programme_page


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_load_demo_prints_one_working_login_per_role_and_can_run_again():
    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=StringIO())

    printed = out.getvalue()
    roles = [user.role for user in DEMO_USERS]
    assert roles == [
        "applicant",
        "caseworker",
        "senior caseworker",
        "policy editor",
        "policy approver",
        "admin",
    ]
    for user in DEMO_USERS:
        assert user.email in printed and user.password in printed
        assert authenticate(email=user.email, password=user.password) is not None
        # Staff must use a second factor: the secret of their authenticator app is printed.
        assert (user.totp_secret in printed) == user.is_staff_role
    assert ProgrammePage.objects.filter(locale__language_code="es").count() == 8
    assert ProgrammePage.objects.count() == 24
    assert StandardPage.objects.count() == 9


@pytest.mark.django_db
def test_load_demo_refuses_to_create_known_passwords_without_debug():
    with pytest.raises(CommandError, match="Refusing to load demo users"):
        call_command("load_demo", stdout=StringIO())


ADMIN_REACH = {
    "editor": True,
    "approver": True,
    "admin": True,
    "applicant": False,
    "caseworker": False,
    "senior": False,
}


def test_only_policy_staff_and_admins_reach_the_page_editor(client, demo_site):
    for user in DEMO_USERS:
        client.logout()
        assert client.login(email=user.email, password=user.password)

        response = client.get("/admin/pages/")

        if ADMIN_REACH[user.username]:
            assert response.status_code == 200, user.username
        else:
            assert response.status_code == 302, user.username
            # Desk staff enter the admin for their desk, but not the page editor.
            refused_to = "/admin/" if user.username in ("caseworker", "senior") else "/admin/login/"
            assert response["Location"].split("?")[0] == refused_to, user.username


def test_the_printed_policy_editor_login_and_code_reach_the_admin(demo_site):
    from django.test import Client

    from demo.content import demo_totp_code

    editor = next(u for u in DEMO_USERS if u.role == "policy editor")
    client = Client()
    response = client.post(
        "/es/accounts/login/?next=/admin/",
        {"login": editor.email, "password": editor.password},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith("/es/accounts/2fa/authenticate/")

    response = client.post(
        "/es/accounts/2fa/authenticate/", {"code": demo_totp_code(editor)}, follow=True
    )

    assert response.status_code == 200
    assert response.wsgi_request.user.username == "editor"
    assert response.redirect_chain[-1][0] == "/admin/"


def test_the_demo_code_command_prints_the_code_the_app_shows(demo_site, settings):
    from demo.content import demo_totp_code

    settings.DEBUG = True
    out = StringIO()
    call_command("demo_code", "caseworker", stdout=out)
    caseworker = next(u for u in DEMO_USERS if u.username == "caseworker")
    assert out.getvalue().strip() in {
        demo_totp_code(caseworker),
        demo_totp_code(caseworker, at=time.time() - 30),
    }


def test_policy_editors_cannot_publish_and_approvers_can(demo_site):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    programme = programme_page(language="es")

    editor_perms = programme.permissions_for_user(users.get(username="editor"))
    approver_perms = programme.permissions_for_user(users.get(username="approver"))

    assert editor_perms.can_edit() and not editor_perms.can_publish()
    assert approver_perms.can_edit() and approver_perms.can_publish()
