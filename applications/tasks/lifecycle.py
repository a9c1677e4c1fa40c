"""The daily anonymisation of files past their retention period (see
applications.services.lifecycle). Idempotent: a file is anonymised once, under its row lock."""

from celery import shared_task

from applications.models.lifecycle import VIA_TASK
from applications.services.lifecycle import retention_anonymise_due


@shared_task(name="applications.tasks.lifecycle.retention_anonymise", ignore_result=True)
def retention_anonymise_task() -> dict:
    run = retention_anonymise_due(via=VIA_TASK)
    return {
        "applications": len(run.applications),
        "organisations": run.organisations,
        "documents_deleted": run.documents_deleted,
        "letters_removed": run.letters_removed,
        "failed": run.failed,
    }
