"""Organisations with valid Spanish tax ids and IBANs, and their representatives."""

import factory
from stdnum import iban
from stdnum.es import ccc, cif

from organisations.constants import LegalForm
from organisations.models import Establishment, Invitation, Organisation, Representation
from tests.factories.accounts import UserFactory


def valid_cif(n: int) -> str:
    """A valid CIF of a limited company (letter B) for sequence number `n`."""
    body = f"B{n % 10_000_000:07d}"
    return body + cif.calc_check_digits(body)[0]


def valid_iban(n: int) -> str:
    """A valid Spanish IBAN: bank 2100, branch 0418, a made-up account number."""
    account = f"21000418??{n % 10_000_000_000:010d}"
    bban = account.replace("??", ccc.calc_check_digits(account.replace("??", "00")))
    return f"ES{iban.calc_check_digits('ES00' + bban)}{bban}"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    legal_name = factory.Sequence(lambda n: f"Cooperativa Ejemplo {n}")
    tax_id = factory.Sequence(lambda n: valid_cif(n + 1))
    legal_form = LegalForm.COOPERATIVE
    iban = factory.Sequence(lambda n: valid_iban(n + 1))
    contact_email = factory.Sequence(lambda n: f"info{n}@example.org")


class RepresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representation

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    invited_by = factory.SubFactory(UserFactory)


class EstablishmentFactory(factory.django.DjangoModelFactory):
    """A rented bar of the organisation, in Deusto."""

    class Meta:
        model = Establishment

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Taberna {n}")
    address = factory.Sequence(lambda n: f"Lehendakari Aguirre {n + 1}, 48014 Bilbao")
    district = "deusto"
    employees = 3
    premises_tenure = "rented"
