"""Sessions are written when they change or once a refresh interval has passed, never on
every request, and the expiry warning counts from the last write."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onestop import sessions
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/es/organisations/"


class Clock:
    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(1_800_000_000.0)
    monkeypatch.setattr(sessions.time, "time", clock)
    return clock


def _session_writes(client, path=PAGE) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(
        1
        for query in queries
        if "django_session" in query["sql"]
        and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def _timeout(client) -> int:
    html = client.get(PAGE).content.decode()
    return int(re.search(r'data-timeout="(\d+)"', html).group(1))


def test_a_page_read_soon_after_the_last_write_does_not_write_the_session(client, clock, settings):
    settings.SESSION_REFRESH_SECONDS = 60
    client.force_login(UserFactory())
    client.get(PAGE)  # the first signed-in request stamps the session
    clock.now += 10
    assert _session_writes(client) == 0
    clock.now += 10
    assert _session_writes(client) == 0


def test_the_session_is_written_again_once_the_refresh_interval_has_passed(client, clock, settings):
    settings.SESSION_REFRESH_SECONDS = 60
    client.force_login(UserFactory())
    client.get(PAGE)
    key = client.session.session_key
    first_expiry = Session.objects.get(session_key=key).expire_date
    clock.now += 61
    assert _session_writes(client) == 1
    # The database row's expiry moved on: the user's activity keeps them signed in.
    assert Session.objects.get(session_key=key).expire_date >= first_expiry


def test_the_expiry_warning_counts_from_the_last_write(client, clock, settings):
    settings.SESSION_REFRESH_SECONDS = 60
    settings.SESSION_COOKIE_AGE = 1800
    client.force_login(UserFactory())
    assert _timeout(client) == 1800
    clock.now += 45
    # Not written again yet: the session ends 1800 s after the last write, 45 s ago.
    assert _timeout(client) == 1755
    clock.now += 30
    # Due: this response writes it, so the whole age is left.
    assert _timeout(client) == 1800


def test_a_changed_session_is_written_at_once_the_keep_alive_ping(client, clock, settings):
    settings.SESSION_REFRESH_SECONDS = 60
    client.force_login(UserFactory())
    client.get(PAGE)
    clock.now += 20
    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("applications:session_keep_alive")).status_code == 204
    assert any(
        "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith("UPDATE")
        for q in queries
    )


def test_anonymous_visitors_get_no_session(client):
    response = client.get("/es/")
    assert "sessionid" not in response.cookies
