import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Locale, Revision

from cms.models import ProgrammePage
from demo.content import DEMO_PROGRAMMES_DIR, demo_activity_codes_ensure
from tests.eligibility.hostile_json import HOSTILE, HUGE_STRING
from tests.helpers import demo_definition, programme_page

DEMO_SLUGS = sorted(p.stem for p in DEMO_PROGRAMMES_DIR.glob("*.json"))


def import_programmes(*args) -> str:
    out = StringIO()
    call_command("import_programmes", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def import_demo_programmes() -> str:
    """The demo's programmes imported as a desk would: the activity code list first, since
    rules that name CNAE codes are checked against it."""
    demo_activity_codes_ensure()
    return import_programmes(DEMO_PROGRAMMES_DIR)


@pytest.mark.django_db
def test_importing_the_demo_files_twice_creates_each_programme_once_per_language():
    import_demo_programmes()
    revisions_after_first = Revision.objects.count()

    output = import_demo_programmes()

    assert len(DEMO_SLUGS) == 8
    for slug in DEMO_SLUGS:
        pages = ProgrammePage.objects.filter(programme_slug=slug)
        assert sorted(p.locale.language_code for p in pages) == ["en", "es", "eu"]
        assert all(page.live for page in pages)
        assert f"{slug}: unchanged" in output
    assert Revision.objects.count() == revisions_after_first


@pytest.mark.django_db
def test_a_changed_definition_becomes_a_new_published_revision(tmp_path):
    import_demo_programmes()
    page = programme_page(language="es")
    revisions_before = page.revisions.count()
    changed = demo_definition()
    changed["budget"] = "4000000.00"
    changed["title"]["es"] = "Ayuda directa a la hostelería 2027"
    (tmp_path / "hospitality.json").write_text(json.dumps(changed))

    output = import_programmes(tmp_path / "hospitality.json")

    page.refresh_from_db()
    assert "hospitality-direct-aid: updated (published)" in output
    assert page.revisions.count() == revisions_before + 1
    assert page.definition["budget"] == "4000000.00"
    assert page.title == "Ayuda directa a la hostelería 2027"
    english = page.get_translation(Locale.objects.get(language_code="en"))
    assert english.specific.definition["budget"] == "4000000.00"


@pytest.mark.django_db
def test_draft_import_keeps_the_published_rules_until_published(tmp_path):
    import_demo_programmes()
    changed = demo_definition()
    changed["budget"] = "1.00"
    (tmp_path / "hospitality.json").write_text(json.dumps(changed))

    import_programmes("--draft", tmp_path / "hospitality.json")

    page = programme_page(language="es")
    assert page.live
    assert page.definition["budget"] == "3255000.00"
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().definition["budget"] == "1.00"

    import_programmes(tmp_path / "hospitality.json")
    page.refresh_from_db()
    assert page.definition["budget"] == "1.00"
    assert not page.has_unpublished_changes


@pytest.mark.django_db
def test_an_invalid_file_is_refused_naming_the_file_and_the_path_and_nothing_is_imported(tmp_path):
    shutil.copy(DEMO_PROGRAMMES_DIR / "rental-subsidy.json", tmp_path / "rental-subsidy.json")
    broken = demo_definition()
    broken["eligibility"]["all"][2]["op"] = "at_least"
    (tmp_path / "hospitality.json").write_text(json.dumps(broken))
    errors = StringIO()

    with pytest.raises(CommandError, match="Nothing imported: 1 invalid file"):
        call_command("import_programmes", str(tmp_path), stdout=StringIO(), stderr=errors)

    message = errors.getvalue()
    assert str(tmp_path / "hospitality.json") in message
    assert "eligibility.all[2].op" in message
    assert not ProgrammePage.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_refused_with_the_line(tmp_path):
    (tmp_path / "broken.json").write_text('{"format": "onestop.programme/v1",\n "slug": }')
    errors = StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_programmes", str(tmp_path / "broken.json"), stdout=StringIO(), stderr=errors
        )

    assert f"{tmp_path / 'broken.json'}: line 2, column 10: invalid JSON" in errors.getvalue()


HOSTILE_FILES = {**HOSTILE, "huge_string": (HUGE_STRING, "larger than 1 MB")}


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_a_hostile_file_is_refused_naming_it_with_exit_status_2(tmp_path, name):
    content, words = HOSTILE_FILES[name]
    path = tmp_path / f"{name}.json"
    path.write_bytes(content)
    errors = StringIO()

    with pytest.raises(CommandError, match="Nothing imported: 1 invalid file") as refused:
        call_command("import_programmes", str(path), stdout=StringIO(), stderr=errors)

    assert refused.value.returncode == 2
    assert errors.getvalue().startswith(f"{path}: ")
    assert words in errors.getvalue()
    assert not ProgrammePage.objects.exists()


@pytest.mark.django_db
def test_a_file_that_cannot_be_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "locked.json"
    path.write_text("{}")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(path), "open", refuse)
    errors = StringIO()

    with pytest.raises(CommandError):
        call_command("import_programmes", str(path), stdout=StringIO(), stderr=errors)

    assert f"{path}: cannot be read (Permission denied)" in errors.getvalue()


@pytest.mark.django_db
def test_a_missing_path_is_refused():
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("import_programmes", "/no/such/folder", stdout=StringIO(), stderr=errors)
    assert "/no/such/folder: no such file or folder" in errors.getvalue()


@pytest.mark.django_db
def test_export_writes_back_exactly_what_was_imported(tmp_path):
    import_demo_programmes()

    call_command("export_programmes", str(tmp_path / "out"), stdout=StringIO())

    exported = sorted(p.name for p in (tmp_path / "out").glob("*.json"))
    assert exported == [f"{slug}.json" for slug in DEMO_SLUGS]
    for path in (tmp_path / "out").glob("*.json"):
        original = json.loads((DEMO_PROGRAMMES_DIR / path.name).read_text())
        assert json.loads(path.read_text()) == original


@pytest.mark.django_db
def test_export_of_one_programme_to_a_file(tmp_path):
    import_demo_programmes()
    target = tmp_path / "one.json"

    call_command("export_programmes", "--slug", "rental-subsidy", str(target), stdout=StringIO())

    assert json.loads(target.read_text())["slug"] == "rental-subsidy"
    with pytest.raises(CommandError, match="No programme with slug 'nope'"):
        call_command("export_programmes", "--slug", "nope", str(target), stdout=StringIO())
