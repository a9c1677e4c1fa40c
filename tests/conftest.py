import pytest
from django.core.cache import cache
from django.db import transaction


@pytest.fixture(scope="module")
def _demo_site_for_module(django_db_setup, django_db_blocker):
    """Build the demo desk once per test module, inside a transaction rolled back at the end.

    Each test still runs in its own savepoint within it, so tests see the demo desk as
    `load_demo` leaves it and cannot see each other's changes.
    """
    from demo.content import demo_load

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            demo_load()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()  # Wagtail caches site root paths, which now point at nothing


@pytest.fixture
def demo_site(_demo_site_for_module, db):
    """The demo desk as `load_demo` builds it."""


@pytest.fixture
def client():
    """Django's test client whose force_login signs staff in with their second factor."""
    from tests.accounts_helpers import SignedInClient

    return SignedInClient()
