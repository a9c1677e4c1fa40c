"""Rendering letters: thin tasks over `applications.services.letters`.

Acknowledged late (settings): a worker that dies mid-letter leaves the message for another,
and the service's unique keys make the second run find the letter or finish it, never add one.
"""

import logging

from celery import shared_task

from applications.services import letters

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="applications.tasks.letters.letter_issue_task",
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
    ignore_result=True,
)
def letter_issue_task(self, application_id: int, kind: str, source_key: str) -> None:
    try:
        letters.letter_issue(application_id=application_id, kind=kind, source_key=source_key)
    except Exception:
        logger.exception(
            "letter %s of application %s (%s) failed on attempt %s; it will be retried",
            kind,
            application_id,
            source_key,
            self.request.retries + 1,
        )
        raise


@shared_task(
    name="applications.tasks.letters.letter_batch_task",
    autoretry_for=(Exception,),
    retry_backoff=30,
    max_retries=3,
    ignore_result=True,
)
def letter_batch_task(batch_id: int) -> None:
    letters.letter_batch_run(batch_id=batch_id)
