"""Issuing letters: owed in the decision's transaction (an outbox row), rendered by a Celery
task once it commits, idempotent.

Each letter is issued *for* something, its source key: a decision (`decision:<decided_at>`),
an information request (`request:<pk>`) or a re-issue (`reissue:<token>`). The database holds
one letter per (application, kind, source key) and per (application, kind, version), so a
task that runs twice, or a task and the batch at once, still leave one letter. A task whose
decision has since been replaced by another does nothing: the newer decision has its own.
"""

import datetime as dt
import hashlib
import logging
import secrets

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from applications import roles
from applications.constants import ApplicationStatus, EventKind, OutboxKind, OutboxState
from applications.models import (
    Appeal,
    Application,
    InformationRequest,
    OutboxEntry,
    RegistryEntry,
)
from applications.services import notifications, outbox
from applications.services.e_notifications import notification_make_available
from applications.services.transitions import event_record, locked_application
from letters.models import Letter, LetterBatch, LetterKind
from letters.models.letters import ANNOUNCED_KINDS, DECISION_KINDS, verification_code_new
from letters.rendering import LetterFacts, Letterhead, letter_content_build, letter_pdf
from letters.rendering.content import letter_language
from letters.selectors import city_settings, letter_template_for
from letters.services.signing import pdf_sign

logger = logging.getLogger(__name__)
S = ApplicationStatus


# --- which letter an application is due ---------------------------------------------------


def decision_letter_kind(application: Application) -> str | None:
    """The decision letter the application's current status calls for, if any."""
    if application.decided_at is None:
        return None
    if application.status == S.REJECTED:
        return LetterKind.REJECTION
    if application.status == S.REVOKED:
        return LetterKind.REVOCATION
    if (
        application.status == S.WITHDRAWN
        and application.information_requests.filter(lapsed_at__isnull=False).exists()
    ):
        return LetterKind.WITHDRAWAL
    if application.status in (S.APPROVED, S.CLOSED, S.WITHDRAWN):
        # A closed or renounced award keeps its letter; a closed rejection keeps its own.
        # An award taken back keeps its amount for the record; its reasons tell it apart.
        if application.rejection_reasons or application.awarded_amount is None:
            return LetterKind.REJECTION
        return LetterKind.AWARD
    return None


def decision_key(application: Application) -> str:
    return f"decision:{application.decided_at.isoformat()}"


