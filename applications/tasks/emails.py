"""Sending an application's emails: thin tasks over the outbox
(`applications.services.outbox`, `applications.services.notifications`)."""

from celery import shared_task

from applications.constants import OutboxKind
from applications.services import outbox
from applications.tasks.outbox import OUTBOX_TASK_LIMITS


@shared_task(name="applications.tasks.emails.application_email_send", **OUTBOX_TASK_LIMITS)
def application_email_send(
    entry_id: int,
    kind: str | None = None,
    dedupe_key: str | None = None,
    context: dict | None = None,
) -> str:
    """Send the email of outbox row `entry_id`. Failures are the row's to record and retry
    (with backoff, by the sweeper), not Celery's.

    A message of the form (application id, kind, dedupe key, context) was queued before the
    outbox existed: it is given its row, then sent as any other.
    """
    if kind is not None:
        entry_id = outbox.outbox_legacy_adopt(
            application_id=entry_id,
            kind=OutboxKind.EMAIL,
            subkind=kind,
            source_key=dedupe_key,
            context=context,
        )
        if entry_id is None:
            return "gone"
    return outbox.outbox_entry_run(entry_id=entry_id)
