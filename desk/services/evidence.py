"""The caseworker's checklist of what to verify: marking a requirement's evidence verified."""

from django.utils.translation import gettext as _

from applications.constants import EventKind
from applications.models import Application, ApplicationEvent
from applications.services.transitions import event_record
from desk.services.cases import desk_staff_required
from desk.services.errors import DeskError
from onestop.i18n import text_in_language

EVIDENCE_VERIFIED = "evidence_verified"


def evidence_verify(*, application: Application, user, evidence_id: str) -> ApplicationEvent:
    """Record that the caseworker checked how one requirement was proven (an internal entry
    of the history, with who and when)."""
    desk_staff_required(user)
    item = next(
        (
            entry
            for entry in (application.evaluation or {}).get("evidence") or ()
            if entry.get("id") == evidence_id
        ),
        None,
    )
    if item is None:
        raise DeskError(_("This application has no such requirement to verify."), code="evidence")
    return event_record(
        application=application,
        kind=EventKind.NOTE,
        user=user,
        note=_("Verified: %(requirement)s") % {"requirement": text_in_language(item.get("text"))},
        data={EVIDENCE_VERIFIED: evidence_id},
    )
