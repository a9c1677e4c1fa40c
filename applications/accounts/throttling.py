"""Counting attempts in the shared cache, so that a limit holds across every process.

In production the default cache is Redis (settings refuse anything else), where `add` and
`incr` are atomic: two processes counting the same client never lose a hit.
"""

import math
import time

from django.core.cache import cache


def throttle_hit(*, key: str, limit: int, window_seconds: int) -> int | None:
    """Count one attempt under `key`; return None while within `limit` attempts per window,
    else the seconds until the window ends (when the client may try again)."""
    count_key, started_key = f"throttle:{key}:n", f"throttle:{key}:t"
    cache.add(started_key, time.time(), window_seconds)
    cache.add(count_key, 0, window_seconds)
    try:
        count = cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.set(count_key, 1, window_seconds)
        count = 1
    if count <= limit:
        return None
    started = cache.get(started_key) or time.time()
    return max(1, math.ceil(started + window_seconds - time.time()))


def throttle_retry_after(*, key: str, limit: int, window_seconds: int) -> int | None:
    """Like `throttle_hit` without counting: is the client already over its limit?"""
    count = cache.get(f"throttle:{key}:n", 0)
    if count < limit:
        return None
    started = cache.get(f"throttle:{key}:t") or time.time()
    return max(1, math.ceil(started + window_seconds - time.time()))
