"""The public verification page and the permission-checked download."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from applications import roles
from letters.services import letters
from tests.factories.organisations import RepresentationFactory
from tests.helpers import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(make_decided):
    application = make_decided()
    return letters.letter_issue(
        application_id=application.pk, kind="award", source_key=letters.decision_key(application)
    )


def upload(data: bytes) -> dict:
    return {"pdf": SimpleUploadedFile("carta.pdf", data, content_type="application/pdf")}


def test_the_page_shows_what_the_letter_decided_and_its_fingerprint(client, letter):
    response = client.get(reverse("letters:verify_letter", args=[letter.code]))

    assert response.status_code == 200
    page = response.content.decode()
    assert letter.application.reference in page
    assert letter.sha256 in page
    assert "Ayuda directa a la hostelería" in page
    # What a bank checking the letter needs: the beneficiary's name and the amount.
    assert "Txurdinaga Begoña Kooperatiba «Ñandú» Güeñes" in response.content.decode("utf-8")
    assert "1.250,00" in page
    # Nothing more personal: not the tax id, not the address.
    organisation = letter.application.organisation
    assert organisation.tax_id not in page
    assert organisation.street not in page
    assert organisation.postcode not in page


def test_the_right_pdf_is_accepted(client, letter):
    url = reverse("letters:verify_letter", args=[letter.code])

    response = client.post(url, upload(letter.pdf.open("rb").read()))

    assert "Este PDF es la carta original." in response.content.decode()


def test_a_modified_pdf_is_refused(client, letter):
    data = bytearray(letter.pdf.open("rb").read())
    data[len(data) // 2] ^= 0x01
    url = reverse("letters:verify_letter", args=[letter.code])

    response = client.post(url, upload(bytes(data)))

    page = response.content.decode()
    assert "Este PDF no coincide con la carta emitida con este código." in page
    assert "Este PDF es la carta original." not in page


def test_an_unknown_code_in_the_url_is_the_start_page_with_the_error(client, letter):
    cache.clear()
    response = client.get(reverse("letters:verify_letter", args=["AAAAA-BBBBB-CCCCC-DDDDD"]))

    page = response.content.decode()
    assert response.status_code == 404
    assert letter.application.reference not in page
    # The start page, its field holding the code, the error linked to it; the form posts to
    # the start page, not back to the unknown code's URL.
    assert "<h1>Comprobar una carta</h1>" in page
    assert 'href="#id_code"' in page
    assert "No se ha emitido ninguna carta con este código." in page
    assert 'value="AAAAA-BBBBB-CCCCC-DDDDD"' in page
    assert f'action="{reverse("letters:verify_start")}"' in page
    cache.clear()


def test_a_malformed_code_in_the_url_says_how_a_code_looks(client, letter):
    cache.clear()
    response = client.get(reverse("letters:verify_letter", args=["NOPE"]))

    page = response.content.decode()
    assert response.status_code == 404
    assert 'href="#id_code"' in page
    assert "20 letras y números" in page
    cache.clear()


@pytest.mark.parametrize(
    ("language", "error"),
    [
        ("eu", "Ez da gutunik igorri kode honekin."),
        ("en", "No letter was issued with this code."),
    ],
)
def test_an_unknown_code_in_the_url_speaks_the_visitors_language(client, letter, language, error):
    cache.clear()
    with translation.override(language):
        url = reverse("letters:verify_letter", args=["AAAAA-BBBBB-CCCCC-DDDDD"])
    response = client.get(url)

    assert response.status_code == 404
    assert error in response.content.decode()
    cache.clear()


def test_a_code_typed_loosely_finds_the_letter(client, letter):
    response = client.post(
        reverse("letters:verify_start"), {"code": letter.code.replace("-", " ").lower()}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("letters:verify_letter", args=[letter.code])


def test_a_wrong_code_in_the_form_is_an_error_linked_to_the_field(client, letter):
    response = client.post(
        reverse("letters:verify_start"), {"code": "AAAAA-BBBBB-CCCCC-DDDDD"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_code"' in page
    assert "No se ha emitido ninguna carta con este código." in page


def test_wrong_codes_are_rate_limited(client, letter):
    cache.clear()
    for _ in range(20):
        client.get(reverse("letters:verify_letter", args=["AAAAA-BBBBB-CCCCC-DDDDD"]))

    response = client.get(reverse("letters:verify_letter", args=[letter.code]))

    assert response.status_code == 429
    cache.clear()


def test_uploads_to_compare_are_throttled_per_client_and_say_when_to_try_again(client, letter):
    cache.clear()
    page = reverse("letters:verify_letter", args=[letter.code])
    original = letter.pdf.open("rb").read()
    for _ in range(30):
        response = client.post(page, upload(original))
        assert "Este PDF es la carta original." in response.content.decode()

    response = client.post(page, upload(original))

    text = response.content.decode()
    assert "Este PDF es la carta original." not in text
    assert "Demasiados archivos subidos desde su conexión. Espere 15 minutos" in text
    other_client = client.__class__(REMOTE_ADDR="192.0.2.44")
    assert "Este PDF es la carta original." in (
        other_client.post(page, upload(original)).content.decode()
    )
    cache.clear()


def test_the_short_address_redirects_to_the_page_in_a_language(client, letter):
    response = client.get(f"/verify/{letter.code}", HTTP_ACCEPT_LANGUAGE="eu")

    assert response.status_code == 302
    assert response["Location"] == f"/eu/verify/{letter.code}/"


def test_a_superseded_letter_stays_verifiable_and_says_so(
    client, letter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letters.letter_reissue(application=letter.application)
    letter.refresh_from_db()

    response = client.get(reverse("letters:verify_letter", args=[letter.code]))

    assert response.status_code == 200
    assert "se sustituyó por una versión posterior" in response.content.decode()
    response = client.post(
        reverse("letters:verify_letter", args=[letter.code]),
        upload(letter.pdf.open("rb").read()),
    )
    assert "Este PDF es la carta original." in response.content.decode()


# --- download -------------------------------------------------------------------------------


def test_a_representative_downloads_the_letter(client, letter):
    client.force_login(letter.application.organisation.representations.get().user)

    response = client.get(reverse("letters:letter_download", args=[letter.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == letter.pdf.open("rb").read()


def test_a_caseworker_downloads_the_letter(client, letter):
    caseworker = member(roles.CASEWORKERS)
    client.force_login(caseworker)

    response = client.get(reverse("letters:letter_download", args=[letter.pk]))

    assert response.status_code == 200


def test_another_organisations_representative_gets_404(client, letter):
    client.force_login(RepresentationFactory().user)

    response = client.get(reverse("letters:letter_download", args=[letter.pk]))

    assert response.status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, letter):
    response = client.get(reverse("letters:letter_download", args=[letter.pk]))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_my_application_page_links_the_letter(client, letter):
    client.force_login(letter.application.organisation.representations.get().user)

    response = client.get(reverse("applications:application_detail", args=[letter.application.pk]))

    page = response.content.decode()
    assert reverse("letters:letter_download", args=[letter.pk]) in page
    assert letter.code in page
