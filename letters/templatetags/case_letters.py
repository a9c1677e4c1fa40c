"""The case page's letters (the desk's page, letters' section): the desk shows what letters
has issued without importing letters, which sits above it."""

from django import template

from letters.models.letters import DECISION_KINDS
from letters.selectors import application_letters

register = template.Library()


@register.inclusion_tag("letters/case_letters.html", takes_context=True)
def case_letters(context, application):
    return {
        "application": application,
        "letters": application_letters(application),
        "decision_kinds": DECISION_KINDS,
        # The re-send form's token, from the page it is part of.
        "csrf_token": context.get("csrf_token"),
    }
