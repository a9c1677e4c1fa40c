"""How an applicant reads their applications: programme titles, status explanations and the
answers as submitted, labelled in their language."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy

from applications.constants import ApplicationStatus
from applications.models import Application
from cms.services.programme_of_record import ProgrammeOfRecord
from onestop.i18n import format_money, text_in_language

S = ApplicationStatus

# What each status means to the applicant, and what happens next.
STATUS_EXPLANATIONS: dict[str, tuple[Any, Any]] = {
    S.DRAFT: (
        gettext_lazy("You have started this application but not sent it."),
        gettext_lazy("Continue it and submit it before the programme closes."),
    ),
    S.SUBMITTED: (
        gettext_lazy("We have received your application."),
        gettext_lazy("A caseworker will review it. We will email you if we need anything."),
    ),
    S.IN_REVIEW: (
        gettext_lazy("A caseworker is reviewing your application."),
        gettext_lazy(
            "You do not need to do anything. We will email you if we need more information "
            "and when there is a decision."
        ),
    ),
    S.INFO_REQUESTED: (
        gettext_lazy("The caseworker needs more information from you."),
        gettext_lazy(
            "Answer the request below before its due date. Your application waits until you do."
        ),
    ),
    S.PENDING_APPROVAL: (
        gettext_lazy("A decision has been proposed and is being approved."),
        gettext_lazy("We will email you when the decision is final."),
    ),
    S.APPROVED: (
        gettext_lazy("Your application has been approved."),
        gettext_lazy("The decision letter tells you the amount and what happens next."),
    ),
    S.WAITLISTED: (
        gettext_lazy(
            "You qualify, but the programme's budget is committed for now: your application "
            "is on the waiting list."
        ),
        gettext_lazy(
            "If money becomes available, applications are decided in order. We will email you."
        ),
    ),
    S.REJECTED: (
        gettext_lazy("Your application has been rejected."),
        gettext_lazy("The decision letter gives the reasons and how to appeal."),
    ),
    S.WITHDRAWN: (
        gettext_lazy("You withdrew this application."),
        gettext_lazy(
            "Nothing more will be done with it. You may apply again while the programme is open."
        ),
    ),
    S.CLOSED: (
        gettext_lazy("This application is closed."),
        gettext_lazy("Nothing more will be done with it."),
    ),
    S.REVOKED: (
        gettext_lazy("The support awarded to this application has been revoked."),
        gettext_lazy("The revocation letter gives the reason and how to appeal."),
    ),
}


def status_explanation(status: str) -> tuple[str, str]:
    meaning, next_step = STATUS_EXPLANATIONS.get(status, ("", ""))
    return str(meaning), str(next_step)


def application_definition(
    application: Application, live: Mapping[str, ProgrammeOfRecord]
) -> Mapping[str, Any]:
    """The definition the application was submitted under, or, for a draft, its programme's
    (from `programmes_of_record` with `include_unpublished`)."""
    if application.programme_definition:
        return application.programme_definition
    programme = live.get(application.programme_slug)
    return (programme.definition if programme is not None else None) or {}


def programme_title(definition: Mapping, slug: str, language: str) -> str:
    return text_in_language(definition.get("title"), language) or slug


def awarded_text(application: Application, definition: Mapping, language: str) -> str:
    """The award in its unit ("1.250,00 €", "20 hours"), once there is one."""
    if application.awarded_amount is None or application.status != S.APPROVED:
        return ""
    return format_money(application.awarded_amount, definition.get("unit", "EUR"), language)


def answer_rows(definition: Mapping, answers: Mapping[str, Any], language: str) -> list:
    """The answers as (label, value) rows, in the order they were given, labelled as the
    catalogue and the programme's own questions name them."""
    from eligibility.service import programme_facts, short_label

    specs = programme_facts(definition.get("questions", ())) if definition else {}
    rows = []
    for name, value in answers.items():
        spec = specs.get(name)
        label = short_label(spec, language) if spec else name
        rows.append((label, _value_text(spec, value, language)))
    return rows


def _value_text(spec, value: Any, language: str) -> str:
    from eligibility.service import answer_text

    if value is None or value == "":
        return "—"
    return answer_text(spec, value, language)
