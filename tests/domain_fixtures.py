"""Fixtures of the domain apps' tests (organisations, applications, desk, letters): each of
their conftests imports them, so that cms and eligibility tests keep their own defaults."""

import pytest
from django.core.cache import cache

# Named, so that `import *` in the conftests brings the autouse ones too (private names).
__all__ = [
    "_fresh_rate_limits",
    "_spanish_by_default",
    "representation",
    "representative",
    "hospitality",
    "applicant",
    "draft",
]


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


@pytest.fixture
def representation(db):
    """A user who represents an organisation of their own."""
    from tests.factories.organisations import RepresentationFactory

    return RepresentationFactory()


@pytest.fixture
def representative(db):
    """The representative of an organisation with all a real one gives: its address, phone,
    staff and money."""
    from tests.applications.lifecycle_helpers import rich_organisation
    from tests.factories.organisations import RepresentationFactory

    return RepresentationFactory(organisation=rich_organisation(), user__email="miren@example.org")


@pytest.fixture
def hospitality(demo_site):
    """The demo hospitality aid, kept open whatever the day."""
    from tests.applications.wizard_helpers import HOSPITALITY, keep_open

    keep_open()
    return HOSPITALITY


@pytest.fixture
def applicant(db):
    """A representative of a hospitality business in Deusto with 5 employees."""
    from tests.factories.organisations import OrganisationFactory, RepresentationFactory

    organisation = OrganisationFactory(sector="hospitality", district="deusto", employees=5)
    return RepresentationFactory(organisation=organisation).user


@pytest.fixture
def draft(applicant, hospitality):
    """The applicant's draft of the hospitality aid."""
    from tests.applications.wizard_helpers import organisation_of
    from tests.factories.applications import ApplicationFactory

    return ApplicationFactory(organisation=organisation_of(applicant))
