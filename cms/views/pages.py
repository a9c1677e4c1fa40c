"""Wagtail's pages served to anonymous visitors from a cache shared by every process.

On the morning a programme opens, thousands of people read the same few pages: rendering
each of them again per request (the page tree, the settings, the menus, the language
switcher) is most of what the servers would do. A page is cached as rendered, whole, for
PUBLIC_PAGE_CACHE_SECONDS, under the cache generation read before rendering it; any edit in
the CMS bumps the generation (`cms.services.public_pages`), so a published change shows on
the next request.

Only what is the same for every anonymous visitor is cached: a GET without a session or
messages cookie, answered 200 by a page with no view restriction, that set no cookie and
used no CSRF token or CSP nonce. Middleware still runs on a cached answer, so its headers
(the CSP, Vary, frame options) are those of the request.
"""

import hashlib
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from wagtail import views as wagtail_views

from cms.services.public_pages import GENERATION_KEY

KEY_PREFIX = "cms:public-page:"
# Added by links shared on social networks and newsletters; the page does not depend on them.
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid"})
STORED_HEADERS = ("Content-Type", "Content-Language")


def serve(request, path):
    """Wagtail's `serve`, from the cache when the visitor is anonymous and the page public."""
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    key = _key(request) if seconds > 0 else None
    if key is None:
        return wagtail_views.serve(request, path)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY, 0)
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        _, status, headers, content = entry
        return HttpResponse(content, status=status, headers=headers)
    response = wagtail_views.serve(request, path)
    if _storable(request, response):
        headers = {name: response[name] for name in STORED_HEADERS if name in response}
        cache.set(key, (generation, response.status_code, headers, response.content), seconds)
    return response


def _key(request) -> str | None:
    if request.method != "GET" or request.user.is_authenticated:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return None
    query = [
        (name, value)
        for name, value in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
        if name not in TRACKING_PARAMETERS and not name.startswith("utm_")
    ]
    if query:
        return None  # filtered lists and the like: rendered each time, never a cache flood
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    return KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "_csp_nonce", None):
        return False  # the page holds something made for this request
    if "private" in response.get("Cache-Control", "") or response.has_header("Vary"):
        return False
    page = (getattr(response, "context_data", None) or {}).get("page")
    if page is None or page.get_view_restrictions().exists():
        return False
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return True
