"""How an applicant reads their applications: programme titles, status explanations and the
answers as submitted, labelled in their language."""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.constants import ApplicationStatus
from applications.models import Application

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


def application_definition(application: Application, live: Mapping[str, dict]) -> dict:
    """The definition the application was submitted under, or, for a draft, the live one."""
    return application.programme_definition or live.get(application.programme_slug) or {}


def live_definitions(slugs: Iterable[str]) -> dict[str, dict]:
    """The live definitions of the programmes named, read in one query whatever their number."""
    from cms.selectors import programme_pages_default_locale

    wanted = set(slugs)
    if not wanted:
        return {}
    return {
        page.programme_slug: page.definition or {}
        for page in programme_pages_default_locale().filter(programme_slug__in=wanted)
    }


def programme_title(definition: Mapping, slug: str, language: str) -> str:
    from cms.translated_text import in_language

    return in_language(definition.get("title"), language) or slug


def awarded_text(application: Application, definition: Mapping, language: str) -> str:
    """The award in its unit ("1.250,00 €", "20 hours"), once there is one."""
    from eligibility.formatting import amount_text

    if application.awarded_amount is None or application.status != S.APPROVED:
        return ""
    return amount_text(application.awarded_amount, definition.get("unit", "EUR"), language)


def answer_rows(definition: Mapping, answers: Mapping[str, Any], language: str) -> list:
    """The answers as (label, value) rows, in the order they were given, labelled as the
    catalogue and the programme's own questions name them."""
    from eligibility.engine.facts import programme_facts
    from eligibility.questions import short_label

    specs = programme_facts(definition.get("questions", ())) if definition else {}
    rows = []
    for name, value in answers.items():
        spec = specs.get(name)
        label = short_label(spec, language) if spec else name
        rows.append((label, _value_text(spec, value, language)))
    return rows


def _value_text(spec, value: Any, language: str) -> str:
    from eligibility.engine.facts import parse_date
    from eligibility.formatting import amount_text, number_text
    from eligibility.questions import choice_label

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if spec is None:
        return str(value)
    if spec.type == "choice":
        return choice_label(spec, value, language)
    if spec.type == "date":
        parsed = parse_date(value) if isinstance(value, str) else value
        if isinstance(parsed, datetime.date):
            return formats.date_format(parsed, "DATE_FORMAT")
        return str(value)
    if spec.type in ("int", "decimal"):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        if spec.display == "money":
            return amount_text(number, "EUR", language)
        if spec.display == "percent":
            return amount_text(number, "percent", language)
        return number_text(number, language)
    return str(value)
