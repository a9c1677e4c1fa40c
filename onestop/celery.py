"""The Celery application.

Without CELERY_BROKER_URL the tasks run in-process (eager), so the demo and the unit tests
need no broker; with it, they go to Redis and a worker started with `celery -A onestop worker`.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings.dev")

app = Celery("onestop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
