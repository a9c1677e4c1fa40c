"""The one write on the cache of public pages: making every cached page stale.

Anonymous visitors are served Wagtail's pages from the cache (`cms.views.pages`), each entry
stamped with the generation it was rendered under. Bumping the generation here makes every
entry stale at once, in every process sharing the cache (Redis in production): the next
request renders the page again. Everything a public page shows that staff edit in the CMS
bumps it (pages, their revisions, the site settings and snippets, sites and locales, images
and documents); figures the desk changes (a programme's budget left) are not purged, they
lag by at most PUBLIC_PAGE_CACHE_SECONDS.
"""

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "cms:public-pages:generation"

# Saves and deletes of these apps' models change what public pages show.
PURGING_APPS = frozenset(
    {"cms", "wagtailcore", "wagtailimages", "wagtaildocs", "wagtailredirects", "taggit"}
)


def public_pages_purge() -> None:
    """Make every cached public page stale, now and again once the change commits: a page
    rendered in between, from what the database held before the commit, must not outlive
    it."""
    _generation_bump()
    transaction.on_commit(_generation_bump)


def public_pages_purge_on_change(sender, **kwargs) -> None:
    """Receiver of post_save, post_delete and Wagtail's page signals."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label in PURGING_APPS:
        public_pages_purge()


def _generation_bump() -> None:
    cache.add(GENERATION_KEY, 0, timeout=None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted between add and incr
        cache.set(GENERATION_KEY, 1, timeout=None)
