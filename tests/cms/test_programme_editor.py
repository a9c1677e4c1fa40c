"""The structured programme-rules editor, driven through the real admin edit view.

The admin draws block fields in the browser from a form state that the server writes into
the page (`data-w-block-arguments-value`), and the browser posts them back as flat keys. These
tests read the edit screen's HTML and post it back the same way (`browser_post_data`).
"""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale

from cms.models import ProgrammePage
from cms.programme_editor.formdata import block_post_data
from demo.content import DEMO_PROGRAMMES_DIR
from tests.cms.admin_forms import form_data
from tests.helpers import demo_definition, login, programme_page

DEMO_SLUGS = sorted(path.stem for path in DEMO_PROGRAMMES_DIR.glob("*.json"))
# The structured editor does not show sources, evidence, parameters, explicit bands or lookup
# tables: the eligibility and amount of the demo's v2 programmes are edited in the JSON tab.
JSON_TAB_RULES = {
    "bilbao-hospitality-establishments",
    "bilbao-nightlife-2022",
    "irun-aurrera-two-lines",
}


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def form_class():
    return ProgrammePage.get_edit_handler().get_form_class()


def browser_post_data(html: str) -> dict[str, list[str]]:
    """What a browser posts for the page editor's form as drawn in `html`."""
    data = form_data(html, "form#page-edit-form")
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    # Block fields: what Wagtail's JavaScript draws from the form state, and then posts.
    fields = form_class().base_fields
    for block_div in form.select("div[data-block]"):
        name = block_div["id"]
        state, _errors = json.loads(block_div["data-w-block-arguments-value"])
        for key, value in block_post_data(fields[name].block, state, name).items():
            data[key] = [value]
    return data


def block_states(html: str) -> dict[str, tuple]:
    """Each block field's (form state, errors) as the page hands them to the browser."""
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    return {
        div["id"]: tuple(json.loads(div["data-w-block-arguments-value"]))
        for div in form.select("div[data-block]")
    }


def field_errors(html: str, name: str) -> str:
    """The error messages shown at a plain field."""
    control = BeautifulSoup(html, "html.parser").find(attrs={"name": name})
    wrapper = control.find_parent(attrs={"data-field-wrapper": True})
    return " ".join(error.get_text(" ", strip=True) for error in wrapper.select(".error-message"))


def save_draft(client, page, data):
    return client.post(edit_url(page), data)


@pytest.mark.django_db
def test_each_demo_definition_survives_a_save_through_the_admin_editor(client, demo_site):
    login(client, "editor")
    for slug in DEMO_SLUGS:
        page = programme_page(slug)
        revisions_before = page.revisions.count()
        response = client.get(edit_url(page))
        assert response.status_code == 200
        data = browser_post_data(response.content.decode())
        if slug in JSON_TAB_RULES:
            assert "rules_eligibility-count" not in data, slug
            assert "rules_amount-count" not in data, slug
        else:
            # The structured editor is drawn, not the JSON fallback.
            assert "rules_eligibility-count" in data and "rules_amount-count" in data, slug

        response = save_draft(client, page, data)

        assert response.status_code == 302, (slug, response.content.decode()[:3000])
        page.refresh_from_db()
        assert page.revisions.count() == revisions_before + 1, slug
        saved = page.get_latest_revision_as_object().definition
        assert saved == demo_definition(slug), slug
        assert list(saved) == list(demo_definition(slug)), slug


