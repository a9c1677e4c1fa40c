"""Rendering letters: thin tasks over the outbox and `letters.services.letters`.

Acknowledged late (settings): a worker that dies mid-letter leaves the message for another,
and the service's unique keys make the second run find the letter or finish it, never add one.
A message lost altogether (the broker restarted empty) leaves its outbox row pending, and the
sweeper queues it again.
"""

from celery import shared_task

from applications.constants import OutboxKind
from applications.services import outbox
from applications.tasks.outbox import OUTBOX_TASK_LIMITS
from letters.services import letters


@shared_task(name="letters.tasks.letter_issue_task", **OUTBOX_TASK_LIMITS)
def letter_issue_task(entry_id: int, kind: str | None = None, source_key: str | None = None) -> str:
    """Issue the letter of outbox row `entry_id`; failures are the row's to record and retry.

    A message of the form (application id, kind, source key) was queued before the outbox
    existed: it is given its row, then issued as any other.
    """
    if kind is not None:
        entry_id = outbox.outbox_legacy_adopt(
            application_id=entry_id, kind=OutboxKind.LETTER, subkind=kind, source_key=source_key
        )
        if entry_id is None:
            return "gone"
    return outbox.outbox_entry_run(entry_id=entry_id)


@shared_task(
    name="letters.tasks.letter_batch_task",
    autoretry_for=(Exception,),
    retry_backoff=30,
    max_retries=3,
    ignore_result=True,
)
def letter_batch_task(batch_id: int) -> None:
    letters.letter_batch_run(batch_id=batch_id)
