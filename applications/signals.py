"""Receivers that keep the desk's money right whoever changes an application's status."""

from django_fsm.signals import post_transition


def connect() -> None:
    from applications.models import Application
    from applications.services.desk.budget import money_released_on_leaving_approval

    # A withdrawal is the applicant's (applicant_actions), a rejection the desk's: the money
    # of an approved award returns to the budget in the same transaction either way.
    post_transition.connect(
        money_released_on_leaving_approval,
        sender=Application,
        dispatch_uid="applications.money_released_on_leaving_approval",
    )
