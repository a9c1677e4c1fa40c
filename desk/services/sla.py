"""The service-level target: the days a programme's desk has to decide a case."""

from datetime import timedelta

from django.db.models import DateTimeField, ExpressionWrapper, F, Value

from applications.constants import DEADLINE_STATUSES
from applications.models import Application
from desk.models import ProgrammeDesk
from desk.models.desk import default_sla_days


def programme_sla_days(*, programme_slug: str) -> int:
    """The programme's target: its desk row's, else the default."""
    sla_days = (
        ProgrammeDesk.objects.filter(programme_slug=programme_slug)
        .values_list("sla_days", flat=True)
        .first()
    )
    return default_sla_days() if sla_days is None else sla_days


def sla_deadline_on_submission(sender, instance: Application, name: str, **kwargs) -> None:
    """A post_transition receiver: a case submitted now is due in its programme's target. Set
    before the transition's service saves the case, in the same transaction."""
    if name == "submit":
        days = programme_sla_days(programme_slug=instance.programme_slug)
        instance.sla_due_at = instance.submitted_at + timedelta(days=days)


def sla_deadlines_refresh(*, desk: ProgrammeDesk, previous_sla_days: int) -> int:
    """Once a desk row with a changed target is saved: move the deadline of every undecided
    case to it (submission + target + time waited for the applicant so far). Returns how
    many deadlines moved; none when the target stayed the same."""
    if desk.sla_days == previous_sla_days:
        return 0
    return (
        Application.objects.for_programme(desk.programme_slug)
        .filter(submitted_at__isnull=False, status__in=DEADLINE_STATUSES)
        .update(
            sla_due_at=ExpressionWrapper(
                F("submitted_at") + Value(timedelta(days=desk.sla_days)) + F("sla_paused_total"),
                output_field=DateTimeField(),
            )
        )
    )
