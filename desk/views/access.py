"""Who may reach the desk: caseworkers and senior caseworkers, nobody else.

Wagtail already sends anonymous users to its login page and refuses users without
`access_admin`; this check keeps out the other staff who do hold it (policy editors,
approvers), for whom Wagtail turns the PermissionDenied into a redirect with a message.
"""

from django.core.exceptions import PermissionDenied

from applications import roles


def is_desk_staff(request) -> bool:
    """Whether the signed-in user works the desk, looked up once per request (the menu asks
    for every item)."""
    if not hasattr(request, "_desk_staff"):
        request._desk_staff = roles.is_caseworker(request.user)
    return request._desk_staff


class DeskAccessMixin:
    # Wagtail's model permission policy would ask for `view_application`; the desk's own
    # roles decide instead.
    permission_policy = None
    senior_only = False

    def dispatch(self, request, *args, **kwargs):
        allowed = (
            roles.is_senior_caseworker(request.user) if self.senior_only else is_desk_staff(request)
        )
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
