"""How the worker is set up: which queue each task goes to, and its database connection."""

from types import SimpleNamespace
from unittest import mock

import pytest
from celery.fixups.django import DjangoFixup

from onestop.celery import _connections_kept_between_tasks, app

EMAIL_TASK = "applications.tasks.emails.application_email_send"


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_the_email_task_goes_to_the_emails_queue():
    assert queue_of(EMAIL_TASK) == "emails"


@pytest.mark.parametrize(
    "task_name",
    [
        "letters.tasks.letter_issue_task",
        "letters.tasks.letter_batch_task",
        "applications.tasks.outbox.outbox_sweep_task",
    ],
)
def test_letters_and_the_rest_stay_on_the_default_queue(task_name):
    assert queue_of(task_name) == "celery"


def test_every_task_but_the_emails_stays_on_the_default_queue():
    app.loader.import_default_modules()
    project_tasks = [name for name in app.tasks if not name.startswith("celery.")]
    assert EMAIL_TASK in project_tasks
    assert {name: queue_of(name) for name in project_tasks if name != EMAIL_TASK} == {
        name: "celery" for name in project_tasks if name != EMAIL_TASK
    }


def test_a_worker_task_closes_only_old_connections_not_every_connection():
    """Celery's Django fix-up would close every connection around each task, whatever
    CONN_MAX_AGE says; the worker's tasks close them as Django's requests do instead."""
    (fixup,) = [fixup for fixup in app._fixups if isinstance(fixup, DjangoFixup)]
    worker_fixup = fixup.worker_fixup
    task = SimpleNamespace(request=SimpleNamespace(is_eager=False))
    try:
        _connections_kept_between_tasks(sender=None)
        with (
            mock.patch("django.db.close_old_connections") as close_old,
            mock.patch.object(worker_fixup, "_close_database") as close_all,
        ):
            worker_fixup.on_task_prerun(sender=task)
            worker_fixup.on_task_postrun(sender=task)
        assert close_old.call_count == 2
        close_all.assert_not_called()
    finally:
        del worker_fixup.close_database
