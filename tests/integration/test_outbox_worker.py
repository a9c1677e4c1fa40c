"""Nothing that must happen lives only in the broker: 300 decisions, a worker SIGKILLed mid-run
and its Redis restarted empty, then a new worker and the outbox's sweeper; at the end every
applicant has exactly one decision letter and exactly one decision email.

The test runs its own `redis-server` on a free port (no persistence: a restart loses every
message) and its own prefork worker (two children under a main process) on the test
database, writing emails to files that the test counts.
"""

import email
import email.header
import os
import re
import shutil
import signal
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import redis
from django.contrib.auth.models import Group
from django.utils import timezone

from applications.constants import EventKind, OutboxState
from applications.models import Application, ApplicationEvent, OutboxEntry
from applications.roles import CASEWORKERS, SENIOR_CASEWORKERS
from applications.services import outbox
from desk.models import ProgrammeDesk
from desk.services import decision_approve, decision_reject
from letters.models import Letter
from tests.factories.accounts import UserFactory
from tests.integration.cases import SLUG, cases_in_review, wait_for
from tests.integration.conftest import UNDER_CI
from tests.integration.workers import PrivateRedis, Worker, free_port, publishing_to

DECISIONS = 300
REFERENCE = re.compile(r"[A-Z]{3}-\d{4}-\d{6}")
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def mailed_references(folder: Path) -> Counter:
    """How many emails the file backend wrote for each application reference."""
    counts = Counter()
    for path in folder.glob("*.log"):
        for chunk in path.read_bytes().split(SEPARATOR):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk)
            if message["Subject"] is None:
                continue  # the worker is still writing this one: read on the next poll
            subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
            (reference,) = REFERENCE.findall(subject)
            counts[reference] += 1
    return counts


