"""Four eyes: above a programme's threshold, approving takes a second, senior caseworker."""

from applications.models import Application
from desk.models import ProgrammeDesk


def four_eyes_needed(*, application: Application, desk: ProgrammeDesk) -> bool:
    """Whether the amount approving `application` would award is above the threshold of its
    programme's desk row `desk`."""
    amount = application.decision_amount
    return amount is not None and amount > desk.four_eyes_threshold


def four_eyes_mark(*, application: Application, desk: ProgrammeDesk) -> None:
    """Give the state machine the desk's finding before an approval or a waiting-list
    placement: the model checks it but never looks the threshold up."""
    application.four_eyes_required = four_eyes_needed(application=application, desk=desk)
