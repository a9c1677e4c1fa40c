import pytest
from django.utils import translation
from django.utils.html import escape

from cms.models import ProgrammePage
from tests.helpers import programme_page

pytestmark = pytest.mark.usefixtures("demo_site")

HOME_HEADING = {
    "es": "Ventanilla de apoyo a empresas",
    "eu": "Enpresei laguntzeko leihatila",
    "en": "Business support desk",
}


def test_the_bare_address_sends_visitors_to_the_spanish_home_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/es/"


@pytest.mark.parametrize("language", ["es", "eu", "en"])
def test_the_home_page_lists_the_eight_demo_programmes_in_each_language(client, language):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert HOME_HEADING[language] in html
    for page in ProgrammePage.objects.filter(locale__language_code=language):
        assert page.title in html
        assert page.title == page.definition["title"].get(language, page.definition["title"]["es"])
    assert ProgrammePage.objects.filter(locale__language_code=language).count() == 8


@pytest.mark.parametrize("language", ["es", "eu", "en"])
def test_each_programme_page_renders_in_each_language(client, language):
    for page in ProgrammePage.objects.filter(locale__language_code=language):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert page.url.startswith(f"/{language}/")
        assert f"<h1>{page.title}</h1>" in html
        summary = page.definition["summary"].get(language, page.definition["summary"]["es"])
        assert escape(summary) in html


def test_the_language_switcher_links_to_the_same_programme_in_the_other_languages(client):
    spanish = programme_page(language="es")
    html = client.get(spanish.url).content.decode()

    for translated in spanish.get_translations():
        assert f'href="{translated.url}" lang="{translated.locale.language_code}"' in html


def test_an_unknown_page_is_a_translated_404(client):
    with translation.override("eu"):
        response = client.get("/eu/ez-dago/")
    assert response.status_code == 404
    assert "Ez da orria aurkitu" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "requirement", "heading", "band", "amount"),
    [
        (
            "es",
            "El sector debe ser «Hostelería» o «Turismo»",
            '<th scope="col">Número de personas empleadas</th><th scope="col">Importe</th>',
            "De 4 a 10",
            "1.250,00 €",
        ),
        (
            "eu",
            "Barrutia ezin da «Hiritik kanpo» izan",
            '<th scope="col">Langile kopurua</th><th scope="col">Zenbatekoa</th>',
            "4 eta 10 artean",
            "1.250,00 €",
        ),
        (
            "en",
            "District cannot be “Outside the city”",
            '<th scope="col">Employees</th><th scope="col">Amount</th>',
            "From 4 to 10",
            "€1,250.00",
        ),
    ],
)
def test_the_programme_page_says_who_can_apply_and_how_much(
    client, language, requirement, heading, band, amount
):
    page = programme_page(language=language)

    html = client.get(page.url).content.decode()

    assert f"<li>{requirement}" in html
    assert heading in html
    assert f"<td>{band}</td><td>{amount}</td>" in html


def test_a_nested_any_group_is_stated_as_alternatives(client):
    page = programme_page("rental-subsidy", language="en")

    html = client.get(page.url).content.decode()

    assert "At least one of these:" in html
    assert "The amount depends on your answers." in html