def _source_key_now(application_id: int, kind: str) -> str | None:
    """What a letter of `kind` queued now is for, read after the decision committed."""
    if kind == LetterKind.RECEIPT:
        entry_pk = (
            RegistryEntry.objects.filter(application_id=application_id)
            .order_by("-year", "-sequence")
            .values_list("pk", flat=True)
            .first()
        )
        return None if entry_pk is None else f"registry:{entry_pk}"
    if kind == LetterKind.APPEAL_RESOLUTION:
        appeal_pk = (
            Appeal.objects.filter(application_id=application_id, resolved_at__isnull=False)
            .order_by("-resolved_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        return None if appeal_pk is None else f"appeal:{appeal_pk}"
    if kind == LetterKind.INFORMATION_REQUEST:
        request_pk = (
            InformationRequest.objects.filter(application_id=application_id)
            .order_by("-requested_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        return None if request_pk is None else f"request:{request_pk}"
    application = Application.objects.filter(pk=application_id).first()
    if application is None or decision_letter_kind(application) != kind:
        return None
    return decision_key(application)


def _still_due(application: Application, kind: str, source_key: str) -> bool:
    if kind == LetterKind.RECEIPT:
        return source_key.startswith("registry:")
    if kind == LetterKind.APPEAL_RESOLUTION:
        return source_key.startswith("appeal:")
    if kind == LetterKind.INFORMATION_REQUEST:
        return source_key.startswith("request:")
    if decision_letter_kind(application) != kind:
        return False
    return source_key.startswith("reissue:") or source_key == decision_key(application)


# --- owing --------------------------------------------------------------------------------


def letter_queue(*, application: Application, kind: str) -> None:
    """Owe the letter of `kind` ("award", "rejection", "information_request") for the decision
    or request being written in the current transaction: its outbox row (and, for a decision,
    the decision email's) is written now and queued once the transaction commits."""
    if kind not in LetterKind.values:
        raise ValueError(f"unknown letter kind {kind!r}")
    # Read from the database, inside the transaction: whichever instance the caller holds,
    # this is the decision or request being saved.
    source_key = _source_key_now(application.pk, kind)
    if source_key is None:
        logger.warning("letter %s of application %s: nothing to issue", kind, application.pk)
        return
    _letter_owe(application=application, kind=kind, source_key=source_key)


def letter_reissue(*, application: Application, user=None) -> None:
    """Owe a new version of the application's decision letter, after the decision's details
    (amount, reasons) were corrected; the current one will be marked as superseded."""
    kind = decision_letter_kind(application)
    if kind is None:
        raise ValueError(f"application {application.pk} has no decision to write")
    source_key = f"reissue:{secrets.token_hex(8)}"
    event_record(
        application=application,
        kind=EventKind.NOTE,
        user=user,
        note="Decision letter re-issue requested.",
        data={"letter_kind": kind, "source_key": source_key},
    )
    _letter_owe(application=application, kind=kind, source_key=source_key)


def letter_email_resend(*, letter: Letter, user) -> None:
    """Send the email announcing `letter` again (the applicant lost it, or it bounced). Only
    the letter that stands is announced: a superseded one would mislead."""
    if not roles.is_caseworker(user):
        raise PermissionDenied("only the desk re-sends letters")
    if letter.kind not in DECISION_KINDS or letter.superseded_at is not None:
        raise ValueError(f"letter {letter.pk} is not a decision letter that stands")
    with transaction.atomic():
        event_record(
            application=letter.application,
            kind=EventKind.NOTE,
            user=user,
            note="Decision email re-sent.",
            data={"letter": letter.pk, "resent": True},
        )
        # A key of its own: the first sending's key would find that email already sent.
        notifications.application_notify(
            application=letter.application,
            kind=notifications.DECISION_MADE,
            key=f"{letter.kind}:{letter.source_key}:resend:{secrets.token_hex(8)}",
            context={"letter_kind": str(letter.kind), "letter_source_key": letter.source_key},
        )


def _letter_owe(
    *,
    application: Application,
    kind: str,
    source_key: str,
    batch: LetterBatch | None = None,
    queue: bool = True,
) -> OutboxEntry:
    entry = outbox.outbox_entry_owe(
        application=application,
        kind=OutboxKind.LETTER,
        subkind=kind,
        source_key=source_key,
        batch=batch,
        queue=queue,
    )
    if kind in ANNOUNCED_KINDS:
        # Owed now, with the decision; queued by the letter's run once the letter exists
        # (`_decision_email_queue`), or by the sweeper if that run is lost.
        _decision_email_owe(application=application, kind=kind, source_key=source_key, queue=False)
    return entry


def _decision_email_owe(
    *, application: Application, kind: str, source_key: str, queue: bool
) -> None:
    """The decision email announces its letter, so it is sent only once the letter exists
    and is at the applicant's disposal (`notifications.application_email_deliver` waits)."""
    notifications.application_notify(
        application=application,
        kind=notifications.DECISION_MADE,
        key=f"{kind}:{source_key}",
        context={"letter_kind": str(kind), "letter_source_key": source_key},
        queue=queue,
    )


def letter_outbox_perform(entry: OutboxEntry) -> None:
    """The work of a letter's outbox row. A letter no longer due (its decision was replaced)
    is not issued, and the row is done all the same: the newer decision owes its own."""
    letter_issue(
        application_id=entry.application_id, kind=entry.subkind, source_key=entry.source_key
    )


def letter_for_decision_email(
    application: Application, *, kind: str, source_key: str
) -> Letter | None:
    """The letter a decision email carries. Raises OutboxWait while it is still due but not
    issued; None when it will never be (the decision was replaced)."""
    letter = Letter.objects.filter(
        application=application, kind=kind, source_key=source_key
    ).first()
    if letter is None and _still_due(application, kind, source_key):
        raise outbox.OutboxWait(f"waiting for the {kind} letter ({source_key})")
    return letter


# --- issuing -------------------------------------------------------------------------------


def letterhead_for(language: str) -> Letterhead:
    city = city_settings()
    logo_path = ""
    if city.letterhead_logo_id:
        try:
            logo_path = city.letterhead_logo.get_rendition("max-600x240").file.path
        except (OSError, NotImplementedError, ValueError):
            logger.exception("letterhead logo unavailable; letters go out without it")
    return Letterhead(
        authority=city.authority_in(language),
        city=city.city_in(language),
        city_inessive=city.city_inessive(language),
        address_lines=tuple(line.strip() for line in city.address.splitlines() if line.strip()),
        logo_path=logo_path,
        signatory_name=city.signatory_name,
        signatory_position=city.signatory_position(language),
    )


def letter_render(
    *,
    application: Application,
    kind: str,
    code: str,
    version: int,
    issued_on: dt.date,
    information_request: InformationRequest | None = None,
    registry_entry: RegistryEntry | None = None,
    appeal: Appeal | None = None,
    letterhead: Letterhead | None = None,
) -> bytes:
    """The PDF of a letter (nothing stored)."""
    language = letter_language(application)
    content = letter_content_build(
        application=application,
        facts=LetterFacts(
            kind=kind,
            code=code,
            issued_on=issued_on,
            version=version,
            information_request=information_request,
            registry_entry=registry_entry,
            appeal=appeal,
        ),
        letterhead=letterhead or letterhead_for(language),
        template=letter_template_for(application.programme_slug, kind),
    )
    return letter_pdf(content)


def letter_issue(*, application_id: int, kind: str, source_key: str) -> Letter | None:
    """Issue the letter of `kind` for `source_key`, or return the one already issued.

    None when the application no longer calls for it (its decision was replaced).
    """
    existing = Letter.objects.filter(
        application_id=application_id, kind=kind, source_key=source_key
    ).first()
    if existing is not None:
        _decision_email_queue(existing)
        return existing
    try:
        with transaction.atomic():
            # The application's row lock orders versions and superseding per application.
            application = locked_application(application_id)
            letter = _issue_locked(application, kind, source_key)
    except IntegrityError:
        # Another worker issued it between our check and our insert: theirs stands.
        letter = Letter.objects.filter(
            application_id=application_id, kind=kind, source_key=source_key
        ).first()
        if letter is None:
            raise
    except Application.DoesNotExist:
        logger.warning("letter %s: application %s no longer exists", kind, application_id)
        return None
    if letter is not None:
        _decision_email_queue(letter)
    return letter


def _issue_locked(application: Application, kind: str, source_key: str) -> Letter | None:
    existing = Letter.objects.filter(
        application=application, kind=kind, source_key=source_key
    ).first()
    if existing is not None:
        return existing
    if not _still_due(application, kind, source_key):
        logger.info(
            "letter %s of %s for %s: superseded by a later decision, not issued",
            kind,
            application.pk,
            source_key,
        )
        return None
    information_request = None
    registry_entry = None
    appeal = None
    if kind == LetterKind.APPEAL_RESOLUTION:
        appeal = (
            Appeal.objects.filter(application=application, pk=int(source_key.split(":", 1)[1]))
            .select_related("registry_entry")
            .first()
        )
        if appeal is None or appeal.resolved_at is None:
            return None
    if kind == LetterKind.RECEIPT:
        registry_entry = RegistryEntry.objects.filter(
            application=application, pk=int(source_key.split(":", 1)[1])
        ).first()
        if registry_entry is None:
            return None
    if kind == LetterKind.INFORMATION_REQUEST:
        information_request = InformationRequest.objects.filter(
            application=application, pk=int(source_key.split(":", 1)[1])
        ).first()
        if information_request is None:
            return None
    last = Letter.objects.filter(application=application, kind=kind).aggregate(v=Max("version"))
    version = (last["v"] or 0) + 1
    now = timezone.now()
    code = verification_code_new()
    pdf = letter_render(
        application=application,
        kind=kind,
        code=code,
        version=version,
        issued_on=timezone.localdate(now),
        information_request=information_request,
        registry_entry=registry_entry,
        appeal=appeal,
    )
    # Signed before it is fingerprinted: the stored hash, the file and what the applicant
    # downloads are one and the same signed document.
    pdf = pdf_sign(pdf)
    letter = Letter(
        application=application,
        kind=kind,
        version=version,
        source_key=source_key,
        information_request=information_request,
        code=code,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        language=letter_language(application),
        issued_at=now,
    )
    letter.pdf.save("letter.pdf", ContentFile(pdf), save=False)
    try:
        letter.save()
        # Put at the applicant's disposal in My applications: the notification (art. 43).
        notification_make_available(application=application, letter_id=letter.pk, kind=kind, at=now)
        if kind in DECISION_KINDS:
            Letter.objects.filter(
                application=application, kind__in=DECISION_KINDS, superseded_at__isnull=True
            ).exclude(pk=letter.pk).update(superseded_by=letter, superseded_at=now)
        event_record(
            application=application,
            kind=EventKind.LETTER,
            note=letter.get_kind_display(),
            data={"letter": letter.pk, "kind": kind, "version": version, "code": code},
            internal=False,
        )
    except Exception:
        # The row was not written: the file must not linger in private storage.
        letter.pdf.storage.delete(letter.pdf.name)
        raise
    return letter


def _decision_email_queue(letter: Letter) -> None:
    """Once the letter exists its decision email can go: owe it (a letter issued without an
    outbox row, by the batch or by hand, owes it here first) and queue it now rather than at
    the next sweep. Its key makes a second owing send nothing more."""
    if letter.kind not in ANNOUNCED_KINDS or letter.superseded_at is not None:
        return
    # Sent before the outbox, under the key of the time: not again.
    if letter.application.events.filter(
        kind=EventKind.EMAIL, data__key=f"{notifications.DECISION_MADE}:letter-{letter.pk}"
    ).exists():
        return
    _decision_email_owe(
        application=letter.application,
        kind=letter.kind,
        source_key=letter.source_key,
        queue=True,
    )


# --- the batch -----------------------------------------------------------------------------


def applications_missing_letters(programme_slug: str) -> list[tuple[int, str, str]]:
    """(application id, kind, source key) of every decided application of the programme whose
    current decision has no letter."""
    decided = (
        Application.objects.ended()
        .filter(programme_slug=programme_slug, decided_at__isnull=False)
        .only("pk", "status", "decided_at", "awarded_amount")
    )
    issued = set(
        Letter.objects.filter(
            application__programme_slug=programme_slug, kind__in=DECISION_KINDS
        ).values_list("application_id", "kind", "source_key")
    )
    missing = []
    for application in decided.order_by("decided_at", "pk"):
        kind = decision_letter_kind(application)
        if kind is None:
            continue
        key = decision_key(application)
        if (application.pk, kind, key) not in issued:
            missing.append((application.pk, str(kind), key))
    return missing


def letter_batch_start(*, programme_slug: str, user=None) -> LetterBatch:
    """Record a batch for the programme and queue its run once the request commits."""
    batch = LetterBatch.objects.create(programme_slug=programme_slug, requested_by=user)

    def queue() -> None:
        from letters.tasks import letter_batch_task

        letter_batch_task.delay(batch.pk)

    transaction.on_commit(queue)
    return batch


def letter_batch_run(*, batch_id: int) -> LetterBatch:
    """Owe every missing decision letter of the batch's programme: an outbox row for each
    letter that has none, queued at once; a row already pending (its task lost) joins the
    batch and is queued again. Dead rows are left to the outbox page, where staff read why.

    It runs in a worker, outside any transaction: each row is committed before its task is
    queued. Run again (a redelivery after a worker died), it finds the rows written and
    carries on; the batch's progress is read from its rows as their tasks do them.
    """
    batch = LetterBatch.objects.get(pk=batch_id)
    if batch.finished_at is not None:
        return batch
    LetterBatch.objects.filter(pk=batch.pk).update(started_at=timezone.now())
    for application_id, kind, source_key in applications_missing_letters(batch.programme_slug):
        with transaction.atomic():
            application = Application.objects.get(pk=application_id)
            entry = _letter_owe(
                application=application,
                kind=kind,
                source_key=source_key,
                batch=batch,
                queue=False,
            )
            if entry.batch_id is None and entry.state == OutboxState.PENDING:
                OutboxEntry.objects.filter(pk=entry.pk).update(batch=batch)
        if entry.state == OutboxState.PENDING:
            outbox.outbox_entry_queue(entry.pk, entry.kind)
    LetterBatch.objects.filter(pk=batch.pk).update(finished_at=timezone.now())
    batch.refresh_from_db()
    return batch
