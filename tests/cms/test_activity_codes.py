"""The activity code list as data: the INE file imported, staff editing it as snippets, the
programme rules checked against it when saved, and its names in explanations and forms."""

from __future__ import annotations

import copy
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from cms.models import ActivityCode
from cms.services.programme_definitions import DefinitionFileError, definition_parse
from eligibility import service as eligibility_service
from eligibility.engine import CATALOGUE, compile_programme
from eligibility.forms import fact_field
from tests.eligibility.engine_builders import AS_OF
from tests.eligibility.engine_builders import programme as engine_programme
from tests.factories.accounts import UserFactory
from tests.helpers import demo_definition, login, programme_page

pytestmark = pytest.mark.django_db

# As the INE publishes it: Latin-1, `;`, section rows, codes with and without dots.
INE_CSV = (
    "CODINTEGR;COD_CNAE2009;TITULO_CNAE2009\n"
    "I;I;HOSTELERÍA\n"
    "I56;56;Servicios de comidas y bebidas\n"
    "I561;561;Restaurantes y puestos de comidas\n"
    "I5610;56.10;Restaurantes y puestos de comidas\n"
    "I562;562;Provisión de comidas preparadas para eventos y otros servicios de comidas\n"
    "I5621;5621;Provisión de comidas preparadas para eventos\n"
    "I563;563;Establecimientos de bebidas\n"
    "I5630;5630;Establecimientos de bebidas\n"
).encode("latin-1")

SNIPPETS = "/admin/snippets/cms/activitycode/"


def import_codes(path, *args) -> str:
    out = StringIO()
    call_command("import_activity_codes", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture(autouse=True)
def empty_list(request):
    """Import tests start from an empty list (the demo's, when this module has loaded it,
    comes back when the test's savepoint is rolled back)."""
    if "demo_site" not in request.fixturenames:
        ActivityCode.objects.all().delete()


@pytest.fixture
def ine_file(tmp_path):
    path = tmp_path / "cnae2009.csv"
    path.write_bytes(INE_CSV)
    return path


def test_the_ine_file_in_latin1_is_imported_with_parents(ine_file):
    output = import_codes(ine_file)

    assert output.strip() == "cnae-2009: 7 created, 0 updated, 0 unchanged, 1 skipped"
    stored = {item.code: item for item in ActivityCode.objects.all()}
    assert sorted(stored) == ["56", "561", "5610", "562", "5621", "563", "5630"]
    assert stored["5610"].name_es == "Restaurantes y puestos de comidas"
    assert stored["562"].name_es.startswith("Provisión de comidas")  # accents survive Latin-1
    assert stored["5610"].parent == stored["561"]
    assert stored["561"].parent == stored["56"]
    assert stored["56"].parent is None


def test_importing_again_changes_nothing_and_keeps_staff_translations(ine_file):
    import_codes(ine_file)
    ActivityCode.objects.filter(code="561").update(name_eu="Jatetxeak eta janari-postuak")

    output = import_codes(ine_file)

    assert output.strip() == "cnae-2009: 0 created, 0 updated, 7 unchanged, 1 skipped"
    assert ActivityCode.objects.count() == 7
    assert ActivityCode.objects.get(code="561").name_eu == "Jatetxeak eta janari-postuak"


def test_a_utf8_comma_separated_file_with_other_headers_is_read(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text(
        '\ufeffcode,title,title_en\n"5610","Restaurantes y puestos de comidas",Restaurants\n',
        encoding="utf-8",
    )
    assert "1 created" in import_codes(path)
    item = ActivityCode.objects.get(code="5610")
    assert (item.name_es, item.name_en) == ("Restaurantes y puestos de comidas", "Restaurants")


def test_a_changed_title_updates_the_code(ine_file, tmp_path):
    import_codes(ine_file)
    changed = tmp_path / "changed.csv"
    changed.write_bytes(INE_CSV.replace(b";Establecimientos de bebidas\nI5630", b";Bares\nI5630"))
    assert "1 updated" in import_codes(changed)
    assert ActivityCode.objects.get(code="563").name_es == "Bares"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a text file"),
        (b"nothing;useful\n1;2\n", "cannot find the code and title columns"),
        (b"COD_CNAE2009;TITULO_CNAE2009\nA;AGRICULTURA\n", "has no codes of 2 to 4 digits"),
        (b"", "is empty"),
    ],
)
def test_a_file_it_cannot_read_is_refused_saying_why(tmp_path, content, message):
    path = tmp_path / "garbage.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message) as raised:
        import_codes(path)
    assert raised.value.returncode == 2
    assert ActivityCode.objects.count() == 0


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        import_codes(tmp_path / "absent.csv")


