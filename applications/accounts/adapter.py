"""allauth's adapter with three changes.

A locked-out account is told when it may try again. allauth counts failed sign-ins per account
and per client in the shared cache and refuses further attempts (even with the right password)
until the window has passed; its own message only says "later". The time comes from the same
counters allauth keeps.

Its emails link to SITE_URL and come from the city's sender (cms.site_address), as every other
email does: allauth would build their links from the request's Host header and write them from
DEFAULT_FROM_EMAIL as it stands.

The verification link remembers where the person was going when they signed up (the start of
an application, an invitation): the sign-up's `next` rides in the link itself, so that it holds
when the link is opened in another browser, where the signing-up session is unknown. allauth's
confirmation page passes it on and follows it only if it is a path on this site.
"""

import datetime
import time
from urllib.parse import urlencode, urlsplit, urlunsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext

from cms.site_address import city_settings, email_sender, site_host, site_url

LOCKED_OUT = "too_many_login_attempts"


def login_failed_retry_at(request, *, key: str) -> float | None:
    """The moment the failed-sign-in limits for `key` (and this client) let it try again, or
    None if no limit holds it now."""
    rates = ratelimit.parse_rates(account_settings.RATE_LIMITS.get("login_failed"))
    now = time.time()
    retry_at = None
    for rate in rates:
        if rate.per not in ("ip", "key"):
            continue
        cache_key = ratelimit.get_cache_key(
            request, app="allauth.account", action="login_failed", rate=rate, key=key
        )
        history = [at for at in cache.get(cache_key, []) if at > now - rate.duration]
        if len(history) >= rate.amount:
            # Newest first: the attempt whose expiry brings the count under the limit.
            frees_at = history[rate.amount - 1] + rate.duration
            retry_at = max(retry_at or frees_at, frees_at)
    return retry_at


def longest_lockout_seconds() -> int:
    rates = ratelimit.parse_rates(account_settings.RATE_LIMITS.get("login_failed"))
    return int(max((rate.duration for rate in rates), default=300))


def lockout_message(retry_at: float | None) -> str:
    if retry_at is None:
        minutes = max(1, round(longest_lockout_seconds() / 60))
        return ngettext(
            "Too many failed attempts. For your security, signing in is paused: try again "
            "in %(minutes)d minute.",
            "Too many failed attempts. For your security, signing in is paused: try again "
            "in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    moment = timezone.localtime(datetime.datetime.fromtimestamp(retry_at, tz=datetime.UTC))
    minutes = max(1, round((retry_at - time.time()) / 60))
    return ngettext(
        "Too many failed attempts to sign in to this account. For your security it is locked "
        "until %(time)s (%(minutes)d minute from now). Try again then, or reset your password.",
        "Too many failed attempts to sign in to this account. For your security it is locked "
        "until %(time)s (%(minutes)d minutes from now). Try again then, or reset your password.",
        minutes,
    ) % {"time": formats.time_format(moment, "H:i"), "minutes": minutes}


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if getattr(error, "code", None) != LOCKED_OUT:
                raise
            key = self._get_login_attempts_cache_key(request, **credentials)
            retry_at = login_failed_retry_at(request, key=key)
            raise ValidationError(lockout_message(retry_at), code=LOCKED_OUT) from None

    def validation_error(self, code, *args):
        if code == LOCKED_OUT:
            # Reached from the second-factor form, whose counter allauth keys by user.
            return ValidationError(lockout_message(None), code=code)
        return super().validation_error(code, *args)

    def get_from_email(self):
        return email_sender()

    def get_email_confirmation_url(self, request, emailconfirmation):
        url = on_site(super().get_email_confirmation_url(request, emailconfirmation))
        going_to = local_next(request)
        if going_to:
            url = f"{url}?{urlencode({'next': going_to})}"
        return url

    def get_reset_password_from_key_url(self, key):
        return on_site(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix, email, context):
        # allauth builds the links of its emails from the request, some past the hooks above.
        context = {
            **context,
            **{name: on_site(context[name]) for name in EMAIL_LINKS if context.get(name)},
            "current_site": EmailSite(city_settings().city_name, site_host()),
        }
        super().send_mail(template_prefix, email, context)


# The links in allauth's email contexts.
EMAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


def local_next(request) -> str | None:
    """The `next` of the sign-up (or sign-in) form being answered, if it is a path on this
    site; None otherwise, and for any absolute or scheme-relative address."""
    if request is None:
        return None
    going_to = (request.POST.get("next") or request.GET.get("next") or "").strip()
    if not going_to.startswith("/") or going_to.startswith(("//", "/\\")):
        return None
    if not url_has_allowed_host_and_scheme(going_to, allowed_hosts=set()):
        return None
    return going_to


def on_site(url: str) -> str:
    """`url`, built by allauth on the request's host, at SITE_URL instead."""
    parts = urlsplit(url)
    return site_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


class EmailSite:
    """What allauth's email templates read of `current_site`: the site's name and domain."""

    def __init__(self, name: str, domain: str):
        self.name = name
        self.domain = domain

    def __str__(self) -> str:
        return self.domain
