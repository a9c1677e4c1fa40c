"""The daily clean-up of abandoned drafts (see applications.services.drafts_cleanup)."""

from celery import shared_task

from applications.services.drafts_cleanup import drafts_clean_up


@shared_task(name="applications.tasks.drafts.drafts_clean_up", ignore_result=True)
def drafts_clean_up_task() -> dict:
    result = drafts_clean_up()
    return {
        "reminded": result.reminded,
        "deleted": result.deleted,
        "files_deleted": result.files_deleted,
    }
