"""The one write on the cache of public pages: making every cached page stale.

Anonymous visitors are served Wagtail's pages from the cache (`cms.views.pages`), each entry
stamped with the generation it was rendered under. Bumping the generation here makes every
entry stale at once, in every process sharing the cache (Redis in production): the next
request renders the page again. Everything a public page shows that staff edit in the CMS
bumps it (pages published, unpublished, moved or deleted, the site settings and the cms
app's other models, sites and locales, view restrictions, images and documents); figures the desk changes (a programme's budget left) are not purged, they
lag by at most PUBLIC_PAGE_CACHE_SECONDS.
"""

from django.core.cache import cache
from django.db import transaction
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page

GENERATION_KEY = "cms:public-pages:generation"

# Saves and deletes of these apps' models change what public pages show.
PURGING_APPS = frozenset({"cms", "wagtailimages", "wagtaildocs", "taggit"})
# And of these of Wagtail's core (its log entries, revisions and workflow states do not: a
# page is purged when it is published, moved or deleted).
PURGING_CORE_MODELS = frozenset(
    {"site", "locale", "pageviewrestriction", "collectionviewrestriction"}
)


def public_pages_purge() -> None:
    """Make every cached public page stale, now and again once the change commits: a page
    rendered in between, from what the database held before the commit, must not outlive
    it."""
    _generation_bump()
    transaction.on_commit(_generation_bump)


def public_pages_purge_on_change(sender, **kwargs) -> None:
    """Receiver of post_save, post_delete and Wagtail's page signals."""
    if not isinstance(sender, type) or not hasattr(sender, "_meta"):
        public_pages_purge()
        return
    if kwargs.get("created") and issubclass(sender, BaseSiteSetting):
        return  # made with its defaults when first read: what pages showed already
    meta = sender._meta
    if (
        meta.app_label in PURGING_APPS
        or (meta.app_label == "wagtailcore" and meta.model_name in PURGING_CORE_MODELS)
        or issubclass(sender, Page)
    ):
        public_pages_purge()


def _generation_bump() -> None:
    # One round trip while the counter exists (always, but after a flush or an eviction).
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        if not cache.add(GENERATION_KEY, 1, timeout=None):
            cache.incr(GENERATION_KEY)  # another process made it first
