"""Background work of the CMS app."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="cms.tasks.publish_scheduled_pages", ignore_result=True)
def publish_scheduled_pages() -> None:
    """Publish revisions whose go-live time has come and unpublish pages past their expiry.

    Wagtail keeps that logic in its `publish_scheduled` command only; calling the command keeps
    ours identical to what Wagtail's documentation tells operators to run from cron. It is
    idempotent: a revision once published is no longer scheduled, a page once expired no
    longer live.
    """
    call_command("publish_scheduled")