@pytest.mark.django_db
def test_structured_edits_become_the_definition_in_the_formats_shape(client, demo_site):
    login(client, "editor")
    page = programme_page("hospitality-direct-aid")
    data = browser_post_data(client.get(edit_url(page)).content.decode())
    data["rules_budget"] = ["4000000.00"]
    data["rules_window_closes"] = [""]
    # eligibility.all[2] is {"id": "staff", "fact": "employees", "op": "gte", "value": 1}
    data["rules_eligibility-0-value-children-2-value-value"] = ["2"]
    data["rules_eligibility-0-value-children-2-value-reason-es"] = ["Dos personas al menos."]
    data["rules_eligibility-0-value-children-2-value-reason-en"] = ["Two people at least."]
    # amount.bands[1].value is "1250": a new number is written as the number typed.
    data["rules_amount-0-value-bands-1-value-value-0-value"] = ["1300.50"]

    response = save_draft(client, page, data)

    assert response.status_code == 302
    saved = programme_page("hospitality-direct-aid").get_latest_revision_as_object().definition
    expected = demo_definition("hospitality-direct-aid")
    expected["budget"] = "4000000.00"
    expected["window"] = {"opens": "2026-11-02", "closes": None}
    expected["eligibility"]["all"][2] = {
        "id": "staff",
        "fact": "employees",
        "op": "gte",
        "value": 2,
        "reason": {"es": "Dos personas al menos.", "en": "Two people at least."},
    }
    expected["amount"]["bands"][1]["value"] = "1300.50"
    assert saved == expected


@pytest.mark.django_db
def test_an_invalid_edit_is_shown_at_its_field_and_in_the_summary_and_nothing_typed_is_lost(
    client, demo_site
):
    login(client, "editor", admin_language="en")
    page = programme_page("hospitality-direct-aid")
    original = demo_definition("hospitality-direct-aid")
    data = browser_post_data(client.get(edit_url(page)).content.decode())
    # eligibility.all[2]: employees is an int fact; eligibility.all[3]: a bool fact.
    data["rules_eligibility-0-value-children-2-value-value"] = ["a dozen"]
    data["rules_eligibility-0-value-children-3-value-op"] = ["lt"]
    data["rules_slug"] = ["Hospitality Aid"]

    response = save_draft(client, page, data)

    assert response.status_code == 200
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    summary = soup.select_one(".messages").get_text(" ", strip=True)
    # Said as a policy editor would: the rule, where it is, and why, with the fact's label.
    assert (
        "Rule «staff» (Eligibility, rule 3): the value must be a whole number, because "
        '"Employees" is counted in whole numbers.'
    ) in summary
    assert (
        "Rule «tax» (Eligibility, rule 4): this comparison cannot be used with "
        '"Up to date with tax obligations": choose another one.'
    ) in summary
    assert "eligibility.all[2]" not in summary
    assert "must be lowercase letters and digits" in summary

    # At the fields: the slug's own field, and the nested blocks of eligibility.
    assert "must be lowercase letters and digits" in field_errors(html, "rules_slug")
    state, errors = block_states(html)["rules_eligibility"]
    group_errors = errors["blockErrors"]["0"]["blockErrors"]["children"]["blockErrors"]
    assert group_errors["2"]["blockErrors"]["value"]["messages"][0] == (
        "Rule «staff» (Eligibility, rule 3): the value must be a whole number, because "
        '"Employees" is counted in whole numbers.'
    )
    assert "cannot be used with" in group_errors["3"]["blockErrors"]["op"]["messages"][0]
    assert "2" not in errors["blockErrors"]["0"].get("messages", [])

    # What was typed is still there, in the structured fields and in the JSON tab.
    leaves = state[0]["value"]["children"]
    assert leaves[2]["value"]["value"] == "a dozen"
    assert leaves[3]["value"]["op"] == ["lt"]  # a select's state: the values chosen
    assert soup.find("input", attrs={"name": "rules_slug"})["value"] == "Hospitality Aid"
    shown_json = json.loads(soup.find("textarea", attrs={"name": "definition"}).get_text())
    assert shown_json["eligibility"]["all"][2]["value"] == "a dozen"
    assert shown_json["slug"] == "Hospitality Aid"

    # Nothing was saved; fixing the errors and saving again works from the redrawn form.
    assert (
        programme_page("hospitality-direct-aid").get_latest_revision_as_object().definition
        == original
    )
    data = browser_post_data(html)
    data["rules_eligibility-0-value-children-2-value-value"] = ["1"]
    data["rules_eligibility-0-value-children-3-value-op"] = ["is_true"]
    data["rules_slug"] = ["hospitality-direct-aid"]
    response = save_draft(client, page, data)
    assert response.status_code == 302
    assert (
        programme_page("hospitality-direct-aid").get_latest_revision_as_object().definition
        == original
    )


