"""Celery tasks of the applications app, one module per concern; all are imported here so
that the worker's autodiscovery registers them."""

from applications.tasks import drafts, emails, lifecycle, outbox, reminders, whatif  # noqa: F401