def outbox_locks_held() -> int:
    """Row and table locks on the outbox that other sessions hold."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = %s AND l.pid <> pg_backend_pid()",
            [OutboxEntry._meta.db_table],
        )
        return cursor.fetchone()[0]


def kill_outside_the_send_window(worker: Worker, mail_folder: Path) -> int:
    """SIGKILL the worker's processes at a point of the run where no email has reached the
    mail server without its commit: freeze them all (SIGSTOP), and if a message is in the
    files whose record is not committed, let them go on a moment and freeze them again.

    That instant, between the server taking a message and the commit, is the one place where
    a kill duplicates an email, and no sender can close it; anywhere else, a kill loses
    nothing and doubles nothing, which is what this test is about. Returns the freezes it
    took."""
    for freezes in range(1, 200):
        worker.signal(signal.SIGSTOP)
        committed = set(
            ApplicationEvent.objects.filter(kind=EventKind.EMAIL).values_list(
                "application__reference", flat=True
            )
        )
        if set(mailed_references(mail_folder)) <= committed:
            worker.kill()
            return freezes
        worker.signal(signal.SIGCONT)
        time.sleep(0.02)
    pytest.fail("no instant outside an email's send and commit to kill the worker at")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_killed_worker_and_an_emptied_broker_lose_no_letter_and_no_email(
    real_services, tmp_path, settings
):
    from django.db import connection

    from onestop.celery import app

    assert connection.vendor == "postgresql"
    if shutil.which("redis-server") is None:
        reason = "redis-server is not installed: the test runs a Redis of its own"
        if UNDER_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    started = time.monotonic()
    mail_folder = tmp_path / "mail"
    mail_folder.mkdir()
    database = settings.DATABASES["default"]
    broker = PrivateRedis(free_port(), tmp_path / "redis.log")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "onestop.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database.get('PASSWORD') or ''}@"
            f"{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CELERY_BROKER_URL": broker.url,
        "CELERY_RESULT_BACKEND": broker.url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_folder),
    }
    workers = [Worker(env, tmp_path / "worker-1.log"), Worker(env, tmp_path / "worker-2.log")]

    ProgrammeDesk.objects.create(
        programme_slug=SLUG, budget=None, four_eyes_threshold=Decimal("100000.00")
    )
    senior = UserFactory(username="senior-outbox-crash")
    senior.groups.set(
        [Group.objects.get_or_create(name=name)[0] for name in (CASEWORKERS, SENIOR_CASEWORKERS)]
    )
    cases = cases_in_review(DECISIONS)
    phases = {"cases": time.monotonic() - started}

    broker.start()
    try:
        with publishing_to(app, broker.url) as reconnect:
            workers[0].start(app)
            # Each decision commits on its own and queues its letter on commit.
            for index, case in enumerate(cases):
                if index % 2:
                    decision_reject(
                        application=case,
                        user=senior,
                        reason_codes=["not_eligible"],
                        text="No cumple los requisitos del programa.",
                    )
                else:
                    decision_approve(application=case, user=senior)
            phases["decisions"] = time.monotonic() - started
            wait_for(
                lambda: Letter.objects.count() >= DECISIONS // 3,
                timeout=90,
                what="a third of the letters",
            )
            freezes = kill_outside_the_send_window(workers[0], mail_folder)
            phases["kill"] = time.monotonic() - started
            letters_before = Letter.objects.count()
            emails_before = sum(mailed_references(mail_folder).values())

            broker.kill()  # every queued, reserved and unacknowledged message is gone
            broker.start()
            reconnect()
            assert redis.Redis.from_url(broker.url).dbsize() == 0
            workers[1].start(app)
            # PostgreSQL rolls back the killed processes' transactions as their sockets close.
            wait_for(lambda: not outbox_locks_held(), timeout=30, what="the killed sessions' locks")
            phases["restart"] = time.monotonic() - started
            lost = OutboxEntry.objects.filter(state=OutboxState.PENDING).count()
            assert lost, "the kill came too late: nothing was left to lose"

            # Beat's sweep finds the lost rows due once their lease (ONESTOP_OUTBOX_LEASE_SECONDS
            # from when they were queued) is over: that sweep, brought forward, queues them.
            requeued = outbox.outbox_sweep(now=timezone.now() + outbox.outbox_lease())
            assert requeued == lost
            # Then beat's sweeps go on (many a second here rather than one a minute): the
            # rows just queued are within their new lease, so they queue nothing twice.
            sweeps = []

            def swept_and_done():
                sweeps.append(outbox.outbox_sweep())
                return not OutboxEntry.objects.exclude(state=OutboxState.DONE).exists()

            wait_for(swept_and_done, timeout=120, what="every outbox row done")
            wait_for(
                lambda: sum(mailed_references(mail_folder).values()) >= DECISIONS,
                timeout=30,
                what="every email file",
            )
            phases["done"] = time.monotonic() - started
            time.sleep(1)  # anything still queued twice would land now
    finally:
        for worker in workers:
            worker.stop()
        broker.kill()

    elapsed = time.monotonic() - started
    assert Letter.objects.count() == DECISIONS
    assert Letter.objects.values("application").distinct().count() == DECISIONS
    kinds = Counter(Letter.objects.values_list("kind", flat=True))
    assert kinds == {"award": DECISIONS // 2, "rejection": DECISIONS // 2}
    mailed = mailed_references(mail_folder)
    assert sum(mailed.values()) == DECISIONS
    assert set(mailed) == set(Application.objects.values_list("reference", flat=True))
    assert max(mailed.values()) == 1, [ref for ref, n in mailed.items() if n > 1]
    assert ApplicationEvent.objects.filter(kind=EventKind.EMAIL).count() == DECISIONS
    assert OutboxEntry.objects.count() == 2 * DECISIONS
    assert not OutboxEntry.objects.exclude(state=OutboxState.DONE).exists()
    assert not OutboxEntry.objects.filter(attempts__gt=0).exists()
    print(
        f"\noutbox crash test: {DECISIONS} decisions; at the kill ({freezes} freeze(s)) "
        f"{letters_before} letters and {emails_before} emails were out and {lost} of "
        f"{2 * DECISIONS} rows pending; the sweep after the restart queued {requeued}, the "
        f"{len(sweeps)} sweeps after it {sum(sweeps)}; "
        f"finished with {Letter.objects.count()} letters and {sum(mailed.values())} emails "
        f"in {elapsed:.1f}s ({', '.join(f'{k} at {v:.1f}s' for k, v in phases.items())})"
    )
