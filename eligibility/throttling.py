"""How often one client may call the public API: `ONESTOP_SCREENING_API_RATE` per client.

django-ninja's throttling runs the check before the request body is read and answers 429
with a `Retry-After` header. Its stock throttles are not used as they are, for two reasons:

- They name the client by the whole `X-Forwarded-For` header when there is one, which the
  client writes itself: a new value per request escapes any limit. Here the client is
  REMOTE_ADDR, or, behind proxies the site declares (`ALLAUTH_TRUSTED_PROXY_COUNT`, the
  setting the sign-in rate limits read too), the address the outermost of them saw.
- They keep a list of timestamps that they read and write back (not atomic): concurrent
  requests, in one process or several, can all pass. Here each client has one counter per
  window, created with `cache.add` and counted with `cache.incr`, both atomic in Redis (the
  production cache) and in the local-memory cache, so the limit holds across processes.

A fixed window lets a client spend its allowance at the end of one window and again at the
start of the next; that is twice the rate for a moment, never more.
"""

from __future__ import annotations

import ipaddress
import math
import threading

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

DEFAULT_RATE = "120/m"


def client_address(request: HttpRequest) -> str:
    """Who is calling: REMOTE_ADDR, or the address the outermost trusted proxy saw.

    An IPv6 client is counted by its /64 network: one household or server is given a whole
    /64 and could otherwise change address for every request.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class ClientRateThrottle(SimpleRateThrottle):
    """ONESTOP_SCREENING_API_RATE per client address, counted in Django's default cache."""

    scope = "screening-api"

    def __init__(self) -> None:
        # The rate is read on every request (a settings change applies at once), so nothing
        # is parsed here; the per-request state is per thread, as one instance serves all.
        self._state = threading.local()

    def limits(self) -> tuple[int, int]:
        """(requests, seconds) of the ONESTOP_SCREENING_API_RATE setting: "120/m" -> (120, 60)."""
        rate = getattr(settings, "ONESTOP_SCREENING_API_RATE", DEFAULT_RATE)
        try:
            requests, seconds = self.parse_rate(rate)
        except (ValueError, TypeError, AttributeError):
            requests = seconds = None
        if not requests or not seconds or requests < 1:
            raise ImproperlyConfigured(
                f"SCREENING_API_RATE must be requests/period such as '120/m' or '1000/h', "
                f"not {rate!r}"
            )
        return requests, seconds

    def allow_request(self, request: HttpRequest) -> bool:
        allowed, period = self.limits()
        now = self.timer()
        window = int(now // period)
        key = f"throttle:{self.scope}:{client_address(request)}:{window}"
        # The counter outlives its window a little, so that it cannot expire between the
        # add and the incr of a request that came at the very end of it.
        self.cache.add(key, 0, timeout=period + 5)
        try:
            used = self.cache.incr(key)
        except ValueError:  # evicted in between
            self.cache.set(key, 1, timeout=period + 5)
            used = 1
        self._state.wait = (window + 1) * period - now
        return used <= allowed

    def wait(self) -> float:
        """Seconds until the client's window ends (ninja sends it as Retry-After)."""
        return max(1.0, math.ceil(getattr(self._state, "wait", 1.0)))


def check_api_rate(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """A rate that cannot be read is found by `manage.py check`, not by the first request."""
    try:
        ClientRateThrottle().limits()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="eligibility.E001")]
    return []
