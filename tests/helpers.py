"""Set-up shared by the test modules: the demo's programme definitions and pages, and staff
users signed in as the admin expects them."""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from applications import roles
from cms.models import ProgrammePage
from demo.content import DEMO_PROGRAMMES_DIR
from tests.factories.accounts import UserFactory

HOSPITALITY = "hospitality-direct-aid"


def demo_definition(slug: str = HOSPITALITY) -> dict:
    """A fresh copy of one of the demo's programme definitions, as its JSON file has it."""
    return json.loads((DEMO_PROGRAMMES_DIR / f"{slug}.json").read_text(encoding="utf-8"))


def programme_page(slug: str = HOSPITALITY, language: str | None = None) -> ProgrammePage:
    """The programme's page in `language` (by default the default one, which holds the rules
    of record), read afresh from the database."""
    if language is None:
        return ProgrammePage.objects.get(programme_slug=slug, locale=Locale.get_default())
    return ProgrammePage.objects.get(programme_slug=slug, locale__language_code=language)


def member(*groups: str, **fields):
    """A user in exactly the named groups (created if the test database lacks them)."""
    user = UserFactory(**fields)
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
    return user


def caseworker(**fields):
    return member(roles.CASEWORKERS, **fields)


def admin_staff(*groups: str, **fields):
    """A staff member who may open the admin, in the named groups."""
    user = member(*groups, is_staff=True, **fields)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def admin_language_set(user, language: str) -> None:
    """The staff member reads the admin in `language` (Account > Preferred language)."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def login(client, username: str = "editor", *, admin_language: str | None = None):
    """Sign an existing user (such as one of the demo's staff) in, reading the admin in
    `admin_language` if one is given."""
    user = get_user_model().objects.get(username=username)
    if admin_language:
        admin_language_set(user, admin_language)
    client.force_login(user)
    return client
