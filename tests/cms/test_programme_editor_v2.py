"""Format v2 constructs pass through the programme editor and its save unchanged."""

import pytest
from django.contrib.auth import get_user_model

from cms.programme_editor.conversion import definition_to_editor, editor_to_definition
from eligibility.engine import validate_definition
from tests.cms.test_programme_editor import browser_post_data, edit_url, save_draft
from tests.helpers import demo_definition, login, programme_page

ROUND_DOWN_TO_EUROS = {
    "round": {"mul": [{"fact": "monthly_rent"}, "0.5"]},
    "places": 0,
    "mode": "down",
}


def test_a_round_with_a_mode_is_kept_exactly_by_the_conversion():
    definition = demo_definition("municipal-fee-rebate")
    definition["format"] = "onestop.programme/v2"
    definition["amount"] = ROUND_DOWN_TO_EUROS
    assert validate_definition(definition) == []

    values = definition_to_editor(definition)
    values["budget"] = "1000"

    result = editor_to_definition(values)
    assert result["amount"] == ROUND_DOWN_TO_EUROS
    assert result["format"] == "onestop.programme/v2"
    assert result == {**definition, "budget": "1000"}


@pytest.mark.django_db
def test_a_round_with_a_mode_saves_through_the_admin_editor_unchanged(client, demo_site):
    login(client, "editor")
    page = programme_page("municipal-fee-rebate")
    definition = demo_definition("municipal-fee-rebate")
    definition["format"] = "onestop.programme/v2"
    definition["amount"] = ROUND_DOWN_TO_EUROS
    latest = page.get_latest_revision_as_object()
    latest.definition = definition
    latest.save_revision(user=get_user_model().objects.get(username="admin"))

    data = browser_post_data(client.get(edit_url(page)).content.decode())
    response = save_draft(client, page, data)

    assert response.status_code == 302
    assert page.get_latest_revision_as_object().definition == definition


def test_the_final_amounts_rounding_is_kept_by_the_conversion():
    definition = demo_definition("municipal-fee-rebate")
    definition["format"] = "onestop.programme/v2"
    definition["rounding"] = {"places": 0, "mode": "half_up"}
    assert validate_definition(definition) == []

    result = editor_to_definition(definition_to_editor(definition))

    assert result == definition
    assert list(result) == list(definition)
