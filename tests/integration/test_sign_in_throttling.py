"""Failed sign-ins are counted in the shared Redis cache: two server processes (as gunicorn's
workers or two machines behind a balancer would be) lock the account together."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests
from django.conf import settings

from tests.factories.accounts import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cache_url() -> str:
    """A Redis database of the suite's own, beside its broker's."""
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    number = (broker.connection_pool.connection_kwargs.get("db") or 0) + 1
    host = broker.connection_pool.connection_kwargs["host"]
    port = broker.connection_pool.connection_kwargs["port"]
    return f"redis://{host}:{port}/{number}"


@pytest.fixture
def two_servers(tmp_path):
    database = settings.DATABASES["default"]
    cache_url = _cache_url()
    redis.Redis.from_url(cache_url).flushdb()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "onestop.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database.get('PASSWORD') or ''}@"
            f"{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CACHE_URL": cache_url,
    }
    servers, urls = [], []
    for index in range(2):
        port = _free_port()
        log = (tmp_path / f"server-{index}.log").open("w")
        servers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "onestop.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, server in zip(urls, servers, strict=True):
            deadline = time.monotonic() + 60
            while True:
                try:
                    requests.get(f"{url}/en/accounts/login/", timeout=10)
                    break
                except requests.RequestException:
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(
                            "a server did not start: " + (tmp_path / "server-0.log").read_text()
                        )
                    time.sleep(0.3)
        yield urls
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
        redis.Redis.from_url(cache_url).flushdb()


def attempt(base_url: str, email: str, password: str) -> str:
    session = requests.Session()
    # Both processes serve one site, as behind a balancer: the same host name.
    session.headers["Host"] = "localhost"
    page = session.get(f"{base_url}/en/accounts/login/", timeout=10).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = session.post(
        f"{base_url}/en/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        allow_redirects=False,
        timeout=10,
    )
    if response.status_code == 302:
        return "signed in"
    return response.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failed_sign_ins_on_two_processes_lock_the_account_together(two_servers):
    first, second = two_servers
    user = UserFactory(username="throttled")
    # Five failures in all, three here and two there: neither process alone saw five.
    for base_url in (first, second, first, second, first):
        answer = attempt(base_url, user.email, "wrong-password-1")
        assert answer != "signed in"
        assert "locked until" not in answer
    answer = attempt(second, user.email, PASSWORD)
    assert answer != "signed in", "the second process let the right password in"
    assert "locked until" in answer

    other = UserFactory(username="untouched")
    assert attempt(second, other.email, PASSWORD) == "signed in", "only that account is locked"
    print(f"\nlocked across {first} and {second} via {_cache_url()}")
