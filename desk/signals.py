"""Receivers that keep the desk's money and deadlines right whoever changes an application's
status."""

from django_fsm.signals import post_transition


def connect() -> None:
    from applications.models import Application
    from desk.services.budget import money_released_on_leaving_approval
    from desk.services.obligations import obligations_on_approval
    from desk.services.public_account import account_refresh_on_transition
    from desk.services.sla import sla_deadline_on_submission

    # A withdrawal is the applicant's (applicant_actions), a rejection the desk's: the money
    # of an approved award returns to the budget in the same transaction either way.
    post_transition.connect(
        money_released_on_leaving_approval,
        sender=Application,
        dispatch_uid="applications.money_released_on_leaving_approval",
    )
    # The submission (the applicant's) starts the desk's clock.
    post_transition.connect(
        sla_deadline_on_submission,
        sender=Application,
        dispatch_uid="desk.sla_deadline_on_submission",
    )
    # An award carries the obligations its programme declares, with their due dates.
    post_transition.connect(
        obligations_on_approval,
        sender=Application,
        dispatch_uid="desk.obligations_on_approval",
    )
    # The public account is cached for minutes; a decision (or a submission, a withdrawal)
    # shows on the next request instead.
    post_transition.connect(
        account_refresh_on_transition,
        sender=Application,
        dispatch_uid="desk.account_refresh_on_transition",
    )
