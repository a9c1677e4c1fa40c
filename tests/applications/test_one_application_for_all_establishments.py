"""A per-establishment programme whose `one_application_when` lets some organisations apply
once for all their establishments (a travel agency for all its branches), while every other
organisation applies for each establishment."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.constants import ApplicationStatus
from applications.models import Application
from applications.services.drafts import draft_start
from applications.services.submission import ONE_PER, SubmissionRefused, application_submit
from tests.applications.submission_helpers import IN_WINDOW, definition, publish
from tests.factories.organisations import (
    EstablishmentFactory,
    OrganisationFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db

SLUG = "branch-aid"


@pytest.fixture(autouse=True)
def programme():
    document = definition(
        format="onestop.programme/v2",
        slug=SLUG,
        title={"es": "Ayuda a sucursales", "eu": "Sukurtsalen laguntza", "en": "Branch aid"},
        window={"opens": "2020-01-01", "closes": None},
        application_unit="establishment",
        one_per="establishment",
        one_application_when={"id": "agency", "fact": "sector", "op": "eq", "value": "tourism"},
        eligibility={
            "all": [
                {"id": "staff", "fact": "employees", "op": "gte", "value": 1},
                {"id": "tax", "fact": "tax_obligations_current", "op": "is_true"},
            ]
        },
        amount="500",
    )
    publish(**{key: value for key, value in document.items() if key != "slug"}, slug=SLUG)
    return document


def _representative(sector: str):
    organisation = OrganisationFactory(sector=sector, district="abando", employees=12)
    for number in (1, 2):
        EstablishmentFactory(
            organisation=organisation, name=f"Oficina {number}", employees=6,
            surface_m2=Decimal("60"), activity_code="7911",
        )  # fmt: skip
    return RepresentationFactory(organisation=organisation)


def _submit(representation, **start) -> Application:
    draft = draft_start(
        organisation=representation.organisation,
        programme_slug=SLUG,
        user=representation.user,
        **start,
    )
    draft.answers = {**draft.answers, "tax_obligations_current": True}
    draft.save()
    return application_submit(application=draft, user=representation.user, as_of=IN_WINDOW)


def test_a_travel_agency_applies_once_for_all_its_branches(client):
    agency = _representative("tourism")
    client.force_login(agency.user)
    response = client.post(reverse("applications:apply_start", args=[SLUG]))
    assert response.status_code == 302
    # Straight into the wizard, without being asked which establishment.
    draft = Application.objects.get(organisation=agency.organisation)
    assert draft.establishment is None
    assert "establishment" not in response.url
    # Its facts are the organisation's own, not one branch's.
    assert draft.answers["employees"] == 12
    # The establishment choice page sends it back to the programme's start.
    choice = reverse("applications:apply_establishment", args=[SLUG, agency.organisation.pk])
    assert client.get(choice).url == reverse("applications:apply_start", args=[SLUG])


def test_the_agency_applies_once_and_a_second_application_is_refused():
    agency = _representative("tourism")
    first = _submit(agency)
    assert first.status == ApplicationStatus.SUBMITTED and first.establishment is None
    second = Application.objects.create(
        organisation=agency.organisation,
        programme_slug=SLUG,
        created_by=agency.user,
        answers=dict(first.submitted_answers),
    )
    with pytest.raises(SubmissionRefused) as refused:
        application_submit(application=second, user=agency.user, as_of=IN_WINDOW)
    assert refused.value.code == ONE_PER
    assert first.reference in refused.value.messages[0]


def test_any_other_organisation_applies_for_each_establishment(client):
    bars = _representative("hospitality")
    client.force_login(bars.user)
    response = client.post(reverse("applications:apply_start", args=[SLUG]))
    assert response.url == reverse(
        "applications:apply_establishment", args=[SLUG, bars.organisation.pk]
    )
    for establishment in bars.organisation.establishments.all():
        assert _submit(bars, establishment=establishment).status == ApplicationStatus.SUBMITTED
    assert bars.organisation.applications.filter(establishment__isnull=False).count() == 2
