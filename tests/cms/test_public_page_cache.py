"""Public pages are served to anonymous visitors from the cache, and an edit in the CMS shows
on the next request."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.models import CitySettings, HomePage
from tests.factories.accounts import UserFactory
from tests.helpers import programme_page

pytestmark = pytest.mark.usefixtures("demo_site")


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


def _queries(client, url) -> int:
    """How many SQL statements answering `url` took: none when it came from the cache."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _home(language="es") -> HomePage:
    return HomePage.objects.get(locale__language_code=language)


def test_an_anonymous_visitor_is_served_a_page_already_rendered_without_the_database(
    client, django_assert_num_queries
):
    first = client.get("/es/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get("/es/")
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    # The middleware still answers for this request: its own policy, its own headers.
    assert "Content-Security-Policy" in again


def test_a_published_change_is_shown_within_a_second(client):
    page = programme_page(language="es")
    assert client.get(page.url).status_code == 200
    home = _home()
    client.get(home.url)

    home.intro = "Abrimos hoy la convocatoria de ayudas directas."
    started = time.monotonic()
    home.save_revision().publish()
    html = client.get(home.url).content.decode()
    assert "Abrimos hoy la convocatoria de ayudas directas." in html
    assert time.monotonic() - started < 1.0


def test_a_change_of_the_site_settings_purges_every_page(client):
    page = programme_page(language="es")
    client.get(page.url)
    city = CitySettings.objects.first() or CitySettings.objects.create(site_id=page.get_site().pk)
    city.address = "Plaza Ernesto Erkoreka 1, 48007 Bilbao"
    city.save()
    assert "Plaza Ernesto Erkoreka 1" in client.get(page.url).content.decode()


def test_unpublishing_a_page_takes_it_off_at_once(client):
    page = programme_page(language="en")
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_a_signed_in_visitor_is_never_given_the_anonymous_page_nor_leaves_theirs(client):
    anonymous = client.get("/es/").content.decode()
    user = UserFactory()
    client.force_login(user)
    signed_in = client.get("/es/").content.decode()
    assert signed_in != anonymous
    assert 'id="session-warning"' in signed_in
    client.logout()
    assert 'id="session-warning"' not in client.get("/es/").content.decode()


def test_a_page_behind_a_password_is_not_cached(client):
    page = programme_page(language="es")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    first = client.get(page.url)
    assert first.status_code == 200 and b"s3cret" not in first.content
    assert page.definition["summary"]["es"] not in first.content.decode()
    # Rendered again for this request (its own CSRF token): not from the cache.
    assert _queries(client, page.url) > 0


def test_tracking_parameters_share_the_page_but_other_queries_are_rendered_each_time(
    client, django_assert_num_queries
):
    client.get("/es/")
    with django_assert_num_queries(0):
        assert client.get("/es/?utm_source=newsletter&fbclid=abc").status_code == 200
    client.get("/es/?page=2")
    assert _queries(client, "/es/?page=2") > 0


def test_a_visitor_with_a_message_to_read_is_not_served_the_cache(client):
    client.get("/es/")
    assert _queries(client, "/es/") == 0
    client.cookies["messages"] = "pending"
    assert _queries(client, "/es/") > 0


def test_with_the_cache_off_every_page_is_rendered(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get("/es/")
    assert _queries(client, "/es/") > 0
