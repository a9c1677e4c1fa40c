"""The Celery application.

Without CELERY_BROKER_URL the tasks run in-process (eager), so the demo and the unit tests
need no broker; with it, they go to Redis and a worker started with `celery -A onestop worker`.
"""

import os

from celery import Celery, signals
from celery.fixups.django import DjangoFixup
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings.dev")

app = Celery("onestop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
def _connections_kept_between_tasks(sender=None, **kwargs) -> None:
    """Let a worker keep its database connection from task to task, as the site keeps it
    from request to request.

    Celery's Django fix-up closes every connection before and after each task, whatever
    CONN_MAX_AGE says: a letter paid for a new PostgreSQL connection (and its TLS and
    authentication) every time. Each task now starts and ends as a request does in Django,
    with `close_old_connections`: a connection older than CONN_MAX_AGE, or broken, is closed,
    and CONN_HEALTH_CHECKS checks a kept one before its first use. CONN_MAX_AGE = 0 still
    closes after every task. Forked pool children still drop the parent's connections (the
    fix-up's own `on_worker_process_init`, which this leaves alone).
    """
    for fixup in app._fixups:
        if isinstance(fixup, DjangoFixup):
            # The fix-up's task_prerun and task_postrun receivers call this method.
            fixup.worker_fixup.close_database = _connections_close_old


def _connections_close_old(**kwargs) -> None:
    from django import db

    db.close_old_connections()


@app.task(name="onestop.ping")
def ping() -> dict:
    """Report which database the worker sees: a liveness probe for operators and CI."""
    import socket

    from django.db import connection

    return {
        "hostname": socket.gethostname(),
        "database_vendor": connection.vendor,
        "database_name": str(connection.settings_dict["NAME"]),
    }


# Celery beat (`celery -A onestop beat`) runs the periodic tasks.
app.conf.beat_schedule = {
    # Programme pages (an application window's page, a change of rules) go live and expire at
    # the times set in their Settings tab; Wagtail applies those times only when asked.
    "publish-scheduled-pages": {
        "task": "cms.tasks.publish_scheduled_pages",
        "schedule": 60.0,
        # A run that waited longer than its interval is superseded by the next one.
        "options": {"expires": 55},
    },
    # Abandoned drafts: reminders, then deletion with their files. Once a day, at night.
    "clean-up-drafts": {
        "task": "applications.tasks.drafts.drafts_clean_up",
        "schedule": crontab(hour=3, minute=30),
    },
    # The outbox: letters and emails owed whose task was lost (a broker restarted empty, a
    # killed worker) or whose backoff is over are queued again.
    "sweep-outbox": {
        "task": "applications.tasks.outbox.outbox_sweep_task",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Files past their retention period: personal data replaced, documents and letters' PDFs
    # deleted, figures kept. Once a day, at night, after the drafts.
    "anonymise-past-retention": {
        "task": "applications.tasks.lifecycle.retention_anonymise",
        "schedule": crontab(hour=4, minute=0),
    },
    # Unanswered information requests: one reminder each, a few days before they are due.
    "remind-information-requests": {
        "task": "applications.tasks.reminders.information_reminders_task",
        "schedule": crontab(hour=9, minute=0),
    },
    # Requests to correct whose last day has passed unanswered: the application is closed as
    # withdrawn (desistimiento), with its letter. Just after midnight, city time.
    # Decisions and requests ten natural days at the applicant's disposal without being
    # opened count as rejected (Ley 39/2015, art. 43.2): the appeal time starts. Hourly.
    "deem-notifications-rejected": {
        "task": "applications.tasks.reminders.notifications_deem_rejected_task",
        "schedule": crontab(minute=5),
    },
    "lapse-correction-requests": {
        "task": "applications.tasks.reminders.corrections_lapse_task",
        "schedule": crontab(hour=0, minute=15),
    },
}
