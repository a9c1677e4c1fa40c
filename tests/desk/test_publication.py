"""Publication of awards: the public list names each beneficiary except natural persons (a
sole trader's name is withheld unless the programme's bases say otherwise), as a page, CSV
and JSON; the BDNS export carries every beneficiary's tax id and name, the amount, the date
and the call, as CSV and XML, from the admin (senior caseworkers) and a command."""

import csv
import io
import json
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications.constants import ApplicationStatus as S
from tests.factories.organisations import OrganisationFactory
from tests.letters.letter_helpers import DEFINITION

pytestmark = pytest.mark.django_db

V2 = {**DEFINITION, "format": "onestop.programme/v2"}


@pytest.fixture
def awards(case):
    cooperative = OrganisationFactory(
        legal_name="Errota Kooperatiba", tax_id="F95123452", legal_form="cooperative"
    )
    sole_trader = OrganisationFactory(
        legal_name="Miren Etxeberria Garai", tax_id="12345678Z", legal_form="sole_trader"
    )
    named = OrganisationFactory(
        legal_name="Jon Agirre Lasa", tax_id="87654321X", legal_form="sole_trader"
    )
    made = []
    for organisation, amount, definition in (
        (cooperative, "1250.00", DEFINITION),
        (sole_trader, "1000.00", DEFINITION),
        (named, "800.00", {**V2, "slug": "named-aid", "publish_natural_persons": True}),
    ):
        made.append(
            case(
                mine=False,
                organisation=organisation,
                programme_slug=definition.get("slug", DEFINITION["slug"]),
                programme_definition=definition,
                status=S.APPROVED,
                awarded_amount=Decimal(amount),
                decided_at=timezone.now(),
            )
        )
    # Not an award that stands: a rejection.
    case(mine=False, status=S.REJECTED, decided_at=timezone.now(), rejection_reasons=["other"])
    return made


def test_the_public_page_withholds_a_sole_traders_name_unless_the_bases_allow_it(client, awards):
    response = client.get(reverse("public_awards"))
    html = response.content.decode().replace("\xa0", " ")
    assert response.status_code == 200
    assert "Errota Kooperatiba" in html and "1.250,00 €" in html
    assert "Miren Etxeberria" not in html and "12345678Z" not in html
    assert "Persona física (nombre no publicado)" in html and "1.000,00 €" in html
    assert "Jon Agirre Lasa" in html  # its programme's bases say so
    assert "F95123452" not in html  # tax ids are for the BDNS, not the page
    assert html.count("<tr>") == 1 + 3  # the header, three awards, no rejection


def test_the_open_data_is_the_same_list(client, awards):
    data = json.loads(client.get(reverse("public_awards") + "?format=json").content)
    assert {(row["beneficiary"], row["amount"]) for row in data["awards"]} == {
        ("Errota Kooperatiba", "1250.00"), (None, "1000.00"), ("Jon Agirre Lasa", "800.00"),
    }  # fmt: skip
    text = client.get(reverse("public_awards") + "?format=csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["beneficiary"] for row in rows} == {
        "Errota Kooperatiba", "Persona física (nombre no publicado)", "Jon Agirre Lasa",
    }  # fmt: skip
    assert "Miren" not in text


def test_the_bdns_export_carries_every_beneficiary_the_amount_the_date_and_the_call(
    client, people, awards, tmp_path
):
    call_command("bdns_export", "--output", str(tmp_path))
    rows = list(
        csv.DictReader(io.StringIO((tmp_path / "bdns-awards.csv").read_text()), delimiter=";")
    )
    by_tax_id = {row["nif_beneficiario"]: row for row in rows}
    assert set(by_tax_id) == {"F95123452", "12345678Z", "87654321X"}
    miren = by_tax_id["12345678Z"]
    assert (miren["nombre_beneficiario"], miren["persona_fisica"], miren["importe"]) == (
        "Miren Etxeberria Garai", "S", "1000.00",
    )  # fmt: skip
    assert miren["fecha_concesion"] == timezone.localdate().isoformat()
    assert miren["codigo_convocatoria"] == DEFINITION["slug"]
    assert miren["referencia_expediente"] == awards[1].reference
    call_command("bdns_export", "--format", "xml", "--output", str(tmp_path))
    root = ElementTree.parse(tmp_path / "bdns.xml").getroot()  # noqa: S314 (our own file)
    assert len(root.findall("concesiones/concesion")) == 3
    assert {item.findtext("nif_beneficiario") for item in root.iter("concesion")} == set(by_tax_id)

    url = reverse("desk:bdns_export")
    client.force_login(people.caseworker)
    assert client.get(url).status_code == 200
    refused = client.get(url + "?download=awards")
    assert refused.status_code in (302, 403) and b"12345678Z" not in refused.content
    client.force_login(people.senior)
    download = client.get(url + "?download=awards")
    assert download.status_code == 200 and b"12345678Z" in download.content
    assert client.get(url + "?download=xml")["Content-Type"] == "application/xml"


def test_publish_natural_persons_needs_v2_and_a_boolean():
    from eligibility.engine import validate_definition
    from tests.eligibility.engine_builders import programme

    errors = {
        e.path: e.message for e in validate_definition(programme(publish_natural_persons=True))
    }
    assert errors == {"publish_natural_persons": "needs format 'onestop.programme/v2'"}
    v2 = programme(format="onestop.programme/v2", publish_natural_persons=True)
    assert validate_definition(v2) == []
