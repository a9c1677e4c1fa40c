"""Explicit-bounds tiers and lookup tables (format v2) pass through the programme editor and
its save unchanged: the structured editor cannot show them, so it keeps them as written."""

import copy

import pytest
from django.contrib.auth import get_user_model

from cms.programme_editor.conversion import definition_to_editor, editor_to_definition
from eligibility.engine import validate_definition
from tests.cms.test_programme_editor import browser_post_data, edit_url, save_draft
from tests.helpers import demo_definition, login, programme_page

BANDS = {
    "tiers": {"fact": "employees"},
    "bands": [
        {"min": 1, "max": 3, "value": "1000"},
        {"min": 4, "max": 10, "value": "1250"},
        {"above": 10, "value": "1500"},
    ],
    "otherwise": "0",
}
VENUE_GROUP = {
    "name": "venue_group",
    "type": "choice",
    "choices": ["II", "III", "IV"],
    "label": {"es": "Grupo del local", "en": "Venue group"},
}
TABLE = {
    "lookup": {"row": "venue_group", "column": {"fact": "employees"}},
    "columns": [{"min": 1, "max": 5}, {"min": 6, "max": 10}, {"above": 10}],
    "rows": {
        "II": ["2000", "3000", "4000"],
        "III": ["1500", "2250", "3000"],
        "IV": ["1000", "1500", "2000"],
    },
    "otherwise": "0",
}


def v2_definition(amount, *, with_question=False):
    definition = demo_definition("municipal-fee-rebate")
    definition["format"] = "onestop.programme/v2"
    definition["amount"] = copy.deepcopy(amount)
    if with_question:
        definition["questions"] = [*definition.get("questions", []), VENUE_GROUP]
    assert validate_definition(definition) == []
    return definition


@pytest.mark.parametrize(
    ("amount", "with_question"),
    [(BANDS, False), (TABLE, True), ({"mul": [TABLE, "0.5"]}, True)],
    ids=["bands", "table", "table-in-arithmetic"],
)
def test_bands_and_tables_are_kept_exactly_by_the_conversion(amount, with_question):
    definition = v2_definition(amount, with_question=with_question)

    result = editor_to_definition(definition_to_editor(definition))

    assert result["amount"] == amount
    assert result == definition


@pytest.mark.django_db
@pytest.mark.parametrize(("amount", "with_question"), [(BANDS, False), (TABLE, True)],
                         ids=["bands", "table"])  # fmt: skip
def test_bands_and_tables_save_through_the_admin_editor_unchanged(
    client, demo_site, amount, with_question
):
    login(client, "editor")
    page = programme_page("municipal-fee-rebate")
    definition = v2_definition(amount, with_question=with_question)
    latest = page.get_latest_revision_as_object()
    latest.definition = definition
    latest.save_revision(user=get_user_model().objects.get(username="admin"))

    data = browser_post_data(client.get(edit_url(page)).content.decode())
    response = save_draft(client, page, data)

    assert response.status_code == 302
    assert page.get_latest_revision_as_object().definition == definition
