"""The right of access: a representative's export from the organisation's page, the data
protection officers' export in the admin, what each holds, the register, and who may not;
and the public record of processing in each language with the periods from the settings."""

import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from applications import roles
from applications.constants import DataProtectionEventKind
from applications.models import DataProtectionEvent
from tests.applications.lifecycle_helpers import DESK_NOTE, full_file
from tests.applications.my_applications_helpers import PDF_BYTES
from tests.factories.organisations import RepresentationFactory
from tests.helpers import caseworker, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_with_everything(representative):
    return full_file(representative.organisation, representative.user)


def data_protection_officer():
    return member(roles.DATA_PROTECTION_OFFICERS)


def _export_url(organisation):
    return reverse("applications:organisation_data", args=[organisation.pk])


def _unzipped(response) -> tuple[dict, zipfile.ZipFile]:
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return json.loads(archive.read("data.json")), archive


# --- the representative's export -----------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("es", "Descargar los datos de su organización"),
        ("eu", "Deskargatu zure erakundearen datuak"),
        ("en", "Download your organisation's data"),
    ],
)
def test_the_export_page_explains_the_download_in_each_language(
    client, representative, language, heading
):
    client.force_login(representative.user)
    with translation.override(language):
        url = _export_url(representative.organisation)
        detail = reverse("organisations:organisation_detail", args=[representative.organisation_id])

    page = client.get(url)

    assert page.status_code == 200
    html = page.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert '<form method="post"' in html
    assert url in client.get(detail).content.decode(), "linked from the organisation's page"
    assert not DataProtectionEvent.objects.exists(), "reading the page exports nothing"


def test_a_representative_downloads_everything_held_with_the_files(
    client, representative, file_with_everything
):
    application, document, letter, _desk = file_with_everything
    client.force_login(representative.user)

    response = client.post(_export_url(representative.organisation))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    data, archive = _unzipped(response)
    assert data["format"] == "onestop.subject-access/v1"
    organisation = data["organisation"]
    assert (organisation["legal_name"], organisation["tax_id"], organisation["iban"]) == (
        "Errota Kooperatiba Txikia",
        "F95123452",
        "ES9121000418450200051332",
    )
    (person,) = data["representatives"]
    assert person["email"] == "miren@example.org" and person["username"]
    assert data["invitations"][0]["email"] == "nueva.socia@example.org"
    (exported,) = data["applications"]
    assert exported["reference"] == application.reference
    assert exported["submitted_answers"]["employees"] == 12
    assert exported["decision_note"].startswith("No cumple")
    assert exported["evaluation"]["reasons"]["es"]
    request = exported["information_requests"][0]
    assert request["answer"] == "Adjunto el contrato; mi DNI es 12345678Z."
    (entry,) = exported["registry_entries"]
    assert (entry["number"], entry["content"]["answer"]) == ("BIO-E-2020-000001", request["answer"])
    (appeal,) = exported["appeals"]
    assert (appeal["text"], appeal["status"]) == (
        "Recurre Miren Etxeberria, DNI 12345678Z.",
        "dismissed",
    )
    # The timeline as the applicant sees it: no internal note, their own words kept.
    notes = [event["note"] for event in exported["events"]]
    assert DESK_NOTE not in notes and "proposal_justification" not in exported
    assert request["answer"] in notes
    assert {event["by"] for event in exported["events"]} <= {"applicant", "desk", "system"}
    (listed_document,) = exported["documents"]
    assert listed_document["name"] == "contrato Miren Etxeberria.pdf"
    assert archive.read(listed_document["file"]) == document.file.open("rb").read()
    (listed_letter,) = exported["letters"]
    assert listed_letter["verification_code"] == letter.code
    assert archive.read(listed_letter["file"]) == PDF_BYTES


def test_every_export_is_registered(client, representative, file_with_everything):
    client.force_login(representative.user)

    response = client.post(_export_url(representative.organisation))
    b"".join(response.streaming_content)

    event = DataProtectionEvent.objects.get()
    assert event.kind == DataProtectionEventKind.EXPORT
    assert event.actor == representative.user
    assert event.organisation == representative.organisation
    assert event.data == {
        "via": "applicant site",
        "full": False,
        "bytes": int(response["Content-Length"]),
        "applications": 1,
        "documents": 1,
        "letters": 1,
        "files_missing": 0,
    }


def test_another_organisation_s_representative_gets_404(client, representative):
    client.force_login(RepresentationFactory().user)
    url = _export_url(representative.organisation)

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not DataProtectionEvent.objects.exists()


