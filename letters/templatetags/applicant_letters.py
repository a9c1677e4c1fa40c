"""An application's letters on its applicant's page (My applications is the applications
app's; the letters are letters'): the page shows them without importing letters."""

from django import template

from applications.selectors import notifications_by_letter
from applications.services.e_notifications import appeal_deadlines
from letters.selectors import application_letters

register = template.Library()


@register.inclusion_tag("letters/applicant_letters.html")
def applicant_letters(application):
    letters = list(application_letters(application))
    notifications = notifications_by_letter(letter.pk for letter in letters)
    rows = []
    for letter in letters:
        notification = notifications.get(letter.pk)
        rows.append(
            {
                "letter": letter,
                "notification": notification,
                "deadlines": appeal_deadlines(notification) if notification else None,
            }
        )
    return {"letters": letters, "rows": rows}
