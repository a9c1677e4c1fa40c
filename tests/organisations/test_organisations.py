"""Organisation profiles: identifiers, services, selectors and the facts they give the engine."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from stdnum import iban
from stdnum.es import cif, nif

from eligibility.engine.catalogue import CATALOGUE
from organisations import constants
from organisations.models import Organisation, Representation
from organisations.selectors import (
    organisation_facts,
    organisation_for_user,
    organisations_for_user,
)
from organisations.services.organisations import organisation_create, organisation_update
from organisations.validators import validate_spanish_iban, validate_tax_id
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory, RepresentationFactory, valid_iban

VALID_TAX_IDS = ["B12345674", "B-58378431", "es b64717838", "12345678Z", "X1234567L"]
INVALID_TAX_IDS = ["B12345675", "B1234567", "12345678A", "", "ABCDEFGHI", "ES12345678"]
VALID_IBANS = ["ES9121000418450200051332", "ES91 2100 0418 4502 0005 1332"]
INVALID_IBANS = ["ES9121000418450200051333", "ES912100", "XX9121000418450200051332"]
FOREIGN_IBANS = ["DE89370400440532013000", "GB82WEST12345698765432"]


@pytest.mark.parametrize("tax_id", VALID_TAX_IDS)
def test_valid_spanish_tax_ids_pass(tax_id):
    assert nif.is_valid(tax_id) or cif.is_valid(tax_id)
    validate_tax_id(tax_id)


@pytest.mark.parametrize("tax_id", INVALID_TAX_IDS)
def test_invalid_tax_ids_are_refused(tax_id):
    with pytest.raises(ValidationError) as error:
        validate_tax_id(tax_id)
    assert error.value.code == "invalid_tax_id"


@pytest.mark.parametrize("number", VALID_IBANS)
def test_valid_spanish_ibans_pass(number):
    assert iban.is_valid(number)
    validate_spanish_iban(number)


@pytest.mark.parametrize("number", INVALID_IBANS)
def test_invalid_ibans_are_refused(number):
    with pytest.raises(ValidationError) as error:
        validate_spanish_iban(number)
    assert error.value.code == "invalid_iban"


@pytest.mark.parametrize("number", FOREIGN_IBANS)
def test_foreign_ibans_are_refused(number):
    assert iban.is_valid(number)
    with pytest.raises(ValidationError) as error:
        validate_spanish_iban(number)
    assert error.value.code == "foreign_iban"


@pytest.mark.parametrize(
    ("choices", "fact"),
    [
        (constants.LegalForm, "legal_form"),
        (constants.District, "district"),
        (constants.Sector, "sector"),
        (constants.PremisesTenure, "premises_tenure"),
    ],
)
def test_profile_choices_are_the_catalogue_choices(choices, fact):
    assert tuple(choices.values) == CATALOGUE[fact].choices


def test_profile_fact_fields_are_catalogue_facts_of_the_same_type():
    types = {
        "CharField": "choice",
        "PositiveIntegerField": "int",
        "DateField": "date",
        "DecimalField": "decimal",
        "BooleanField": "bool",
    }
    from organisations.selectors import FACT_FIELDS

    for name in FACT_FIELDS:
        field = Organisation._meta.get_field(name)
        assert types[field.get_internal_type()] == CATALOGUE[name].type, name


@pytest.mark.django_db
def test_organisation_create_stores_compact_ids_and_makes_the_user_a_representative():
    user = UserFactory()
    organisation = organisation_create(
        user=user,
        data={
            "legal_name": "Kafe Kooperatiba",
            "tax_id": "b-1234567-4",
            "legal_form": "cooperative",
            "iban": "es91 2100 0418 4502 0005 1332",
        },
    )
    assert organisation.tax_id == "B12345674"
    assert organisation.iban == "ES9121000418450200051332"
    assert Representation.objects.filter(user=user, organisation=organisation).exists()
    assert list(organisations_for_user(user)) == [organisation]


@pytest.mark.django_db
def test_organisation_create_refuses_a_duplicate_or_invalid_tax_id():
    OrganisationFactory(tax_id="B12345674")
    with pytest.raises(ValidationError) as error:
        organisation_create(
            user=UserFactory(),
            data={"legal_name": "Otra", "tax_id": "B12345674", "legal_form": "association"},
        )
    assert "tax_id" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        organisation_create(
            user=UserFactory(),
            data={"legal_name": "Otra", "tax_id": "B12345675", "legal_form": "association"},
        )
    assert "tax_id" in error.value.message_dict
    assert Representation.objects.count() == 0


@pytest.mark.django_db
def test_organisation_update_is_for_representatives_only():
    representation = RepresentationFactory()
    organisation = representation.organisation
    organisation_update(organisation=organisation, user=representation.user, data={"employees": 7})
    organisation.refresh_from_db()
    assert organisation.employees == 7
    with pytest.raises(PermissionDenied):
        organisation_update(organisation=organisation, user=UserFactory(), data={"employees": 1})


@pytest.mark.django_db
def test_organisation_for_user_hides_other_organisations():
    mine = RepresentationFactory()
    other = OrganisationFactory()
    assert organisation_for_user(mine.user, mine.organisation.pk) == mine.organisation
    with pytest.raises(Http404):
        organisation_for_user(mine.user, other.pk)


@pytest.mark.django_db
def test_organisation_facts_gives_only_answered_facts_in_the_engine_format():
    organisation = OrganisationFactory(
        legal_form="cooperative",
        employees=5,
        founded_on=datetime.date(2019, 3, 1),
        turnover_current=Decimal("85000.00"),
        district="deusto",
        women_led=False,
        iban=valid_iban(9),
    )
    assert organisation_facts(organisation) == {
        "legal_form": "cooperative",
        "employees": 5,
        "founded_on": "2019-03-01",
        "turnover_current": "85000.00",
        "district": "deusto",
        "women_led": False,
    }


@pytest.mark.django_db
def test_organisation_facts_are_valid_engine_input():
    from eligibility.engine.facts import check_facts

    organisation = OrganisationFactory(
        employees=3,
        founded_on=datetime.date(2020, 1, 1),
        monthly_rent=Decimal("900.50"),
        premises_tenure="rented",
        sector="retail",
        women_led=True,
        turnover_current=Decimal("1000"),
        turnover_previous=Decimal("2000.10"),
    )
    facts = organisation_facts(organisation)
    assert len(facts) == 9
    assert check_facts(facts, CATALOGUE) == []
