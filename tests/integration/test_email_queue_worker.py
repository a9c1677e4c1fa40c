"""E-mails never delay letters. The mail server hangs (it takes the connection and never
says a word, so each send waits for EMAIL_TIMEOUT); three decisions have issued their
letters and owe their three e-mails; a fourth decision's letter is still issued at once by
the worker on the default queue, while the e-mails wait, unsent, on the `emails` queue.

Had the e-mails shared the letters' queue, the fourth letter would wait behind them for
three times EMAIL_TIMEOUT. The test runs its own `redis-server`, so that the suite's worker
(which serves every queue) cannot take the e-mails, and its own worker of one process on the
default queue only.
"""

import contextlib
import os
import shutil
import socket
import time
from decimal import Decimal

import pytest
import redis
from django.contrib.auth.models import Group

from applications.constants import OutboxKind, OutboxState
from applications.models import OutboxEntry
from applications.roles import CASEWORKERS, SENIOR_CASEWORKERS
from desk.models import ProgrammeDesk
from desk.services import decision_approve
from letters.models import Letter
from tests.factories.accounts import UserFactory
from tests.integration.cases import SLUG, cases_in_review, wait_for
from tests.integration.conftest import UNDER_CI
from tests.integration.workers import PrivateRedis, Worker, free_port, publishing_to

BACKLOG = 3
EMAIL_TIMEOUT = 20  # seconds each hung send takes; the backlog is three times that
PROMPT = 10  # seconds: a letter on an idle worker takes well under one


@contextlib.contextmanager
def hung_mail_server():
    """A port that accepts connections (the kernel completes them) and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


def messages_in(broker: redis.Redis) -> int:
    """Messages waiting on either queue, or taken by a worker and not yet acknowledged."""
    return broker.llen("celery") + broker.llen("emails") + broker.hlen("unacked")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backlog_of_hung_emails_does_not_delay_a_letter(real_services, tmp_path, settings):
    from onestop.celery import app

    if shutil.which("redis-server") is None:
        reason = "redis-server is not installed: the test runs a Redis of its own"
        if UNDER_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    database = settings.DATABASES["default"]
    broker = PrivateRedis(free_port(), tmp_path / "redis.log")
    ProgrammeDesk.objects.create(
        programme_slug=SLUG, budget=None, four_eyes_threshold=Decimal("100000.00")
    )
    senior = UserFactory(username="senior-email-queue")
    senior.groups.set(
        [Group.objects.get_or_create(name=name)[0] for name in (CASEWORKERS, SENIOR_CASEWORKERS)]
    )
    *first, last = cases_in_review(BACKLOG + 1)

    broker.start()
    with hung_mail_server() as mail_port:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "onestop.settings.test",
            "DATABASE_URL": (
                f"postgres://{database['USER']}:{database.get('PASSWORD') or ''}@"
                f"{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
            ),
            "CELERY_BROKER_URL": broker.url,
            "CELERY_RESULT_BACKEND": broker.url,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail_port),
            "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
        }
        broker_client = redis.Redis.from_url(broker.url)
        worker = Worker(env, tmp_path / "worker.log", queues=("celery",), pool=("--pool=solo",))
        try:
            with publishing_to(app, broker.url):
                worker.start(app)
                for case in first:
                    decision_approve(application=case, user=senior)
                wait_for(
                    lambda: Letter.objects.count() == BACKLOG, timeout=60, what="the first letters"
                )
                # Each letter, once issued, queues its decision e-mail (owed at the decision):
                # wait until all three are in the broker, on whichever queue, taken or not.
                wait_for(
                    lambda: messages_in(broker_client) == BACKLOG,
                    timeout=10,
                    what="the decision e-mails queued",
                )

                decided = time.monotonic()
                decision_approve(application=last, user=senior)
                wait_for(
                    lambda: Letter.objects.filter(application=last).exists(),
                    timeout=PROMPT,
                    what="the last decision's letter, behind a backlog of hung e-mails",
                )
                waited = time.monotonic() - decided

                emails = OutboxEntry.objects.filter(kind=OutboxKind.EMAIL)
                assert emails.count() == BACKLOG + 1
                assert not emails.filter(state=OutboxState.DONE).exists()
                # The e-mails are on their own queue, untouched: this worker does not serve it.
                assert broker_client.llen("emails") == BACKLOG + 1
        finally:
            worker.stop()
            broker.kill()

    assert Letter.objects.count() == BACKLOG + 1
    print(
        f"\nthe last letter was issued {waited:.1f} s after its decision, "
        f"with {BACKLOG + 1} e-mails waiting on a hung mail server"
    )
