"""The outbox's periodic sweep (Celery beat, every minute) and the limits of its tasks."""

import logging

from celery import shared_task

from applications.services.outbox import outbox_sweep

logger = logging.getLogger(__name__)

# A letter renders in well under a second and an email is one SMTP exchange: a run still
# going after a minute is stuck. The soft limit raises inside the run, which records the
# failure on the row; the hard limit, well under the broker's visibility timeout (settings),
# kills it, so that no message is redelivered to a second worker while the first still runs.
# No Celery retries: the row keeps the attempts and the backoff, which survive the broker.
OUTBOX_TASK_LIMITS = {"soft_time_limit": 60, "time_limit": 90, "ignore_result": True}


@shared_task(name="applications.tasks.outbox.outbox_sweep_task", ignore_result=True)
def outbox_sweep_task() -> int:
    return outbox_sweep()
