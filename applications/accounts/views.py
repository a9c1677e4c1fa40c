"""The doors that Django and Wagtail open by themselves lead to the one sign-in page.

Wagtail's admin login, its password reset and the front-end login for restricted pages each
have a form that signs people in without allauth's rate limits, email verification and second
factor; they now redirect there, keeping where the visitor was going.
"""

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from applications.accounts.second_factor import second_factor_enrolment_record


def _to(url_name: str, request):
    target = reverse(url_name)
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = f"{target}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
    return redirect(target)


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_elsewhere(request):
    """Any other login form: to allauth's sign-in, whatever was posted (nothing is read).

    Someone already signed in arrives here only when Wagtail refused them the admin: sending
    them to the sign-in page would send them straight back, so they are told why instead."""
    if request.user.is_authenticated:
        return render(request, "accounts/no_admin_access.html", status=403)
    return _to("account_login", request)


@require_http_methods(["GET", "HEAD", "POST"])
def password_reset_elsewhere(request, **_kwargs):
    return _to("account_reset_password", request)


def enrolment_recorded(allauth_view):
    """allauth's page that adds a second factor, counting the enrolment as its use.

    Entering a code from the new authenticator app (or touching the new key) proves
    possession, so a member of staff who has just enrolled reaches the admin without signing
    in again. A session gets here only having used its second factor, or with none (one that
    skipped it is signed out first): a second factor present after a successful POST is the
    one this request added."""

    def view(request, *args, **kwargs):
        response = allauth_view(request, *args, **kwargs)
        if request.method == "POST" and response.status_code == 302:
            second_factor_enrolment_record(request)
        return response

    return view
