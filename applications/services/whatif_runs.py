"""What-if runs started from the programme editor: queued as a task, their progress and
report kept in the cache (Redis in production, shared by the web and the workers) for a day.

A run belongs to the member of staff who started it; nobody else reads it. The task calls
`whatif_run_execute`, which does nothing for a run already finished, so a retried or
duplicated message is harmless.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from applications.services.whatif import UnknownProgramme, programme_whatif
from eligibility.engine import InvalidDefinition

RUN_TIMEOUT = 24 * 60 * 60
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
FINISHED = (DONE, FAILED)


def _key(run_id: str) -> str:
    return f"onestop-whatif-run-{run_id}"


def whatif_run(run_id: str) -> dict[str, Any] | None:
    """The stored run, or None when unknown or expired."""
    try:
        uuid.UUID(run_id)
    except (TypeError, ValueError):
        return None
    return cache.get(_key(run_id))


def whatif_run_for_user(run_id: str, user) -> dict[str, Any] | None:
    """The run if `user` started it; None otherwise (someone else's is as good as unknown)."""
    run = whatif_run(run_id)
    if run is None or run["user_id"] != user.pk:
        return None
    return run


def whatif_run_start(
    *,
    user,
    page_id: int,
    definition: Mapping[str, Any],
    against: str,
    as_of: dt.date | None = None,
) -> str:
    """Queue a run of `definition` against programme `against`; returns its id."""
    from applications.tasks.whatif import whatif_run_task

    run_id = str(uuid.uuid4())
    _save(
        run_id,
        {
            "id": run_id,
            "user_id": user.pk,
            "page_id": page_id,
            "definition": dict(definition),
            "against": against,
            "as_of": as_of.isoformat() if as_of else None,
            "status": QUEUED,
            "done": 0,
            "total": None,
            "report": None,
            "errors": [],
            "started_at": timezone.now().isoformat(),
        },
    )
    transaction.on_commit(lambda: whatif_run_task.delay(run_id))
    return run_id


def whatif_run_execute(*, run_id: str) -> str | None:
    """Run a queued run and store its report or its errors; the run's status after it."""
    run = whatif_run(run_id)
    if run is None or run["status"] in FINISHED:
        return None if run is None else run["status"]
    run["status"] = RUNNING
    _save(run_id, run)

    def progress(done: int, total: int) -> None:
        run["done"], run["total"] = done, total
        _save(run_id, run)

    as_of = dt.date.fromisoformat(run["as_of"]) if run["as_of"] else None
    try:
        report = programme_whatif(
            definition=run["definition"], against=run["against"], as_of=as_of, progress=progress
        )
    except InvalidDefinition as invalid:
        run.update(status=FAILED, errors=[str(error) for error in invalid.errors])
    except UnknownProgramme as unknown:
        run.update(status=FAILED, errors=[str(unknown)])
    else:
        run.update(status=DONE, report=report.as_dict())
    _save(run_id, run)
    return run["status"]


def whatif_run_status(run: Mapping[str, Any]) -> dict[str, Any]:
    """What the progress endpoint answers: no definition and no report, just where it is."""
    total = run["total"]
    done = run["done"]
    percent = 100 if run["status"] == DONE else (int(done * 100 / total) if total else 0)
    return {
        "id": run["id"],
        "status": run["status"],
        "finished": run["status"] in FINISHED,
        "done": done,
        "total": total,
        "percent": percent,
    }


def _save(run_id: str, run: Mapping[str, Any]) -> None:
    cache.set(_key(run_id), dict(run), RUN_TIMEOUT)
