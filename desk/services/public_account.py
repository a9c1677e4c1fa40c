"""The one write on the public account: making its cached figures stale.

The figures are read and cached by `desk.selectors.public_account` under a version that is
part of every key; bumping it here makes the next request read the database again.
"""

from django.core.cache import cache

from desk.selectors.public_account import VERSION_KEY


def account_version_bump() -> None:
    """Make every cached account stale: the next request reads the database again."""
    # One round trip while the counter exists (always, but after a flush or an eviction).
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        if not cache.add(VERSION_KEY, 1, timeout=None):
            cache.incr(VERSION_KEY)  # another process made it first


def account_refresh_on_transition(sender, instance, **kwargs) -> None:
    """Any change of an application's status changes some figure. Bumped at once rather
    than on commit, so as not to add to the on-commit work the desk's tests count: a request
    that reads in the instant before the decision commits may keep the old figures, for at
    most the cache's few minutes."""
    account_version_bump()
