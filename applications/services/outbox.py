"""The outbox: what an application's change owes (letters, emails), kept in the database.

A service that owes a letter or an email writes its row (`outbox_entry_owe`) in the same
transaction as the change, so the row exists exactly when the change does. Once that commits
the row's id is queued; the task (`outbox_entry_run`) claims the row, does the work, and marks
it done, in one transaction. The broker only carries ids: a message lost with Redis or with a
killed worker leaves its row pending, and the sweeper (`outbox_sweep`, every minute) queues
every row that is due again. A failure counts an attempt and waits with exponential backoff;
after ONESTOP_OUTBOX_MAX_ATTEMPTS the row is dead, listed for staff to retry.

The work itself stays with the app it belongs to, which registers it here for its kind of
row (`outbox_work_register`): letters register their issue (unique per application, kind and
source key), applications the email's delivery (sent once per key, under the row's lock). The
outbox knows neither. A row is claimed with `SELECT … FOR UPDATE SKIP LOCKED` where the database has it, so
two deliveries of one row never run it at once: the second finds it locked and leaves it.
"""

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from applications.constants import EventKind, OutboxKind, OutboxState
from applications.models import Application, OutboxEntry
from applications.selectors_outbox import may_manage_outbox
from applications.services.transitions import event_record

logger = logging.getLogger(__name__)

# The longest stored error: enough for an SMTP reply or a traceback's last line.
ERROR_LENGTH = 2000


class OutboxWait(Exception):
    """The row cannot be done yet, through no fault of its own (a decision email whose letter
    is still being issued): it is tried again later and uses no attempt."""


class OutboxRetryRefused(Exception):
    """The row is done: there is nothing to retry."""


@dataclass(frozen=True)
class OutboxWork:
    """What one kind of row does. `perform` does the work of a row the caller has locked;
    `task` is the Celery task that carries a row's id to a worker; `labels` name the row's
    subkinds for staff; `attachment`, for the kind an email can carry (a letter), returns what
    the email carries, or None when it never will; `owe`, for letters, writes the rows a
    decision or request owes (which decision the letter states is the letters app's)."""

    perform: Callable[[OutboxEntry], None]
    task: Any
    labels: Mapping[str, str] = field(default_factory=dict)
    attachment: Callable[..., Any] | None = None
    owe: Callable[..., None] | None = None


_WORK: dict[str, OutboxWork] = {}


def outbox_work_register(*, kind: str, work: OutboxWork) -> None:
    """Called by the app that does a kind of row's work, from its AppConfig.ready."""
    _WORK[kind] = work


def outbox_work(kind: str) -> OutboxWork:
    try:
        return _WORK[kind]
    except KeyError:
        raise LookupError(f"no app does the outbox's {kind!r} rows: is it installed?") from None


def letter_owe(*, application: Application, kind: str) -> None:
    """Owe the letter of `kind` ("award", "rejection", "information_request", "revocation")
    for the decision or request written in the current transaction. The desk calls this; the
    letters app, which sits above it, does the owing."""
    outbox_work(OutboxKind.LETTER).owe(application=application, kind=kind)


def outbox_entry_label(entry: OutboxEntry) -> str:
    """What the row owes, as staff read it: "Award letter", "Decision email"."""
    return str(outbox_work(entry.kind).labels.get(entry.subkind, entry.subkind))


# --- owing ---------------------------------------------------------------------------------


def outbox_key(*, kind: str, application_id: int, subkind: str, source_key: str) -> str:
    """The one key of an owed action: the same letter or email owed twice is one row."""
    if kind == OutboxKind.LETTER:
        return f"letter:{application_id}:{subkind}:{source_key}"
    return f"email:{application_id}:{source_key}"


def outbox_entry_owe(
    *,
    application: Application,
    kind: str,
    subkind: str,
    source_key: str,
    context: dict | None = None,
    batch=None,  # the letters' batch that asks for it, if any
    queue: bool = True,
) -> OutboxEntry:
    """Write the row for a letter or email that the current transaction owes (or find the one
    already written), and queue it once the transaction commits.

    Owing again a row that is still pending queues it again (the letter that a decision email
    waits for is issued: the email goes now, not at the next sweep); a done or dead row is
    left as it is.
    """
    key = outbox_key(
        kind=kind, application_id=application.pk, subkind=subkind, source_key=source_key
    )
    entry, created = OutboxEntry.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "subkind": subkind,
            "application": application,
            "source_key": source_key,
            "context": context or {},
            "batch": batch,
            # Left to the task queued on commit; the sweeper steps in only if that is lost.
            "next_attempt_at": timezone.now() + outbox_lease(),
        },
    )
    if queue and entry.state == OutboxState.PENDING:
        outbox_entry_queue_on_commit(entry)
    return entry


def outbox_lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.ONESTOP_OUTBOX_LEASE_SECONDS)


