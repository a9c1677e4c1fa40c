"""Periodic reminders to applicants (Celery beat)."""

import logging

from celery import shared_task

from applications.services.corrections import corrections_lapse
from applications.services.e_notifications import notifications_deem_rejected
from applications.services.information_reminders import information_reminders_send

logger = logging.getLogger(__name__)


@shared_task(name="applications.tasks.reminders.information_reminders_task", ignore_result=True)
def information_reminders_task() -> None:
    count = information_reminders_send()
    if count:
        logger.info("%s information request reminder(s) queued", count)


@shared_task(name="applications.tasks.reminders.corrections_lapse_task", ignore_result=True)
def corrections_lapse_task() -> int:
    return len(corrections_lapse())


@shared_task(name="applications.tasks.reminders.notifications_deem_rejected_task", ignore_result=True)
def notifications_deem_rejected_task() -> int:
    return len(notifications_deem_rejected())
