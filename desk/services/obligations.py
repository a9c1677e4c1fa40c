"""An award's obligations: stored with it when it is approved, from the definition it was
decided on, each with its due date."""

from django.utils import timezone

from applications.constants import ApplicationStatus
from applications.models import Application
from desk.models import AwardObligation
from eligibility.engine import InvalidDefinition, parse_obligations


def obligations_store(*, application: Application) -> list[AwardObligation]:
    """Create the award's obligations (once: a second approval of the same case, after an
    amendment, keeps the dates the first one set)."""
    definition = application.programme_definition or {}
    try:
        declared = parse_obligations(definition)
    except (KeyError, TypeError, ValueError, InvalidDefinition):
        return []  # a frozen definition from before obligations existed, or hand-made
    decided = application.decided_at or timezone.now()
    awarded_on = timezone.localtime(decided).date()
    stored = []
    for obligation in declared:
        row, _ = AwardObligation.objects.get_or_create(
            application=application,
            obligation_id=obligation.ident,
            defaults={
                "kind": obligation.kind,
                "label": dict(obligation.label),
                "source": dict(obligation.source) if obligation.source else None,
                "documents": [
                    {"code": code, "label": dict(label)} for code, label in obligation.documents
                ],
                "due_on": obligation.due_on(awarded_on),
            },
        )
        stored.append(row)
    return stored


def obligations_on_approval(sender, instance, name, source, target, **kwargs):
    """django-fsm post_transition receiver: every way a case is approved (one approval, a bulk
    one, a competitive or prorata round, the waiting list) stores its obligations, in the
    same transaction."""
    if target == ApplicationStatus.APPROVED:
        obligations_store(application=instance)
