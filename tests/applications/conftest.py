import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth's rate limits (one confirmation email per address per 3 minutes) live in the
    cache, which would otherwise carry over from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _spanish_by_default():
    """reverse() prefixes the active language; start every test from the default one."""
    from django.utils import translation

    with translation.override("es"):
        yield
