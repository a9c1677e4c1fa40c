"""What the letters say in each language: the deciding body in the letter's language only,
the copy as a reader expects it, the recipient's address, the de minimis notice, the call's
publication, and a short letter fitting on one page."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from wagtail.models import Site

from applications.constants import ApplicationStatus
from cms.models.site_settings import CitySettings
from letters.models.letters import LetterKind
from letters.services.letters import letter_render
from tests.factories.applications import InformationRequestFactory
from tests.letters.letter_helpers import DEFINITION, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual_city(db):
    city = CitySettings.for_site(Site.objects.get(is_default_site=True))
    city.authority_name = "Ayuntamiento de Bilbao / Bilboko Udala"
    city.save()
    return city


def render(application, kind=LetterKind.AWARD, information_request=None) -> bytes:
    return letter_render(
        application=application,
        kind=kind,
        code="7KQ2M9PXW4ABCDEFGHJK",
        version=1,
        issued_on=dt.date(2026, 12, 3),
        information_request=information_request,
    )


def award_text(make_decided, language, definition=None):
    return pdf_text(render(make_decided(language=language, definition=definition)))


def test_the_spanish_letter_names_only_the_spanish_authority_with_its_article(
    make_decided, bilingual_city
):
    text = award_text(make_decided, "es")

    assert "Bilboko Udala" not in text
    assert " / " not in text
    assert "el Ayuntamiento de Bilbao resuelve conceder" in text
    assert "aprobadas por el Ayuntamiento de Bilbao." in text


def test_the_basque_letter_names_the_basque_authority_and_says_bilbon(make_decided, bilingual_city):
    text = award_text(make_decided, "eu")

    assert "Ayuntamiento" not in text
    assert "Bilboko Udalak onartutako" in text
    assert "jarduerarekin Bilbon ebazpen" in text
    assert "Bilbaon" not in text
    assert "Bilbo, 2026ko abenduaren 3a" in text  # where it is signed, in Basque


def test_the_basque_inessive_comes_from_the_settings_and_falls_back_regularly(
    make_decided, bilingual_city
):
    bilingual_city.city_name = "Madrid"
    bilingual_city.city_name_eu = "Madril"
    bilingual_city.city_in_eu = ""
    bilingual_city.save()

    assert "jarduerarekin Madrilen ebazpen" in award_text(make_decided, "eu")


def test_the_english_letter_takes_the_english_authority_when_set(make_decided, bilingual_city):
    bilingual_city.authority_name_en = "Bilbao City Council"
    bilingual_city.save()

    text = award_text(make_decided, "en")

    assert "Bilbao City Council resolves to award" in text
    assert "Ayuntamiento" not in text
    assert "Udala" not in text


def test_the_information_answer_page_says_al_requerimiento():
    from django.utils import translation

    with translation.override("es"):
        assert translation.gettext("Answer the request for information") == (
            "Responder al requerimiento de información"
        )


def test_the_recipient_block_carries_the_postal_address(make_decided):
    text = award_text(make_decided, "es")

    assert "Zabalbide kalea, 12, behea" in text
    assert "48006 Bilbao" in text


DE_MINIMIS = {**DEFINITION, "de_minimis": True}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            (
                "Reglamento (UE) 2023/2831 de la Comisión, de 13 de diciembre de 2023",
                "Su importe bruto como ayuda de minimis es de 1.250,00 €",
                "300.000,00 € durante cualquier período de tres años",
            ),
        ),
        (
            "eu",
            (
                "(EB) 2023/2831 Erregelamenduaren",
                "de minimis laguntza gisa, 1.250,00 € da",
                "hiru urteko edozein alditan",
            ),
        ),
        (
            "en",
            (
                "Commission Regulation (EU) 2023/2831 of 13 December 2023",
                "Its gross amount as de minimis aid is €1,250.00",
                "over any period of three years",
            ),
        ),
    ],
)
def test_a_de_minimis_award_carries_the_notice(make_decided, language, expected):
    text = award_text(make_decided, language, DE_MINIMIS)

    for phrase in expected:
        assert phrase in text


def test_an_ordinary_award_has_no_de_minimis_notice(make_decided):
    assert "2023/2831" not in award_text(make_decided, "es")


PUBLISHED = {
    **DEFINITION,
    "publication": {
        "es": "BOB n.º 123, de 1 de julio de 2026",
        "eu": "BAO, 123. zk., 2026ko uztailaren 1ekoa",
        "en": "BOB no. 123 of 1 July 2026",
    },
}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            "Publicación de la convocatoria de este programa: BOB n.º 123, de 1 de julio de 2026.",
        ),
        ("eu", "Programa honen deialdia argitaratu zen: BAO, 123. zk., 2026ko uztailaren 1ekoa."),
        ("en", "The call for this programme was published in BOB no. 123 of 1 July 2026."),
    ],
)
def test_the_legal_basis_cites_the_calls_publication(make_decided, language, expected):
    assert expected in award_text(make_decided, language, PUBLISHED)


def test_a_publication_of_another_shape_is_ignored(make_decided):
    text = award_text(make_decided, "es", {**DEFINITION, "publication": 123})

    assert "Publicación de la convocatoria" not in text


def _pages(data: bytes) -> list[str]:
    return [
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages
    ]


def test_a_short_rejection_and_an_information_request_fit_on_one_page(make_decided):
    rejected = make_decided(status=ApplicationStatus.REJECTED, rejection_reasons=["not_eligible"])
    assert len(_pages(render(rejected, LetterKind.REJECTION))) == 1

    asked = make_decided()
    request = InformationRequestFactory(
        application=asked, message="Envíe el contrato de alquiler.", due_on=dt.date(2026, 12, 20)
    )
    assert len(_pages(render(asked, LetterKind.INFORMATION_REQUEST, request))) == 1


def test_a_second_page_carries_more_than_the_signature_and_verification(make_decided):
    pages = _pages(render(make_decided(definition={**DE_MINIMIS, **PUBLISHED})))

    assert len(pages) == 2
    # The last section goes over with the closing; the signature is not left alone there.
    assert "Cómo recurrir" in pages[1]
    assert "Conserve esta carta" in pages[1]
    assert "Compruebe esta carta" in pages[1]
