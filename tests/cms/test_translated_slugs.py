from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import call_command

from cms.models import ProgrammePage
from tests.factories.cms import ProgrammePageFactory
from tests.helpers import demo_definition

pytestmark = pytest.mark.usefixtures("demo_site")

TITLES = {
    "es": "Ayudas a la pequeña empresa",
    "eu": "Enpresa txikiarentzako laguntzak",
    "en": "Aid for small businesses",
}


def definition(slug: str, titles: dict[str, str]) -> dict:
    doc = demo_definition()
    return {**doc, "slug": slug, "title": dict(titles)}


def publish_in_spanish(slug: str, titles: dict[str, str], page_slug: str) -> ProgrammePage:
    return ProgrammePageFactory(slug=page_slug, definition=definition(slug, titles))


def pages_of(slug: str) -> dict[str, ProgrammePage]:
    return {
        page.locale.language_code: page
        for page in ProgrammePage.objects.filter(programme_slug=slug).select_related("locale")
    }


def test_each_language_gets_an_address_from_its_own_title():
    publish_in_spanish("small-business-aid", TITLES, page_slug="ayudas-pequeña-empresa")

    pages = pages_of("small-business-aid")

    assert pages["eu"].url == "/eu/programak/enpresa-txikiarentzako-laguntzak/"
    assert pages["en"].url == "/en/programmes/aid-for-small-businesses/"
    for page in (pages["eu"], pages["en"]):
        assert "%" not in page.url and "ñ" not in page.url


def test_the_translated_pages_answer_at_their_addresses(client):
    publish_in_spanish("small-business-aid", TITLES, page_slug="ayudas-pequeña-empresa")

    eu = client.get("/eu/programak/enpresa-txikiarentzako-laguntzak/")
    en = client.get("/en/programmes/aid-for-small-businesses/")

    assert eu.status_code == 200 and f"<h1>{TITLES['eu']}</h1>" in eu.content.decode()
    assert en.status_code == 200 and f"<h1>{TITLES['en']}</h1>" in en.content.decode()


def test_the_language_switcher_of_the_spanish_page_links_to_the_translated_addresses(client):
    publish_in_spanish("small-business-aid", TITLES, page_slug="ayudas-pequeña-empresa")

    html = client.get(quote("/es/programas/ayudas-pequeña-empresa/")).content.decode()

    assert 'href="/eu/programak/enpresa-txikiarentzako-laguntzak/" lang="eu"' in html
    assert 'href="/en/programmes/aid-for-small-businesses/" lang="en"' in html


def test_the_demo_programmes_have_translated_addresses():
    pages = pages_of("hospitality-direct-aid")

    assert pages["es"].url == "/es/programas/hospitality-direct-aid/"
    assert pages["eu"].url == "/eu/programak/ostalaritzarako-zuzeneko-laguntza/"
    assert pages["en"].url == "/en/programmes/direct-aid-for-hospitality/"


def pages_with_the_spanish_slug(slug: str) -> ProgrammePage:
    """A programme as it was published before each language had its own slug."""
    source = publish_in_spanish(slug, TITLES, page_slug="ayudas-pequeña-empresa")
    for page in (pages_of(slug)[code] for code in ("eu", "en")):
        page.slug = source.slug
        page.save()
        page.save_revision().publish()
    return source


def test_a_page_that_kept_the_spanish_slug_moves_and_its_old_address_redirects(
    client, django_capture_on_commit_callbacks
):
    source = pages_with_the_spanish_slug("small-business-aid")
    assert pages_of("small-business-aid")["eu"].url == quote(
        "/eu/programak/ayudas-pequeña-empresa/"
    )

    # Wagtail's own redirect for a changed slug, queued for the commit, must not clash.
    with django_capture_on_commit_callbacks(execute=True):
        source.get_latest_revision_as_object().save_revision().publish()

    pages = pages_of("small-business-aid")
    assert pages["eu"].url == "/eu/programak/enpresa-txikiarentzako-laguntzak/"
    assert pages["en"].url == "/en/programmes/aid-for-small-businesses/"
    old = client.get(quote("/eu/programak/ayudas-pequeña-empresa/"))
    assert old.status_code == 301
    assert old["Location"].endswith("/eu/programak/enpresa-txikiarentzako-laguntzak/")
    old = client.get(quote("/en/programmes/ayudas-pequeña-empresa/"))
    assert old.status_code == 301
    assert old["Location"].endswith("/en/programmes/aid-for-small-businesses/")


def test_two_programmes_with_the_same_title_in_a_language_get_a_suffix(client):
    publish_in_spanish("small-business-aid", TITLES, page_slug="ayudas-pequeña-empresa")
    publish_in_spanish(
        "small-business-aid-bis",
        {**TITLES, "es": "Ayudas a la pequeña empresa (bis)"},
        page_slug="ayudas-pequena-empresa-bis",
    )

    first, second = pages_of("small-business-aid"), pages_of("small-business-aid-bis")

    assert first["eu"].url == "/eu/programak/enpresa-txikiarentzako-laguntzak/"
    assert second["eu"].url == "/eu/programak/enpresa-txikiarentzako-laguntzak-2/"
    assert second["en"].url == "/en/programmes/aid-for-small-businesses-2/"
    assert client.get(second["eu"].url).status_code == 200


def test_a_new_title_keeps_the_address(client):
    source = publish_in_spanish("small-business-aid", TITLES, page_slug="ayudas-pequeña-empresa")
    draft = source.get_latest_revision_as_object()
    titles = {**TITLES, "eu": "Enpresa txikientzako laguntza berriak"}
    draft.definition = {**draft.definition, "title": titles}
    draft.save_revision().publish()

    eu = pages_of("small-business-aid")["eu"]

    assert eu.title == "Enpresa txikientzako laguntza berriak"
    assert eu.url == "/eu/programak/enpresa-txikiarentzako-laguntzak/"
    assert client.get(eu.url).status_code == 200


def test_the_command_moves_pages_that_kept_the_spanish_slug_without_a_republication(client):
    pages_with_the_spanish_slug("small-business-aid")
    out = StringIO()

    call_command("translate_programme_slugs", stdout=out)

    assert "eu: /eu/programak/enpresa-txikiarentzako-laguntzak/" in out.getvalue()
    assert pages_of("small-business-aid")["en"].url == "/en/programmes/aid-for-small-businesses/"
    old = client.get(quote("/eu/programak/ayudas-pequeña-empresa/"))
    assert old.status_code == 301
    call_command("translate_programme_slugs", stdout=(again := StringIO()))
    assert again.getvalue() == ""
