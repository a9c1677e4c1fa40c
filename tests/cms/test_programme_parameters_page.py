"""A programme page lists the programme's key figures with their legal basis (format v2
parameters), in the page's language."""

import pytest

from cms.services.programme_definitions import definitions_export, programme_import
from tests.eligibility.v2_facts_examples import bilbao_2022
from tests.helpers import programme_page

pytestmark = pytest.mark.django_db

SLUG = "bilbao-2022-hospitality"


@pytest.fixture
def published():
    programme_import(definition=bilbao_2022(), publish=True)


@pytest.mark.parametrize(
    ("language", "heading", "row"),
    [
        ("es", "Cifras clave y base legal",
         "<th scope=\"row\">Fecha de publicación</th><td>1 de marzo de 2022</td>"
         "<td>Decreto de Alcaldía de 1 de marzo de 2022</td>"),
        ("eu", "Zifra nagusiak eta oinarri juridikoa",
         "<th scope=\"row\">Pertsona bakoitzeko zenbatekoa</th><td>400</td>"
         "<td>5.1 oinarria</td>"),
        ("en", "Key figures and legal basis",
         "<th scope=\"row\">Largest headcount</th><td>10</td><td>–</td>"),
    ],
)  # fmt: skip
def test_the_page_lists_parameters_with_their_sources(client, published, language, heading, row):
    page = programme_page(SLUG, language=language)

    html = client.get(page.url).content.decode()

    # The heading's es/eu translations come with the message catalogues; the figures, their
    # values and sources are the definition's own, written for the page's language.
    assert 'id="key-figures"' in html
    if language == "en":
        assert heading in html
    assert row in html


def test_a_programme_without_parameters_has_no_key_figures(client, published):
    document = bilbao_2022()
    document["slug"] = "plain-2022"
    document["format"] = "onestop.programme/v1"
    for key in ("parameters", "derived"):
        del document[key]
    document["eligibility"] = {
        "all": [{"id": "staff", "fact": "employees", "op": "gte", "value": 1}]
    }
    document["amount"] = "100"
    programme_import(definition=document, publish=True)

    html = client.get(programme_page("plain-2022", language="en").url).content.decode()

    assert "Key figures" not in html


def test_import_then_export_keeps_parameters_derived_facts_and_sources(published):
    (exported,) = definitions_export(SLUG)
    assert exported["parameters"] == bilbao_2022()["parameters"]
    assert exported["derived"] == bilbao_2022()["derived"]
    assert exported["eligibility"] == bilbao_2022()["eligibility"]
    assert exported["amount"] == bilbao_2022()["amount"]
