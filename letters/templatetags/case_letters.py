"""The case page's letters (the desk's page, letters' section): the desk shows what letters
has issued without importing letters, which sits above it."""

from django import template

from applications.selectors import notifications_by_letter
from applications.services.e_notifications import appeal_deadlines
from letters.models.letters import DECISION_KINDS
from letters.selectors import application_letters

register = template.Library()


# An inclusion tag gets the page's CSRF token from Django, so the re-send form posts.
@register.inclusion_tag("letters/case_letters.html")
def case_letters(application):
    letters = list(application_letters(application))
    notifications = notifications_by_letter(letter.pk for letter in letters)
    for letter in letters:
        # Each letter carries its electronic notification's state, and the appeal time.
        letter.notification = notifications.get(letter.pk)
        letter.appeal = appeal_deadlines(letter.notification) if letter.notification else None
    return {
        "application": application,
        "letters": letters,
        "decision_kinds": DECISION_KINDS,
    }
