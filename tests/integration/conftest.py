"""The integration suite: the real PostgreSQL, Redis and a Celery worker process.

Run it with DATABASE_URL pointing at PostgreSQL and CELERY_BROKER_URL at a Redis database of
its own (see .ci/run). Where a service is missing the suite is skipped on a developer's
machine, and fails under CI=true: a CI run that silently skipped it would prove nothing.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings

from tests.integration.cases import WORKER_QUEUES

ROOT = Path(__file__).resolve().parents[2]
UNDER_CI = os.environ.get("CI", "").lower() == "true"


def _missing(reason: str):
    if UNDER_CI:
        pytest.exit(f"integration suite: {reason} (required under CI=true)", returncode=1)
    pytest.skip(reason)


def pytest_report_header(config):
    database = settings.DATABASES["default"]
    return (
        f"integration: database {database['ENGINE'].rsplit('.', 1)[-1]} "
        f"at {database.get('HOST') or 'local'}:{database.get('PORT') or ''}, "
        f"broker {settings.CELERY_BROKER_URL or '(none: tasks in-process)'}"
    )


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session", autouse=True)
def real_services():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        _missing("DATABASE_URL does not point at PostgreSQL")
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        _missing("CELERY_BROKER_URL does not point at Redis")
    try:
        broker = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=3)
        broker.ping()
    except redis.RedisError as error:
        _missing(f"Redis is not reachable at {settings.CELERY_BROKER_URL}: {error}")
    # The suite's own Redis database: nothing left over from an earlier run is delivered.
    broker.flushdb()


# The worker, once started, outlives the test that asked for it: tasks queued by later tests
# run in it too, and must be done before a test's data is flushed.
_running_workers: list[str] = []


def worker_idle(node: str, *, timeout: float = 60) -> None:
    """Wait until the worker has nothing queued, reserved or running."""
    from onestop.celery import app

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    deadline = time.monotonic() + timeout
    settled = False
    while time.monotonic() < deadline:
        inspect = app.control.inspect(destination=[node], timeout=1)
        active, reserved = inspect.active(), inspect.reserved()
        # A solo-pool worker answers control messages only between tasks: no answer means it
        # is still running one (reading silence as idle let a flush race a task's writes).
        answered = active is not None and node in active and reserved is not None
        busy = not answered or any(
            listed for tasks in (active, reserved) for listed in tasks.values()
        )
        # Acknowledged late, a message the worker has taken stays in kombu's `unacked` hash
        # until its task ends: the queue can be empty and the reply idle while a task that
        # was just taken is about to start. Idle is asked twice, a moment apart, too.
        queued = sum(broker.llen(queue) for queue in WORKER_QUEUES) + broker.hlen("unacked")
        if not busy and queued == 0:
            if settled:
                return
            settled = True
        else:
            settled = False
        time.sleep(0.2)
    pytest.fail(f"the Celery worker {node} was still busy after {timeout}s")


@pytest.fixture(autouse=True)
def _worker_idle_after_each_test(request):
    """A task still writing when the test's tables are truncated can deadlock the flush."""
    # Set up after pytest-django's database fixture, so torn down before its flush.
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")
    yield
    for node in list(_running_workers):
        worker_idle(node)


@pytest.fixture(scope="session")
def celery_worker(real_services, django_db_setup, django_db_blocker, tmp_path_factory):
    """A real `celery -A onestop worker` process on the test database."""
    from onestop.celery import app

    database = settings.DATABASES["default"]
    test_database_url = (
        f"postgres://{database['USER']}:{database.get('PASSWORD') or ''}@"
        f"{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    node = f"onestop-test-{uuid.uuid4().hex[:8]}@localhost"
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "onestop.settings.test",
        "DATABASE_URL": test_database_url,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    with log.open("w") as log_file:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "onestop",
                "worker",
                "-Q",
                ",".join(WORKER_QUEUES),
                "--pool=solo",
                "--loglevel=INFO",
                "--hostname",
                node,
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[node], timeout=1):
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not start:\n{log.read_text()[-4000:]}")
        _running_workers.append(node)
        yield node
    finally:
        _running_workers.clear()
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


@pytest.fixture(autouse=True)
def _migration_data_restored(django_db_serialized_rollback):
    """Every test here starts from the data the migrations made (roles, content types,
    letter templates), whichever transactional test ran before it. Without this, a test that
    flushes the database re-creates content types on the way out, and a later test that
    restores the migration data collides with them."""
