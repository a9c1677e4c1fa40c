"""Who may reach the desk: caseworkers and senior caseworkers, nobody else.

Wagtail already sends anonymous users to its login page and refuses users without
`access_admin`; this check keeps out the other staff who do hold it (policy editors,
approvers), for whom Wagtail turns the PermissionDenied into a redirect with a message.
"""

from django.core.exceptions import PermissionDenied

from applications import roles


class DeskAccessMixin:
    # Wagtail's model permission policy would ask for `view_application`; the desk's own
    # roles decide instead.
    permission_policy = None
    senior_only = False

    def dispatch(self, request, *args, **kwargs):
        allowed = (
            roles.is_senior_caseworker(request.user)
            if self.senior_only
            else roles.is_caseworker(request.user)
        )
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
