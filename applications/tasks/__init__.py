"""Celery tasks of the applications app, one module per concern; all are imported here so
that the worker's autodiscovery registers them."""

from . import (
    drafts,  # noqa: F401
    emails,  # noqa: F401
    letters,  # noqa: F401
    lifecycle,  # noqa: F401
    outbox,  # noqa: F401
    reminders,  # noqa: F401
)
