"""The admin carries the city's name (site settings), not Wagtail's."""

import re

import pytest

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_is_branded_with_the_city(client, demo_site):
    client.force_login(UserFactory(is_superuser=True))
    page = client.get("/admin/").content.decode()

    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "Bilbao" in title and "Wagtail" not in title
    assert "Ayuntamiento de Bilbao / Bilboko Udala" in page, "the dashboard's welcome"
    assert 'class="onestop-admin-brand"' in page, "the city's mark in the sidebar"
    assert "cms/admin/branding.css" in page


def test_other_admin_pages_carry_the_city_in_the_browser_title(client, demo_site):
    client.force_login(UserFactory(is_superuser=True))
    page = client.get("/admin/pages/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "Bilbao" in title and "Wagtail" not in title
