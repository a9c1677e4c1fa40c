"""Format v2 lines and the prorata award mode pass through the programme editor unchanged."""

import pytest
from django.contrib.auth import get_user_model

from cms.programme_editor.conversion import definition_to_editor, editor_to_definition
from eligibility.engine import validate_definition
from tests.cms.test_programme_editor import browser_post_data, edit_url, save_draft
from tests.helpers import demo_definition, login, programme_page

LINES = [
    {
        "id": "line-1",
        "label": {"es": "Línea 1", "eu": "1. lerroa", "en": "Line 1"},
        "budget": "1000.00",
        "when": {"fact": "activity_suspended", "op": "is_true"},
        "source": {"es": "Base 3.1"},
    },
    {"id": "line-2", "label": {"es": "Línea 2"}, "budget": None},
]


def _with_lines():
    definition = demo_definition("municipal-fee-rebate")
    definition["format"] = "onestop.programme/v2"
    definition["award_mode"] = "prorata"
    definition["budget"] = "5000.00"
    definition["lines"] = LINES
    assert validate_definition(definition) == []
    return definition


def test_lines_and_prorata_are_kept_exactly_by_the_conversion():
    definition = _with_lines()
    result = editor_to_definition(definition_to_editor(definition))
    assert result == definition


@pytest.mark.django_db
def test_lines_save_through_the_admin_editor_unchanged(client, demo_site):
    login(client, "editor")
    page = programme_page("municipal-fee-rebate")
    definition = _with_lines()
    latest = page.get_latest_revision_as_object()
    latest.definition = definition
    latest.save_revision(user=get_user_model().objects.get(username="admin"))

    data = browser_post_data(client.get(edit_url(page)).content.decode())
    response = save_draft(client, page, data)

    assert response.status_code == 302
    assert page.get_latest_revision_as_object().definition == definition
