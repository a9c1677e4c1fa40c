"""Import and export of programme definitions in the Wagtail admin."""

import io
import json
import zipfile
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Revision

from demo.content import DEMO_PROGRAMMES_DIR
from tests.helpers import demo_definition, login, programme_page

SLUGS = sorted(path.stem for path in DEMO_PROGRAMMES_DIR.glob("*.json"))
INDEX_URL = "/admin/programme-definitions/"
ZIP_URL = "/admin/programme-definitions/export/all.zip"


@pytest.fixture
def desk(demo_site):
    """The demo desk: its programmes published in every language, and its users."""


def upload(definition: dict | str, name: str = "hospitality-direct-aid.json"):
    content = definition if isinstance(definition, str) else json.dumps(definition)
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="application/json")


def programme_pages(slug="hospitality-direct-aid"):
    """The page of record (default language) first, then the translations that follow it."""
    source = programme_page(slug)
    return [source, *[page.specific for page in source.get_translations().order_by("pk")]]


def test_the_urls_are_under_the_admin():
    assert reverse("cms_programme_transfer:index") == INDEX_URL
    assert reverse("cms_programme_transfer:export_zip") == ZIP_URL
    assert (
        reverse("cms_programme_transfer:export", args=["rental-subsidy"])
        == "/admin/programme-definitions/export/rental-subsidy.json"
    )


