"""The case page's letters (the desk's page, letters' section): the desk shows what letters
has issued without importing letters, which sits above it."""

from django import template

from letters.models.letters import DECISION_KINDS
from letters.selectors import application_letters

register = template.Library()


# An inclusion tag gets the page's CSRF token from Django, so the re-send form posts.
@register.inclusion_tag("letters/case_letters.html")
def case_letters(application):
    return {
        "application": application,
        "letters": application_letters(application),
        "decision_kinds": DECISION_KINDS,
    }
