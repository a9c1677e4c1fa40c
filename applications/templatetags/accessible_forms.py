"""Form controls tied to their hint and errors, and the session expiry warning."""

from django import template
from django.conf import settings

from onestop.sessions import session_seconds_left

register = template.Library()


@register.simple_tag
def accessible_widget(field):
    """Render a bound field's control with aria-describedby and aria-invalid set."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("applications/includes/session_warning.html", takes_context=True)
def session_expiry_warning(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "show": bool(user and user.is_authenticated),
        "timeout": session_seconds_left(request)
        if request is not None
        else settings.SESSION_COOKIE_AGE,
        "session_age": settings.SESSION_COOKIE_AGE,
        "warn_before": settings.SESSION_EXPIRY_WARNING_SECONDS,
        "csrf_token": context.get("csrf_token"),
    }
