"""The desk's people (one per role) and cases in any status."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from applications.roles import CASEWORKERS, SENIOR_CASEWORKERS
from cms.roles import POLICY_EDITORS
from tests.domain_fixtures import *  # noqa: F403 (the fixtures, autouse ones included)
from tests.factories.applications import SubmittedApplicationFactory
from tests.factories.desk import ProgrammeDeskFactory
from tests.factories.organisations import RepresentationFactory
from tests.helpers import member

PROGRAMME = "hospitality-direct-aid"


@pytest.fixture
def people(db):
    """One user per role. The representative represents the organisation of `case()`."""
    representation = RepresentationFactory()
    return SimpleNamespace(
        applicant=representation.user,
        organisation=representation.organisation,
        caseworker=member(CASEWORKERS, username="ane", first_name="Ane", last_name="Etxeberria"),
        caseworker2=member(CASEWORKERS, username="jon", first_name="Jon", last_name="Agirre"),
        senior=member(CASEWORKERS, SENIOR_CASEWORKERS, username="miren", first_name="Miren"),
        senior2=member(CASEWORKERS, SENIOR_CASEWORKERS, username="koldo", first_name="Koldo"),
        editor=member(POLICY_EDITORS, username="editor", is_staff=True),
        anonymous=AnonymousUser(),
    )


@pytest.fixture
def desk(db):
    """The programme's desk row: 10,000 EUR budget, 30 days, four eyes above 3,000 EUR."""
    return ProgrammeDeskFactory(
        programme_slug=PROGRAMME,
        budget=Decimal("10000.00"),
        sla_days=30,
        four_eyes_threshold=Decimal("3000.00"),
    )


@pytest.fixture
def small_budget(desk):
    """The same desk with only 3,000 EUR to award."""
    desk.budget = Decimal("3000.00")
    desk.save()
    return desk


@pytest.fixture
def case(people):
    """Make a submitted case of the representative's organisation (or another's)."""

    def make(*, mine=True, submitted_at=None, **fields):
        submitted_at = submitted_at or timezone.now()
        if mine:
            fields.setdefault("organisation", people.organisation)
        fields.setdefault("sla_due_at", submitted_at + datetime.timedelta(days=30))
        return SubmittedApplicationFactory(
            programme_slug=fields.pop("programme_slug", PROGRAMME),
            submitted_at=submitted_at,
            **fields,
        )

    return make


@pytest.fixture
def letters(monkeypatch):
    """The letters the desk queued, as (application pk, kind); the letter task itself is tested
    with the letters."""
    queued = []
    monkeypatch.setattr(
        "applications.services.outbox.letter_owe",
        lambda *, application, kind: queued.append((application.pk, kind)),
    )
    return queued


@pytest.fixture
def in_review(case, people):
    """A case in review, claimed by the caseworker."""
    from desk.services import case_claim

    def make(**fields):
        return case_claim(application=case(**fields), user=people.caseworker)

    return make
