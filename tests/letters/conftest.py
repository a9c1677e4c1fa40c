"""Decided applications of an organisation whose name and address carry Basque and Spanish
characters, with a representative to receive the emails."""

from decimal import Decimal

import pytest
from django.utils import timezone

from applications.constants import ApplicationStatus
from tests.domain_fixtures import *  # noqa: F403 (the fixtures, autouse ones included)
from tests.factories.applications import SubmittedApplicationFactory
from tests.factories.organisations import OrganisationFactory, RepresentationFactory
from tests.letters.letter_helpers import DEFINITION, ORGANISATION_NAME


@pytest.fixture
def make_decided(db):
    def make(
        *,
        language="es",
        status=ApplicationStatus.APPROVED,
        amount=Decimal("1250.00"),
        definition=None,
        **fields,
    ):
        organisation = OrganisationFactory(
            legal_name=ORGANISATION_NAME,
            street="Zabalbide kalea, 12, behea",
            postcode="48006",
            city="Bilbao",
        )
        representation = RepresentationFactory(organisation=organisation)
        application = SubmittedApplicationFactory(
            organisation=organisation,
            language=language,
            status=status,
            programme_definition=definition or DEFINITION,
            awarded_amount=amount if status == ApplicationStatus.APPROVED else None,
            decided_at=timezone.now(),
            **fields,
        )
        application.representative = representation.user
        return application

    return make