def outbox_backoff(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failure: the base, doubled each time, capped."""
    seconds = settings.ONESTOP_OUTBOX_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.ONESTOP_OUTBOX_BACKOFF_MAX_SECONDS))


def outbox_legacy_adopt(
    *, application_id: int, kind: str, subkind: str, source_key: str, context: dict | None = None
) -> int | None:
    """The row's id for a message queued before the outbox existed, which carried the work
    itself (an application id, the letter's or email's kind, its key): the row is written if
    need be, not queued (the message's own run does it). None when the application is gone."""
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return None
    return outbox_entry_owe(
        application=application,
        kind=kind,
        subkind=subkind,
        source_key=source_key,
        context=context,
        queue=False,
    ).pk


# --- queueing ------------------------------------------------------------------------------


def outbox_entry_queue(entry_id: int, kind: str) -> bool:
    """Hand the row's id to the broker. A broker that is down loses nothing: the row stays
    pending and the sweeper queues it again. Returns whether it was queued."""
    try:
        outbox_work(kind).task.delay(entry_id)
    except Exception:
        logger.exception(
            "outbox entry %s (%s) could not be queued; the sweeper will queue it again",
            entry_id,
            kind,
        )
        return False
    return True


def outbox_entry_queue_on_commit(entry: OutboxEntry) -> None:
    transaction.on_commit(partial(outbox_entry_queue, entry.pk, entry.kind))


# --- running -------------------------------------------------------------------------------


def _claimable(queryset: QuerySet[OutboxEntry]) -> QuerySet[OutboxEntry]:
    """Rows locked for this transaction, passing over those another transaction holds (on
    SQLite, which has neither row locks nor SKIP LOCKED, writes are serialised anyway)."""
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset.select_for_update()


def outbox_entry_run(*, entry_id: int) -> str:
    """Do the row's work once and record the outcome. Returns the row's state afterwards, or
    "busy" when another run holds it (that run finishes it, or fails and records why)."""
    with transaction.atomic():
        entry = _claimable(OutboxEntry.objects.filter(pk=entry_id)).first()
        if entry is None:
            return "busy"  # claimed by another run (or gone with its draft)
        if entry.state != OutboxState.PENDING:
            return entry.state  # done already: a redelivered or re-swept message
        now = timezone.now()
        try:
            # A savepoint: a failure undoes the work and the "done", not the record of the
            # failure. Marked done before the work, so that an email's send is the last
            # thing before the commit.
            with transaction.atomic():
                OutboxEntry.objects.filter(pk=entry.pk).update(
                    state=OutboxState.DONE, done_at=now, last_error="", updated_at=now
                )
                _perform(entry)
        except OutboxWait as wait:
            entry.next_attempt_at = now + outbox_lease()
            entry.last_error = str(wait)[:ERROR_LENGTH]
            entry.save(update_fields=["next_attempt_at", "last_error", "updated_at"])
            return entry.state
        except Exception as error:
            _failure_record(entry, error, now=now)
            return entry.state
    return OutboxState.DONE


def _perform(entry: OutboxEntry) -> None:
    outbox_work(entry.kind).perform(entry)


def _failure_record(entry: OutboxEntry, error: Exception, *, now: dt.datetime) -> None:
    entry.attempts += 1
    entry.last_error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
    if entry.attempts >= settings.ONESTOP_OUTBOX_MAX_ATTEMPTS:
        entry.state = OutboxState.DEAD
        entry.next_attempt_at = now
        logger.error(
            "outbox entry %s (%s) failed for the last time (attempt %s): %s",
            entry.pk,
            entry.key,
            entry.attempts,
            entry.last_error,
            exc_info=error,
        )
    else:
        entry.next_attempt_at = now + outbox_backoff(entry.attempts)
        logger.warning(
            "outbox entry %s (%s) failed (attempt %s), tried again at %s: %s",
            entry.pk,
            entry.key,
            entry.attempts,
            entry.next_attempt_at.isoformat(),
            entry.last_error,
            exc_info=error,
        )
    entry.save(update_fields=["attempts", "last_error", "state", "next_attempt_at", "updated_at"])


# --- sweeping ------------------------------------------------------------------------------


def outbox_sweep(*, now: dt.datetime | None = None, limit: int | None = None) -> int:
    """Queue again every pending row that is due: its task was lost (a broker restarted
    empty, a worker killed), or its backoff is over. Rows that a run holds are passed over.
    Each row swept is given a new lease, so the next sweeps leave it to this queueing.
    Returns how many rows were queued."""
    now = now or timezone.now()
    limit = limit or settings.ONESTOP_OUTBOX_SWEEP_LIMIT
    with transaction.atomic():
        due = list(
            _claimable(OutboxEntry.objects.due(now).order_by("next_attempt_at", "pk")).values_list(
                "pk", "kind"
            )[:limit]
        )
        if not due:
            return 0
        OutboxEntry.objects.filter(pk__in=[pk for pk, _ in due]).update(
            next_attempt_at=now + outbox_lease()
        )
        for pk, kind in due:
            transaction.on_commit(partial(outbox_entry_queue, pk, kind))
    logger.info("outbox sweep: %s row(s) queued again", len(due))
    return len(due)


# --- staff ---------------------------------------------------------------------------------


def outbox_entry_retry(*, entry_id: int, user) -> OutboxEntry:
    """A senior caseworker or superuser sends a dead (or stuck) row again: back to pending
    with its attempts renewed, queued at once, and written on the application's audit trail."""
    if not may_manage_outbox(user):
        raise PermissionDenied("only senior caseworkers and superusers retry the outbox")
    with transaction.atomic():
        entry = OutboxEntry.objects.select_for_update().get(pk=entry_id)
        if entry.state == OutboxState.DONE:
            raise OutboxRetryRefused(entry.key)
        previous = {"state": entry.state, "attempts": entry.attempts, "error": entry.last_error}
        entry.state = OutboxState.PENDING
        entry.attempts = 0
        entry.next_attempt_at = timezone.now() + outbox_lease()
        entry.save(update_fields=["state", "attempts", "next_attempt_at", "updated_at"])
        event_record(
            application=entry.application,
            kind=EventKind.NOTE,
            user=user,
            note=f"Outbox: {entry.kind} {entry.subkind} sent again.",
            data={"outbox_entry": entry.pk, "key": entry.key, "previous": previous},
        )
        outbox_entry_queue_on_commit(entry)
    return entry
