"""An organisation's establishments: the service that writes them, the profile pages that
list, add, change and remove them, and who may."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from organisations.models import Establishment
from organisations.selectors import establishment_facts, unit_facts
from organisations.services.establishments import (
    EstablishmentInUse,
    establishment_create,
    establishment_delete,
    establishment_update,
)
from tests.factories.accounts import UserFactory
from tests.factories.applications import ApplicationFactory, SubmittedApplicationFactory
from tests.factories.organisations import (
    EstablishmentFactory,
    OrganisationFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db

BAR = {
    "name": "Taberna Deusto",
    "address": "Lehendakari Aguirre 12, 48014 Bilbao",
    "district": "deusto",
    "activity_code": "56.10",
    "employees": "4",
    "surface_m2": "85,5",
    "premises_tenure": "rented",
    "monthly_rent": "1.200,50",
}


def _urls(establishment) -> list[str]:
    organisation_pk = establishment.organisation_id
    return [
        reverse("organisations:establishment_create", args=[organisation_pk]),
        reverse("organisations:establishment_update", args=[organisation_pk, establishment.pk]),
        reverse("organisations:establishment_delete", args=[organisation_pk, establishment.pk]),
    ]


# --- the service ----------------------------------------------------------------------------


def test_a_representative_adds_changes_and_removes_an_establishment(representation):
    organisation, user = representation.organisation, representation.user
    establishment = establishment_create(
        organisation=organisation,
        user=user,
        data={"name": "Denda", "address": "Calle Mayor 1", "surface_m2": Decimal("40")},
    )
    assert establishment.organisation == organisation
    assert establishment.surface_m2 == Decimal("40")
    establishment_update(
        establishment=establishment, user=user, data={"employees": 2, "activity_code": "4711"}
    )
    establishment.refresh_from_db()
    assert (establishment.employees, establishment.activity_code) == (2, "4711")
    establishment_delete(establishment=establishment, user=user)
    assert not Establishment.objects.exists()


def test_only_a_representative_may_write_establishments(representation):
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        establishment_create(
            organisation=representation.organisation,
            user=stranger,
            data={"name": "Denda", "address": "Calle Mayor 1"},
        )
    establishment = EstablishmentFactory(organisation=representation.organisation)
    with pytest.raises(PermissionDenied):
        establishment_update(establishment=establishment, user=stranger, data={"employees": 9})
    with pytest.raises(PermissionDenied):
        establishment_delete(establishment=establishment, user=stranger)
    establishment.refresh_from_db()
    assert establishment.employees == 3


@pytest.mark.parametrize("code", ["5", "56101", "56.1", "5a10", "ab"])
def test_the_activity_code_is_two_to_four_digits(representation, code):
    with pytest.raises(ValidationError) as refused:
        establishment_create(
            organisation=representation.organisation,
            user=representation.user,
            data={"name": "Denda", "address": "Calle Mayor 1", "activity_code": code},
        )
    assert "activity_code" in refused.value.message_dict


def test_a_negative_area_or_rent_is_refused(representation):
    with pytest.raises(ValidationError) as refused:
        establishment_create(
            organisation=representation.organisation,
            user=representation.user,
            data={
                "name": "Denda",
                "address": "Calle Mayor 1",
                "surface_m2": Decimal("-1"),
                "monthly_rent": Decimal("-5"),
            },
        )
    assert set(refused.value.message_dict) == {"surface_m2", "monthly_rent"}


def test_an_establishment_with_a_submitted_application_is_kept(representation):
    establishment = EstablishmentFactory(organisation=representation.organisation)
    application = SubmittedApplicationFactory(
        organisation=representation.organisation, establishment=establishment
    )
    with pytest.raises(EstablishmentInUse) as refused:
        establishment_delete(establishment=establishment, user=representation.user)
    assert refused.value.messages == [
        f"No se puede eliminar «{establishment.name}»: tiene solicitudes "
        f"({application.reference}), que conservan sus datos."
    ]
    assert Establishment.objects.filter(pk=establishment.pk).exists()


def test_an_establishment_with_a_draft_is_kept_until_the_draft_goes(representation):
    establishment = EstablishmentFactory(organisation=representation.organisation)
    ApplicationFactory(organisation=representation.organisation, establishment=establishment)
    with pytest.raises(EstablishmentInUse) as refused:
        establishment_delete(establishment=establishment, user=representation.user)
    assert "elimine antes el borrador" in refused.value.messages[0]


def test_the_facts_of_an_establishment_replace_the_organisations_own():
    organisation = OrganisationFactory(
        sector="hospitality",
        district="abando",
        employees=20,
        premises_tenure="owned",
        women_led=True,
    )
    establishment = EstablishmentFactory(
        organisation=organisation,
        district="deusto",
        activity_code="5610",
        employees=4,
        surface_m2=Decimal("85.50"),
        premises_tenure="rented",
        monthly_rent=Decimal("1200.50"),
    )
    assert establishment_facts(establishment) == {
        "district": "deusto",
        "activity_code": "5610",
        "employees": 4,
        "premises_tenure": "rented",
        "monthly_rent": "1200.50",
        "surface_m2": "85.50",
    }
    facts = unit_facts(organisation, establishment)
    assert facts["sector"] == "hospitality" and facts["women_led"] is True
    assert facts["district"] == "deusto" and facts["employees"] == 4
    # The organisation's own facts, for a per-organisation programme, are as they were.
    assert unit_facts(organisation) == {
        "legal_form": "cooperative",
        "sector": "hospitality",
        "district": "abando",
        "employees": 20,
        "premises_tenure": "owned",
        "women_led": True,
    }


def test_an_empty_establishment_field_is_not_filled_from_the_organisation():
    organisation = OrganisationFactory(district="abando", employees=20)
    establishment = EstablishmentFactory(organisation=organisation, employees=None)
    facts = unit_facts(organisation, establishment)
    assert "employees" not in facts
    assert facts["district"] == "deusto"


# --- the profile pages ----------------------------------------------------------------------


def test_every_page_requires_signing_in(client):
    establishment = EstablishmentFactory()
    for url in _urls(establishment):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/es/accounts/login/?next="), url


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organisations_user_cannot_see_change_or_remove(client, representation, method):
    establishment = EstablishmentFactory(name="Not yours", employees=3)
    client.force_login(representation.user)
    for url in _urls(establishment):
        response = getattr(client, method)(url, BAR if method == "post" else None)
        assert response.status_code == 404, url
    establishment.refresh_from_db()
    assert establishment.name == "Not yours"
    assert Establishment.objects.count() == 1
    html = client.get(
        reverse("organisations:organisation_detail", args=[representation.organisation.pk])
    ).content.decode()
    assert "Not yours" not in html


def test_an_establishment_of_one_organisation_is_not_reached_through_another(client):
    """A user who represents two organisations cannot mix their ids in the address."""
    mine, other = RepresentationFactory(), None
    other = RepresentationFactory(user=mine.user)
    establishment = EstablishmentFactory(organisation=other.organisation)
    client.force_login(mine.user)
    url = reverse(
        "organisations:establishment_update", args=[mine.organisation.pk, establishment.pk]
    )
    assert client.get(url).status_code == 404


def test_the_profile_lists_the_establishments_with_links(client, representation):
    establishment = EstablishmentFactory(
        organisation=representation.organisation,
        name="Taberna Deusto",
        activity_code="5610",
        surface_m2=Decimal("1250.5"),
    )
    client.force_login(representation.user)
    html = client.get(
        reverse("organisations:organisation_detail", args=[representation.organisation.pk])
    ).content.decode()
    assert 'id="establishments"' in html
    assert "Taberna Deusto" in html and establishment.address in html
    assert "CNAE 5610" in html and "1.250,5 m²" in html
    for url in _urls(establishment):
        assert url in html


def test_the_profile_says_when_there_are_none(client, representation):
    client.force_login(representation.user)
    html = client.get(
        reverse("organisations:organisation_detail", args=[representation.organisation.pk])
    ).content.decode()
    assert "Todavía no hay establecimientos." in html
    assert (
        reverse("organisations:establishment_create", args=[representation.organisation.pk]) in html
    )


def test_add_an_establishment_typed_as_people_type_it(client, representation):
    client.force_login(representation.user)
    url = reverse("organisations:establishment_create", args=[representation.organisation.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'autocomplete="street-address"' in page.content.decode()
    response = client.post(url, BAR)
    assert response.status_code == 302
    assert response.url.endswith("#establishments")
    establishment = Establishment.objects.get()
    assert establishment.organisation == representation.organisation
    assert establishment.activity_code == "5610"
    assert establishment.surface_m2 == Decimal("85.50")
    assert establishment.monthly_rent == Decimal("1200.50")
    assert establishment.employees == 4


def test_adding_comes_back_to_the_page_that_sent_there(client, representation):
    client.force_login(representation.user)
    url = reverse("organisations:establishment_create", args=[representation.organisation.pk])
    response = client.post(f"{url}?next=/es/apply/some-programme/", BAR)
    assert response.url == "/es/apply/some-programme/"
    response = client.post(f"{url}?next=https://evil.example/", BAR)
    assert response.url.endswith("#establishments")


def test_the_form_summarises_errors_and_links_them_to_fields(client, representation):
    client.force_login(representation.user)
    url = reverse("organisations:establishment_create", args=[representation.organisation.pk])
    data = {**BAR, "name": "", "activity_code": "561a", "surface_m2": "-3"}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert Establishment.objects.count() == 0
    for field in ("name", "activity_code", "surface_m2"):
        assert f'<a href="#id_{field}">' in html, field
        assert f'id="id_{field}-error"' in html, field
    assert 'aria-invalid="true"' in html
    assert "2 to 4 digits" in html or "2 a 4" in html


def test_change_an_establishment(client, representation):
    establishment = EstablishmentFactory(organisation=representation.organisation)
    client.force_login(representation.user)
    url = _urls(establishment)[1]
    page = client.get(url).content.decode()
    assert establishment.name in page
    response = client.post(url, {**BAR, "employees": "7"})
    assert response.status_code == 302
    establishment.refresh_from_db()
    assert establishment.employees == 7 and establishment.name == "Taberna Deusto"


def test_remove_an_establishment_after_confirming(client, representation):
    establishment = EstablishmentFactory(organisation=representation.organisation)
    client.force_login(representation.user)
    url = _urls(establishment)[2]
    page = client.get(url)
    assert page.status_code == 200
    assert establishment.name in page.content.decode()
    assert Establishment.objects.filter(pk=establishment.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Establishment.objects.filter(pk=establishment.pk).exists()


def test_removing_one_with_applications_is_refused_on_the_page(client, representation):
    establishment = EstablishmentFactory(organisation=representation.organisation)
    application = SubmittedApplicationFactory(
        organisation=representation.organisation, establishment=establishment
    )
    client.force_login(representation.user)
    response = client.post(_urls(establishment)[2])
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html
    assert application.reference in html
    assert Establishment.objects.filter(pk=establishment.pk).exists()


@pytest.mark.parametrize("language", ["es", "eu", "en"])
def test_the_section_is_on_the_profile_in_every_language(client, representation, language):
    client.force_login(representation.user)
    html = client.get(
        f"/{language}/organisations/{representation.organisation.pk}/"
    ).content.decode()
    assert 'aria-labelledby="establishments-title"' in html
    assert f"/{language}/organisations/{representation.organisation.pk}/establishments/new/" in html


# --- the organisation's data: export and anonymisation -------------------------------------


def test_the_organisations_data_export_lists_its_establishments(representation):
    import json
    import zipfile

    from applications.services.subject_access import DATA_FILE, organisation_export

    EstablishmentFactory(
        organisation=representation.organisation, name="Taberna Deusto", activity_code="5610"
    )
    export = organisation_export(
        organisation=representation.organisation,
        user=representation.user,
        via="applicant",
        full=False,
    )
    data = json.loads(zipfile.ZipFile(export.file).read(DATA_FILE))
    (exported,) = data["establishments"]
    assert exported["name"] == "Taberna Deusto"
    assert exported["activity_code"] == "5610"
    assert exported["district"] == "deusto"


def test_anonymising_the_organisation_clears_what_identifies_its_establishments(representation):
    from django.utils import timezone

    from applications.services.lifecycle import organisation_anonymise

    establishment = EstablishmentFactory(
        organisation=representation.organisation,
        name="Taberna Deusto",
        surface_m2=Decimal("80"),
        monthly_rent=Decimal("900"),
    )
    SubmittedApplicationFactory(
        organisation=representation.organisation,
        establishment=establishment,
        anonymised_at=timezone.now(),
    )
    assert organisation_anonymise(organisation=representation.organisation)
    establishment.refresh_from_db()
    assert establishment.name != "Taberna Deusto"
    assert establishment.address == ""
    assert (establishment.employees, establishment.surface_m2, establishment.monthly_rent) == (
        None,
        None,
        None,
    )
    # What statistics keep, as for the organisation itself.
    assert (establishment.district, establishment.premises_tenure) == ("deusto", "rented")