@pytest.mark.parametrize(
    "url", [INDEX_URL, ZIP_URL, "/admin/programme-definitions/export/rental-subsidy.json"]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, desk, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")

    response = client.post(INDEX_URL, {"mode": "publish", "files": upload(demo_definition())})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("username", ["caseworker", "applicant"])
@pytest.mark.parametrize(
    "url", [INDEX_URL, ZIP_URL, "/admin/programme-definitions/export/rental-subsidy.json"]
)
def test_users_without_admin_access_are_refused(client, desk, username, url):
    login(client, username, admin_language="en")

    response = client.get(url)

    assert response.status_code == 302
    # Caseworkers enter the admin for their desk, and are sent back to its home from here.
    refused_to = "/admin/" if username == "caseworker" else "/admin/login/"
    assert response["Location"].split("?")[0] == refused_to


def test_admin_users_who_cannot_edit_programmes_are_refused_and_see_no_menu_item(client, desk):
    # A member of staff with admin access (e.g. to reports) but no rights on pages.
    group = Group.objects.create(name="Report readers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = get_user_model().objects.create_user("reader", password="x")
    user.groups.add(group)
    client.force_login(user)
    changed = demo_definition()
    changed["budget"] = "1.00"

    for response in (
        client.get(INDEX_URL),
        client.get(ZIP_URL),
        client.post(INDEX_URL, {"mode": "draft", "files": upload(changed)}),
    ):
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    assert "programme-definitions" not in client.get("/admin/").content.decode()
    assert not any(p.has_unpublished_changes for p in programme_pages())


@pytest.mark.parametrize("username", ["editor", "approver", "admin"])
def test_policy_staff_see_the_menu_item_and_the_page(client, desk, username):
    login(client, username, admin_language="en")

    dashboard = client.get("/admin/").content.decode()
    response = client.get(INDEX_URL)

    assert INDEX_URL in dashboard
    assert response.status_code == 200
    html = response.content.decode()
    for slug in SLUGS:
        assert f"/admin/programme-definitions/export/{slug}.json" in html
    assert ZIP_URL in html
    assert 'name="files"' in html


def test_the_form_offers_publishing_only_to_those_who_may_publish(client, desk):
    editor_form = login(client, "editor", admin_language="en").get(INDEX_URL).content.decode()
    approver_form = login(client, "approver", admin_language="en").get(INDEX_URL).content.decode()

    assert 'value="publish"' not in editor_form
    assert 'value="submit"' in editor_form and 'value="draft"' in editor_form
    assert 'value="publish"' in approver_form


def test_one_programme_downloads_exactly_as_export_programmes_writes_it(client, desk, tmp_path):
    login(client, "editor", admin_language="en")
    call_command("export_programmes", str(tmp_path), stdout=StringIO())

    response = client.get("/admin/programme-definitions/export/rental-subsidy.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="rental-subsidy.json"'
    assert response.content == (tmp_path / "rental-subsidy.json").read_bytes()
    assert json.loads(response.content) == demo_definition("rental-subsidy")


def test_an_unknown_programme_is_not_found(client, desk):
    login(client, "editor", admin_language="en")
    assert client.get("/admin/programme-definitions/export/no-such-thing.json").status_code == 404


def test_all_programmes_download_as_a_zip_of_slug_json_files(client, desk, tmp_path):
    login(client, "approver", admin_language="en")
    call_command("export_programmes", str(tmp_path), stdout=StringIO())

    response = client.get(ZIP_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [f"{slug}.json" for slug in SLUGS]
    for slug in SLUGS:
        assert archive.read(f"{slug}.json") == (tmp_path / f"{slug}.json").read_bytes()


def test_what_is_exported_imports_back_without_any_change(client, desk):
    login(client, "approver", admin_language="en")
    archive = zipfile.ZipFile(io.BytesIO(client.get(ZIP_URL).content))
    files = [
        SimpleUploadedFile(name, archive.read(name), content_type="application/json")
        for name in archive.namelist()
    ]
    revisions_before = Revision.objects.count()

    response = client.post(INDEX_URL, {"mode": "publish", "files": files}, follow=True)

    assert response.status_code == 200
    assert Revision.objects.count() == revisions_before
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == len(SLUGS)
    assert all("unchanged" in message for message in messages)


def test_an_editor_imports_a_change_for_moderation_without_publishing_it(client, desk):
    login(client, "editor", admin_language="en")
    changed = demo_definition()
    changed["budget"] = "4000000.00"

    response = client.post(INDEX_URL, {"mode": "submit", "files": upload(changed)}, follow=True)

    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("hospitality-direct-aid" in m and "awaiting moderation" in m for m in messages)
    source, *translations = programme_pages()
    assert source.live
    assert source.definition["budget"] == "3255000.00"
    assert source.has_unpublished_changes
    assert source.get_latest_revision_as_object().definition["budget"] == "4000000.00"
    assert source.get_latest_revision().user.username == "editor"
    assert source.workflow_in_progress
    assert len(translations) == 2
    for page in translations:  # they follow the page of record once it is published
        assert page.live
        assert page.definition["budget"] == "3255000.00"
        assert not page.has_unpublished_changes


def test_an_editor_may_save_an_import_as_a_plain_draft(client, desk):
    login(client, "editor", admin_language="en")
    changed = demo_definition()
    changed["budget"] = "4000000.00"

    client.post(INDEX_URL, {"mode": "draft", "files": upload(changed)})

    source = programme_pages()[0]
    assert source.definition["budget"] == "3255000.00"
    assert source.has_unpublished_changes
    assert not source.workflow_in_progress


def test_an_editor_who_forges_the_publish_choice_publishes_nothing(client, desk):
    login(client, "editor", admin_language="en")
    changed = demo_definition()
    changed["budget"] = "4000000.00"
    revisions_before = Revision.objects.count()

    response = client.post(INDEX_URL, {"mode": "publish", "files": upload(changed)})

    assert response.status_code == 200
    assert response.context["form"].errors["mode"]
    assert Revision.objects.count() == revisions_before
    for page in programme_pages():
        assert page.definition["budget"] == "3255000.00"
        assert not page.has_unpublished_changes


def test_an_approver_may_publish_an_import_at_once(client, desk):
    login(client, "approver", admin_language="en")
    changed = demo_definition()
    changed["budget"] = "4000000.00"
    new = demo_definition()
    new["slug"] = "hospitality-direct-aid-2027"
    new["title"]["es"] = "Ayuda directa a la hostelería 2027"

    response = client.post(
        INDEX_URL,
        {"mode": "publish", "files": [upload(changed), upload(new, "new.json")]},
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    assert any("hospitality-direct-aid)" in m and "updated" in m for m in messages)
    assert any("hospitality-direct-aid-2027" in m and "created" in m for m in messages)
    for page in programme_pages():
        assert page.live
        assert not page.has_unpublished_changes
        assert page.definition["budget"] == "4000000.00"
    created = programme_pages("hospitality-direct-aid-2027")
    assert [p.live for p in created] == [True, True, True]


def test_invalid_files_are_refused_whole_with_every_error_and_the_choices_kept(client, desk):
    login(client, "approver", admin_language="en")
    valid = demo_definition("rental-subsidy")
    valid["budget"] = "1.00"
    wrong_operator = demo_definition()
    wrong_operator["eligibility"]["all"][2]["op"] = "at_least"
    revisions_before = Revision.objects.count()

    response = client.post(
        INDEX_URL,
        {
            "mode": "draft",
            "files": [
                upload(valid, "rental-subsidy.json"),
                upload(wrong_operator, "hospitality.json"),
                upload('{"format": "onestop.programme/v1",\n "slug": }', "broken.json"),
                upload(valid, "notes.txt"),
            ],
        },
    )

    assert response.status_code == 200
    assert Revision.objects.count() == revisions_before
    refused = {str(e.path): e.errors for e in response.context["refused"].file_errors}
    assert sorted(refused) == ["broken.json", "hospitality.json", "notes.txt"]
    html = response.content.decode()
    assert "Nothing was imported: 3 files have errors." in html
    assert "hospitality.json" in html and "eligibility.all[2].op" in html
    assert "broken.json" in html and "line 2, column 10: invalid JSON" in html
    assert "notes.txt" in html and "only .json files" in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("input", {"name": "mode", "value": "draft"}).has_attr("checked")
    assert not soup.find("input", {"name": "mode", "value": "submit"}).has_attr("checked")
    assert programme_pages("rental-subsidy")[0].definition["budget"] != "1.00"


def test_two_files_for_the_same_programme_are_refused(client, desk):
    login(client, "approver", admin_language="en")

    response = client.post(
        INDEX_URL,
        {
            "mode": "draft",
            "files": [upload(demo_definition(), "a.json"), upload(demo_definition(), "b.json")],
        },
    )

    (error,) = response.context["refused"].file_errors
    assert str(error.path) == "b.json"
    assert "a.json" in error.errors[0]


def test_an_editor_cannot_change_a_programme_awaiting_moderation(client, desk):
    login(client, "editor", admin_language="en")
    first = demo_definition()
    first["budget"] = "4000000.00"
    client.post(INDEX_URL, {"mode": "submit", "files": upload(first)})
    second = demo_definition()
    second["budget"] = "5000000.00"

    response = client.post(INDEX_URL, {"mode": "submit", "files": upload(second)})

    (error,) = response.context["refused"].file_errors
    assert "awaiting moderation" in error.errors[0]
    latest = programme_pages()[0].get_latest_revision_as_object()
    assert latest.definition["budget"] == "4000000.00"


def test_an_approver_publishes_what_an_editor_imported_as_a_draft(client, desk):
    changed = demo_definition()
    changed["budget"] = "4000000.00"
    login(client, "editor", admin_language="en").post(
        INDEX_URL, {"mode": "draft", "files": upload(changed)}
    )

    response = login(client, "approver", admin_language="en").post(
        INDEX_URL, {"mode": "publish", "files": upload(changed)}, follow=True
    )

    messages = [str(m) for m in response.context["messages"]]
    assert any("unchanged; live" in m for m in messages), messages
    for page in programme_pages():
        assert page.live
        assert not page.has_unpublished_changes
        assert page.definition["budget"] == "4000000.00"


def test_a_missing_file_is_a_form_error(client, desk):
    login(client, "editor", admin_language="en")

    response = client.post(INDEX_URL, {"mode": "draft"})

    assert response.status_code == 200
    assert response.context["form"].errors["files"]