@pytest.mark.django_db
def test_a_changed_json_tab_wins_over_the_structured_tabs(client, demo_site):
    login(client, "editor")
    page = programme_page("rental-subsidy")
    data = browser_post_data(client.get(edit_url(page)).content.decode())
    changed = json.loads(data["definition"][0])
    changed["budget"] = "1750000.00"
    changed["eligibility"]["all"][3]["value"] = 12
    data["definition"] = [json.dumps(changed)]
    data["rules_budget"] = ["1.00"]  # ignored: the JSON was changed too

    response = save_draft(client, page, data)

    assert response.status_code == 302
    assert programme_page("rental-subsidy").get_latest_revision_as_object().definition == changed


@pytest.mark.django_db
def test_an_invalid_json_edit_redraws_the_structured_tabs_from_it(client, demo_site):
    login(client, "editor")
    page = programme_page("rental-subsidy")
    data = browser_post_data(client.get(edit_url(page)).content.decode())
    changed = json.loads(data["definition"][0])
    changed["eligibility"]["all"][3]["value"] = "ten"
    data["definition"] = [json.dumps(changed, indent=2)]

    response = save_draft(client, page, data)

    assert response.status_code == 200
    html = response.content.decode()
    state, errors = block_states(html)["rules_eligibility"]
    assert state[0]["value"]["children"][3]["value"]["value"] == "ten"
    children_errors = errors["blockErrors"]["0"]["blockErrors"]["children"]["blockErrors"]
    assert (
        "debe ser un número entero" in children_errors["3"]["blockErrors"]["value"]["messages"][0]
    )

    # The redrawn form is in step: fixing the value in the structured tab saves it.
    data = browser_post_data(html)
    data["rules_eligibility-0-value-children-3-value-value"] = ["12"]
    response = save_draft(client, page, data)
    assert response.status_code == 302
    changed["eligibility"]["all"][3]["value"] = 12
    assert programme_page("rental-subsidy").get_latest_revision_as_object().definition == changed


@pytest.mark.django_db
def test_a_definition_nested_deeper_than_the_blocks_falls_back_to_the_json_tab(client, demo_site):
    from cms.programme_editor.blocks import MAX_CONDITION_LEVEL

    login(client, "editor")
    page = programme_page("municipal-fee-rebate")
    definition = demo_definition("municipal-fee-rebate")
    deep = {"fact": "employees", "op": "gte", "value": 1}
    for _level in range(MAX_CONDITION_LEVEL + 1):
        deep = {"all": [deep]}
    definition["eligibility"]["all"].append(deep)
    latest = page.get_latest_revision_as_object()
    latest.definition = definition
    latest.save_revision(user=get_user_model().objects.get(username="admin"))

    html = client.get(edit_url(page)).content.decode()
    assert 'name="rules_eligibility-count"' not in html
    assert "rules_eligibility" not in block_states(html)
    # Staff screens speak the city's default language, Spanish.
    assert "Requisitos: no se muestra aquí" in BeautifulSoup(html, "html.parser").get_text(" ")
    data = browser_post_data(html)
    assert "rules_amount-count" in data  # the other parts stay structured
    data["rules_amount-0-value-then-0-value"] = ["90"]

    response = save_draft(client, page, data)

    assert response.status_code == 302
    definition["amount"]["then"] = 90
    assert page.get_latest_revision_as_object().definition == definition


