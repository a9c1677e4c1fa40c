"""A small programme of the tests' own, published as the CMS publishes it, and applications
to submit to it: drafts as the wizard leaves them and awards as the desk leaves them."""

import datetime
from decimal import Decimal

from django.utils import timezone

from applications.constants import ApplicationStatus
from applications.models import Application
from cms.services.programme_definitions import programme_import
from tests.factories.applications import SubmittedApplicationFactory
from tests.factories.organisations import RepresentationFactory

IN_WINDOW = datetime.date(2026, 6, 1)
ANSWERS = {"employees": 5, "tax_obligations_current": True}


def definition(**changes) -> dict:
    """A small programme: open in 2026, 100 EUR per employee, one per organisation."""
    base = {
        "format": "onestop.programme/v1",
        "slug": "test-aid",
        "title": {"es": "Ayuda de prueba", "eu": "Proba-laguntza", "en": "Test aid"},
        "summary": {"es": "Una ayuda para las pruebas."},
        "benefit": "grant",
        "unit": "EUR",
        "window": {"opens": "2026-01-15", "closes": "2026-12-31"},
        "budget": None,
        "award_mode": "first_come",
        "one_per": "organisation",
        "de_minimis": False,
        "exclusive_with": [],
        "questions": [],
        "documents": [],
        "eligibility": {
            "all": [
                {"id": "staff", "fact": "employees", "op": "gte", "value": 1},
                {"id": "tax", "fact": "tax_obligations_current", "op": "is_true"},
            ]
        },
        "amount": {"mul": [{"fact": "employees"}, "100"]},
    }
    return {**base, **changes}


def publish(**changes) -> dict:
    document = definition(**changes)
    programme_import(definition=document, publish=True)
    return document


def draft(*, slug="test-aid", answers=None, representation=None):
    representation = representation or RepresentationFactory()
    application = Application.objects.create(
        organisation=representation.organisation,
        programme_slug=slug,
        created_by=representation.user,
        answers=dict(ANSWERS) if answers is None else answers,
    )
    return application, representation.user


def award(organisation, *, slug, definition_changes=None, amount="1000.00", decided_at=None):
    """An approved award of the desk, as the desk leaves it."""
    return SubmittedApplicationFactory(
        organisation=organisation,
        programme_slug=slug,
        programme_definition=definition(slug=slug, **(definition_changes or {})),
        status=ApplicationStatus.APPROVED,
        awarded_amount=Decimal(amount),
        decided_at=decided_at or timezone.now(),
    )