# --- the demo list, the admin, the rules ----------------------------------------------------


def test_the_demo_loads_the_codes_its_programmes_use_in_three_languages(demo_site):
    for code in ("47", "471", "4711", "4719", "56", "561", "5610", "562", "5621", "5629",
                 "563", "5630", "79", "791", "7911", "7912", "90", "900"):  # fmt: skip
        item = ActivityCode.objects.get(scheme="cnae-2009", code=code)
        assert item.name_es and item.name_eu and item.name_en, code
    assert ActivityCode.objects.get(code="5630").parent.code == "563"


def test_policy_staff_find_and_edit_the_codes_in_the_admin(client, demo_site):
    login(client, "editor")
    listing = client.get(SNIPPETS, {"q": "bebidas"})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Establecimientos de bebidas" in html and "Restaurantes y puestos" not in html
    item = ActivityCode.objects.get(code="5630")
    assert client.get(f"{SNIPPETS}edit/{item.pk}/").status_code == 200


def test_an_applicant_cannot_reach_the_codes_in_the_admin(client, demo_site):
    client.force_login(UserFactory())
    response = client.get(SNIPPETS)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response["Location"]


HOSPITALITY_CODES = {"id": "activity", "fact": "activity_code", "op": "in",
                     "value": ["561", "5699", "563"]}  # fmt: skip


def definition_with_codes():
    definition = demo_definition()
    definition["format"] = "onestop.programme/v2"
    definition["eligibility"]["all"].append(copy.deepcopy(HOSPITALITY_CODES))
    return definition


def test_saving_a_programme_with_a_code_not_in_the_list_is_refused_at_its_path(demo_site):
    definition = definition_with_codes()
    index = len(definition["eligibility"]["all"]) - 1
    page = programme_page()
    page.definition = definition
    with pytest.raises(ValidationError) as raised:
        page.clean()
    [message] = raised.value.message_dict["definition"]
    assert message.startswith(f"eligibility.all[{index}].value[1]: '5699' is not a code of")


def test_importing_a_definition_with_an_unknown_code_is_refused(demo_site):
    content = json.dumps(definition_with_codes()).encode()
    with pytest.raises(DefinitionFileError) as raised:
        definition_parse(content, source="hospitality.json")
    assert any("'5699' is not a code of the cnae-2009 list" in e for e in raised.value.errors)


def test_a_programme_with_known_codes_is_accepted(demo_site):
    definition = definition_with_codes()
    definition["eligibility"]["all"][-1]["value"] = ["561", "563"]
    assert eligibility_service.definition_errors(definition) == []


def test_explanations_and_forms_name_the_codes_from_the_list(demo_site):
    doc = engine_programme(
        {"id": "activity", "fact": "activity_code", "op": "in", "value": ["561", "563"]},
        format="onestop.programme/v2",
    )
    evaluation = compile_programme(doc).evaluate({"activity_code": "5621"}, as_of=AS_OF)
    assert evaluation.reasons("es")[0]["text"] == (
        "La actividad (CNAE) debe estar entre: 561 Restaurantes y puestos de comidas, "
        "563 Establecimientos de bebidas (la suya: 5621 Provisión de comidas preparadas para "
        "eventos)"
    )
    assert "563 Edariak zerbitzatzeko establezimenduak" in evaluation.reasons("eu")[0]["text"]

    field = fact_field(CATALOGUE["activity_code"], "en")
    options = dict(field.choices)
    assert options["5630"] == "5630 Beverage serving activities"
    assert "563" not in options, "the applicant chooses a class, not a group"
    assert field.clean("5610") == "5610"
    with pytest.raises(ValidationError):
        field.clean("5699")


def test_a_code_saved_in_the_admin_is_named_at_once(demo_site):
    ActivityCode.objects.create(scheme="cnae-2009", code="9999", name_es="Código de prueba")
    assert CATALOGUE["activity_code"].code_names.get("9999") == {"es": "Código de prueba"}
