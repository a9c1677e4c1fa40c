"""An application's letters on its applicant's page (My applications is the applications
app's; the letters are letters'): the page shows them without importing letters."""

from django import template

from letters.selectors import application_letters

register = template.Library()


@register.inclusion_tag("letters/applicant_letters.html")
def applicant_letters(application):
    return {"letters": list(application_letters(application))}