@pytest.mark.django_db
def test_a_new_programme_can_be_written_in_the_structured_editor(client, demo_site):
    login(client, "admin")
    index = ProgrammePage.objects.filter(locale=Locale.get_default()).first().get_parent()
    url = reverse("wagtailadmin_pages:add", args=["cms", "programmepage", index.pk])
    html = client.get(url).content.decode()
    data = browser_post_data(html)
    assert "rules_eligibility-count" in data
    exclusive = BeautifulSoup(html, "html.parser").select('input[name="rules_exclusive_with"]')
    assert {box["value"] for box in exclusive} == set(DEMO_SLUGS)

    data.update(
        {
            "title": ["Bono cultura"],
            "slug": ["bono-cultura"],
            "rules_slug": ["bono-cultura"],
            "rules_title_es": ["Bono cultura"],
            "rules_benefit": ["voucher_scheme"],
            "rules_unit": ["vouchers"],
            "rules_window_opens": ["2027-02-01"],
            "rules_award_mode": ["first_come"],
            "rules_exclusive_with": ["bono-denda-merchants"],
        }
    )
    data.update(
        {
            key: [value]
            for key, value in block_post_data(
                form_class().base_fields["rules_eligibility"].block,
                [
                    {
                        "type": "leaf",
                        "id": "",
                        "value": {
                            "fact": "sector",
                            "op": "in",
                            "value": "culture, retail",
                            "id": "",
                            "reason": {"es": "", "eu": "", "en": ""},
                        },
                    }
                ],
                "rules_eligibility",
            ).items()
        }
    )
    data.update(
        {
            key: [value]
            for key, value in block_post_data(
                form_class().base_fields["rules_amount"].block,
                [{"type": "number", "id": "", "value": "100"}],
                "rules_amount",
            ).items()
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    page = ProgrammePage.objects.get(slug="bono-cultura")
    assert page.get_latest_revision_as_object().definition == {
        "format": "onestop.programme/v1",
        "slug": "bono-cultura",
        "title": {"es": "Bono cultura"},
        "benefit": "voucher_scheme",
        "unit": "vouchers",
        "window": {"opens": "2027-02-01", "closes": None},
        "budget": None,
        "award_mode": "first_come",
        "exclusive_with": ["bono-denda-merchants"],
        "eligibility": {"fact": "sector", "op": "in", "value": ["culture", "retail"]},
        "amount": 100,
    }


@pytest.mark.django_db
def test_an_autosave_brings_the_json_tab_up_to_date_unless_the_json_was_edited(client, demo_site):
    login(client, "editor")
    page = programme_page("digital-consultancy")
    data = browser_post_data(client.get(edit_url(page)).content.decode())

    def autosave(**changes):
        """Post in the background as the admin's autosave does, and apply what it returns."""
        for name, value in changes.items():
            data[name] = [value]
        response = client.post(edit_url(page), data, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["success"] is True
        data["loaded_revision_id"] = [str(body["revision_id"])]
        data["loaded_revision_created_at"] = [body["revision_created_at"]]
        for name, value in body["field_updates"].items():
            data[name] = [value]
        return body["field_updates"]

    updates = autosave(rules_budget="6500")
    assert json.loads(updates["definition"])["budget"] == "6500"
    # With the updates applied, the structured tabs still win.
    updates = autosave(rules_budget="7000")
    assert json.loads(updates["definition"])["budget"] == "7000"

    # An edit of the JSON tab wins, and keeps winning: the structured tabs are now stale.
    changed = json.loads(data["definition"][0])
    changed["budget"] = "8000"
    assert "definition" not in autosave(definition=json.dumps(changed))
    autosave(rules_budget="9000")  # made in the stale structured tab: ignored
    latest = programme_page("digital-consultancy").get_latest_revision_as_object()
    assert latest.definition == changed


def test_the_window_date_pickers_write_the_formats_dates_whatever_the_admin_date_format():
    """The admin shows dates as day/month/year; the rules' window keeps YYYY-MM-DD, so the
    picker of these two fields must write that, or the engine refuses the definition."""
    from django.conf import settings

    from cms.programme_editor.forms import ProgrammePageForm

    assert settings.WAGTAIL_DATE_FORMAT == "%d/%m/%Y"
    for name in ("rules_window_opens", "rules_window_closes"):
        html = ProgrammePageForm.base_fields[name].widget.render(name, "2026-03-01")
        assert '"format": "Y-m-d"' in html


@pytest.mark.django_db
def test_broken_json_says_where_and_what_and_keeps_the_text(client, demo_site):
    login(client, "editor", admin_language="en")
    page = programme_page("rental-subsidy")
    data = browser_post_data(client.get(edit_url(page)).content.decode())
    lines = data["definition"][0].splitlines()
    # Line 3 loses its trailing comma: the parser notices at the start of line 4.
    lines[2] = lines[2].rstrip(",")
    broken = "\n".join(lines)
    data["definition"] = [broken]

    response = save_draft(client, page, data)

    assert response.status_code == 200
    html = response.content.decode()
    column = len(lines[3]) - len(lines[3].lstrip()) + 1
    assert (
        f"Invalid JSON at line 4, column {column}: a comma or a closing bracket is missing."
        in field_errors(html, "definition")
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("textarea", attrs={"name": "definition"}).get_text().strip() == broken.strip()


@pytest.mark.django_db
def test_broken_json_is_explained_in_the_staff_members_language(client, demo_site):
    login(client, "editor", admin_language="es")
    page = programme_page("rental-subsidy")
    data = browser_post_data(client.get(edit_url(page)).content.decode())
    data["definition"] = ['{\n  "slug": "x",\n}']

    response = save_draft(client, page, data)

    assert "JSON no válido en la línea 3, columna 1" in field_errors(
        response.content.decode(), "definition"
    )


@pytest.mark.django_db
def test_a_failed_save_opens_the_tab_with_the_error(client, demo_site):
    login(client, "editor")
    page = programme_page("rental-subsidy")
    data = browser_post_data(client.get(edit_url(page)).content.decode())
    data["definition"] = ["{"]

    response = save_draft(client, page, data)

    soup = BeautifulSoup(response.content.decode(), "html.parser")
    textarea = soup.find("textarea", attrs={"name": "definition"})
    tab = textarea.find_parent(attrs={"data-w-tabs-target": "panel"})
    assert tab.select(".error-message")
    # Wagtail's tabs open the panel named by this value (unless the address names another).
    tabs = soup.find(attrs={"data-controller": "w-tabs"})
    assert tabs["data-w-tabs-active-panel-id-value"] == tab["id"]


@pytest.mark.django_db
def test_a_failed_save_opens_the_rules_tab_when_a_rule_is_wrong(client, demo_site):
    login(client, "editor")
    page = programme_page("hospitality-direct-aid")
    data = browser_post_data(client.get(edit_url(page)).content.decode())
    data["rules_eligibility-0-value-children-2-value-value"] = ["a dozen"]

    response = save_draft(client, page, data)

    soup = BeautifulSoup(response.content.decode(), "html.parser")
    tabs = soup.find(attrs={"data-controller": "w-tabs"})
    rules_tab = soup.find(id="rules_eligibility").find_parent(attrs={"data-w-tabs-target": "panel"})
    assert tabs["data-w-tabs-active-panel-id-value"] == rules_tab["id"]


@pytest.mark.django_db
def test_errors_are_said_in_the_admin_language_and_the_path_kept_for_the_json_tab(
    client, demo_site
):
    login(client, "editor", admin_language="es")
    page = programme_page("hospitality-direct-aid")
    data = browser_post_data(client.get(edit_url(page)).content.decode())
    data["rules_eligibility-0-value-children-2-value-value"] = ["a dozen"]

    response = save_draft(client, page, data)

    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    summary = soup.select_one(".messages").get_text(" ", strip=True)
    assert (
        "Requisito «staff» (Requisitos, regla 3): el valor debe ser un número entero, porque "
        "«Número de personas empleadas» se cuenta en números enteros."
    ) in summary
    _state, errors = block_states(html)["rules_eligibility"]
    group_errors = errors["blockErrors"]["0"]["blockErrors"]["children"]["blockErrors"]
    assert "número entero" in group_errors["2"]["blockErrors"]["value"]["messages"][0]
    # The engine's wording with its path: in small print, on the JSON tab only.
    technical = soup.select_one(".programme-editor-technical")
    assert "eligibility.all[2].value: must be a whole number" in technical.get_text()
    json_tab = soup.find("textarea", attrs={"name": "definition"}).find_parent(
        attrs={"data-w-tabs-target": "panel"}
    )
    assert technical.find_parent(attrs={"data-w-tabs-target": "panel"}) is json_tab
    assert "eligibility.all[2]" not in summary
