from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import override_settings

from cms.models import ProgrammePage, StandardPage
from cms.services.demo_content import DEMO_USERS


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
        assert f"{user.username}" in printed and user.password in printed
        assert authenticate(username=user.username, password=user.password) is not None
    assert ProgrammePage.objects.filter(locale__language_code="es").count() == 5
    assert ProgrammePage.objects.count() == 15
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
        assert client.login(username=user.username, password=user.password)

        response = client.get("/admin/pages/")

        if ADMIN_REACH[user.username]:
            assert response.status_code == 200, user.username
        else:
            assert response.status_code == 302, user.username
            # Desk staff enter the admin for their desk, but not the page editor.
            refused_to = "/admin/" if user.username in ("caseworker", "senior") else "/admin/login/"
            assert response["Location"].split("?")[0] == refused_to, user.username


def test_the_admin_login_accepts_the_printed_policy_editor_password(client, demo_site):
    editor = next(u for u in DEMO_USERS if u.role == "policy editor")

    response = client.post(
        "/admin/login/", {"username": editor.username, "password": editor.password}, follow=True
    )

    assert response.status_code == 200
    assert response.wsgi_request.user.username == "editor"
    assert response.redirect_chain[-1][0] == "/admin/"


def test_policy_editors_cannot_publish_and_approvers_can(demo_site):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    programme = ProgrammePage.objects.get(
        programme_slug="hospitality-direct-aid", locale__language_code="es"
    )

    editor_perms = programme.permissions_for_user(users.get(username="editor"))
    approver_perms = programme.permissions_for_user(users.get(username="approver"))

    assert editor_perms.can_edit() and not editor_perms.can_publish()
    assert approver_perms.can_edit() and approver_perms.can_publish()