def test_a_caseworker_without_a_representation_gets_404(client, representative):
    client.force_login(caseworker())

    assert client.post(_export_url(representative.organisation)).status_code == 404
    assert not DataProtectionEvent.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, representative):
    url = _export_url(representative.organisation)

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert not DataProtectionEvent.objects.exists()


# --- the data protection officers' export in the admin ---------------------------------------


def test_the_role_exists_and_reaches_the_admin():
    group = Group.objects.get(name=roles.DATA_PROTECTION_OFFICERS)
    assert group.permissions.filter(codename="access_admin").exists()


def test_a_data_protection_officer_finds_an_organisation_and_downloads_the_full_export(
    client, representative, file_with_everything
):
    application, *_ = file_with_everything
    officer = data_protection_officer()
    client.force_login(officer)

    home = client.get(reverse("wagtailadmin_home"))
    assert reverse("data_protection:index") in home.content.decode(), "in the admin menu"
    found = client.get(reverse("data_protection:index"), {"q": "f-95123452"})
    assert found.status_code == 200
    export_url = reverse("data_protection:export", args=[representative.organisation_id])
    assert export_url in found.content.decode()
    by_name = client.get(reverse("data_protection:index"), {"q": "kooperatiba txi"})
    assert export_url in by_name.content.decode()

    response = client.post(export_url)

    assert response.status_code == 200
    data, _archive = _unzipped(response)
    (exported,) = data["applications"]
    assert DESK_NOTE in [event["note"] for event in exported["events"]]
    assert exported["proposal_justification"].startswith("Propuesta")
    event = DataProtectionEvent.objects.get()
    assert (event.actor, event.data["via"], event.data["full"]) == (officer, "admin", True)
    register = client.get(reverse("data_protection:index")).content.decode()
    assert "Exportación por derecho de acceso" in register


def test_a_caseworker_without_the_role_cannot_reach_the_admin_export(client, representative):
    client.force_login(caseworker())

    for response in (
        client.get(reverse("data_protection:index"), {"q": "F95123452"}),
        client.post(reverse("data_protection:export", args=[representative.organisation_id])),
    ):
        assert response.status_code in (302, 403)
        assert b"PK" not in response.content[:2]
    assert not DataProtectionEvent.objects.exists()
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("data_protection:index") not in home


def test_an_anonymous_visitor_is_sent_to_the_admin_sign_in(client, representative):
    response = client.post(reverse("data_protection:export", args=[representative.organisation_id]))

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not DataProtectionEvent.objects.exists()


# --- the record of processing ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "path", "heading", "four_years"),
    [
        ("es", "/es/proteccion-de-datos/", "Cómo tratamos sus datos", "4 años (1461 días)"),
        ("eu", "/eu/datuen-babesa/", "Nola tratatzen ditugun zure datuak", "4 urte (1461 egun)"),
        ("en", "/en/data-protection/", "How we process your data", "4 years (1461 days)"),
    ],
)
def test_the_record_of_processing_is_published_in_each_language(
    client, language, path, heading, four_years
):
    with translation.override(language):
        assert reverse("applications:processing_record") == path

    page = client.get(path)

    assert page.status_code == 200
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert "Ayuntamiento de Bilbao" in html, "the controller, from the city settings"
    assert "BDNS" in html and "38/2003" in html and "39/2015" in html
    assert four_years in html, "the award's period"
    assert f'href="{path}"' in html, "linked from the footer"


def test_the_record_reads_the_periods_and_the_contact_from_the_settings(client, settings):
    settings.ONESTOP_RETENTION_REJECTED_DAYS = 1000
    settings.ONESTOP_RETENTION_WITHDRAWN_DAYS = 400
    settings.ONESTOP_DRAFT_RETENTION_DAYS = 45
    settings.ONESTOP_DATA_PROTECTION_CONTACT = "dpd@bilbao.example"

    html = client.get("/es/proteccion-de-datos/").content.decode()

    assert "2 años y 9 meses (1000 días)" in html
    assert "1 año y 1 mes (400 días)" in html
    assert "45 días" in html
    assert "4 años y 3 meses (1553 días)" not in html
    assert "dpd@bilbao.example" in html


def test_the_officer_finds_a_name_without_typing_its_accents():
    from applications.selectors_lifecycle import organisations_search
    from tests.factories.organisations import OrganisationFactory

    begona = OrganisationFactory(legal_name="Okindegia Begoña S.Coop.")
    officer = data_protection_officer()
    assert list(organisations_search(officer, "begona")) == [begona]
    assert list(organisations_search(officer, "BEGOÑA")) == [begona]
