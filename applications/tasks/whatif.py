"""A what-if run of the programme editor (see applications.services.whatif_runs)."""

from celery import shared_task

from applications.services.whatif_runs import whatif_run_execute


@shared_task(name="applications.tasks.whatif.whatif_run", ignore_result=True)
def whatif_run_task(run_id: str) -> str | None:
    return whatif_run_execute(run_id=run_id)
