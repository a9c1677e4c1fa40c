from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from applications.accounts.second_factor import (
    session_lacks_required_second_factor,
    staff_must_enrol,
)

# The second factor's own pages: where a member of staff without one is sent to enrol.
ENROL_URL_NAME = "mfa_activate_totp"


class SecondFactorMiddleware:
    """Signs out a session that skipped its user's second factor; sends staff without a
    second factor to enrol before the admin. Must follow allauth's AccountMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if session_lacks_required_second_factor(request):
                logout(request)
                messages.warning(
                    request,
                    _("For your security, sign in again and enter the code of your second factor."),
                )
                return redirect_to_login(request.get_full_path(), reverse("account_login"))
            if self._is_admin_path(request.path_info) and staff_must_enrol(request):
                messages.info(
                    request,
                    _(
                        "Staff must use a second factor. Set up an authenticator app now: you "
                        "will then reach the admin."
                    ),
                )
                enrol = reverse(ENROL_URL_NAME)
                return redirect(f"{enrol}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _is_admin_path(self, path: str) -> bool:
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        return path.startswith(self.admin_prefix)
