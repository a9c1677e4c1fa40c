"""People as staff know them: by name, not by their sign-in username."""

from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's full name, or their username when the account has no name; "" for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
