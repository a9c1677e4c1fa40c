import pytest

from cms.models import ProgrammePage
from tests.factories.cms import ProgrammePageFactory
from tests.helpers import demo_definition, programme_page


def translations(slug: str) -> dict[str, ProgrammePage]:
    return {
        page.locale.language_code: page
        for page in ProgrammePage.objects.filter(programme_slug=slug).select_related("locale")
    }


def test_publishing_a_programme_in_spanish_publishes_it_in_basque_and_english(demo_site):
    doc = demo_definition()
    doc["slug"] = "hospitality-direct-aid-2027"
    doc["title"] = {"es": "Hostelería 2027", "eu": "Ostalaritza 2027", "en": "Hospitality 2027"}
    ProgrammePageFactory(definition=doc)

    pages = translations("hospitality-direct-aid-2027")

    assert sorted(pages) == ["en", "es", "eu"]
    assert all(p.live for p in pages.values())
    assert pages["eu"].title == "Ostalaritza 2027"
    assert pages["en"].title == "Hospitality 2027"
    assert pages["en"].definition == doc
    assert pages["en"].translation_key == pages["es"].translation_key


def test_a_draft_in_spanish_leaves_the_other_languages_alone(demo_site):
    page = programme_page("rental-subsidy")
    draft = page.get_latest_revision_as_object()
    draft.definition = {**draft.definition, "budget": "1.00"}
    draft.save_revision()

    assert translations("rental-subsidy")["eu"].definition["budget"] == "1500000.00"

    page.get_latest_revision().publish()

    assert translations("rental-subsidy")["eu"].definition["budget"] == "1.00"
    assert translations("rental-subsidy")["en"].definition["budget"] == "1.00"


def test_a_title_missing_in_a_language_falls_back_to_spanish(demo_site):
    doc = demo_definition()
    doc["slug"] = "only-in-spanish"
    doc["title"] = {"es": "Solo en castellano"}
    ProgrammePageFactory(definition=doc)

    assert {p.title for p in translations("only-in-spanish").values()} == {"Solo en castellano"}


def test_unpublishing_in_spanish_unpublishes_every_language(demo_site):
    page = programme_page("rental-subsidy")

    page.unpublish()

    assert not any(p.live for p in translations("rental-subsidy").values())


@pytest.mark.parametrize("language", ["eu", "en"])
def test_publishing_a_translation_does_not_write_back(demo_site, language):
    page = translations("rental-subsidy")[language]
    page.title = "Changed only here"
    page.save_revision().publish()

    assert translations("rental-subsidy")["es"].title != "Changed only here"


def test_the_page_title_is_the_definitions_title_in_the_pages_language(demo_site):
    page = programme_page("rental-subsidy")
    page.title = "Typed in the title field by mistake"
    page.definition = {**page.definition, "title": {"es": "Ayuda al alquiler", "en": "Rent aid"}}
    page.save_revision().publish()

    pages = translations("rental-subsidy")
    assert pages["es"].title == "Ayuda al alquiler"
    assert pages["en"].title == "Rent aid"
    assert pages["eu"].title == "Ayuda al alquiler"
