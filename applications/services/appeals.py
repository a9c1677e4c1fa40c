"""Lodging an appeal against a decision: the *recurso potestativo de reposición* (Ley 39/2015,
arts. 112, 123 and 124), from My applications.

The appeal is a filing like any other: entered in the registry with its text and a SHA-256
of each document, with its receipt, in the transaction that records it. It goes to the desk
as a case of its own (desk.services.appeals resolves it).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.constants import EventKind
from applications.models import Appeal, Application, RegistryKind
from applications.models.applications import is_representative
from applications.selectors_appeals import appeal_window
from applications.services.registry import registry_enter
from applications.services.transitions import event_record, locked_application

TEXT_MAX_LENGTH = 20000


def appeal_window_refusal(window) -> ValidationError:
    """Why an appeal cannot be lodged now, in the applicant's terms."""
    if window.closed == "no_decision":
        return ValidationError(
            _("There is no decision on this application to appeal against yet."),
            code="no_decision",
        )
    if window.closed == "pending":
        return ValidationError(
            _("Your appeal on this application is being examined: wait for its resolution."),
            code="pending",
        )
    if window.closed == "appealed":
        return ValidationError(
            _(
                "You have already appealed against this decision. Against the resolution of "
                "the appeal you may go to the courts."
            ),
            code="appealed",
        )
    message = _("The time to lodge an appeal for reconsideration ended on %(date)s.") % {
        "date": date_format(window.deadline, "DATE_FORMAT")
    }
    if window.courts_deadline is not None:
        message += " " + _("You may still go to the courts until %(date)s.") % {
            "date": date_format(window.courts_deadline, "DATE_FORMAT")
        }
    return ValidationError(message, code="late")


def appeal_lodge(*, application: Application, user, text: str, files: Iterable = ()) -> Appeal:
    """Lodge an appeal against the decision that stands, with its grounds and documents.

    All or nothing: a refused file, or an appeal out of time, leaves nothing behind, and the
    form keeps what the applicant wrote."""
    from applications.services.documents import documents_add_all

    text = (text or "").strip()
    files = list(files)
    if not text:
        raise ValidationError(_("Write the grounds of your appeal."), code="no_text")
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            _("The grounds are too long: at most %(count)s characters.")
            % {"count": TEXT_MAX_LENGTH},
            code="too_long",
        )
    with transaction.atomic():
        locked = locked_application(application.pk)
        if not is_representative(locked, user):
            raise PermissionDenied(f"{user} may not appeal for application {locked.pk}")
        window = appeal_window(locked)
        if not window.is_open:
            raise appeal_window_refusal(window)
        lodged_at = timezone.now().replace(microsecond=0)
        appeal = Appeal.objects.create(
            application=locked,
            notification=window.notification,
            decision_kind=window.notification.kind,
            text=text,
            lodged_by=user,
            lodged_at=lodged_at,
        )
        stored = documents_add_all(
            application=locked, user=user, uploaded_files=files, appeal=appeal
        )
        appeal.registry_entry = registry_enter(
            application=locked,
            kind=RegistryKind.APPEAL,
            user=user,
            content={
                "appeal": appeal.pk,
                "text": text,
                "decision": window.notification.kind,
                "decision_letter": window.notification.letter_id,
            },
            documents=stored,
            filed_at=lodged_at,
        )
        appeal.save(update_fields=["registry_entry"])
        event_record(
            application=locked,
            kind=EventKind.APPEAL_LODGED,
            user=user,
            note=text,
            data={
                "appeal": appeal.pk,
                "registry": appeal.registry_entry.number,
                "files": len(stored),
            },
            internal=False,
        )
    return appeal
