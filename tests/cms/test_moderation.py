"""Policy editors propose programme changes; policy approvers publish them.

Driven through the real admin views: the page edit form (read from the page itself, so that
the test follows whatever fields the programme editor has) and the workflow action URL.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import WorkflowState

from cms.models import ProgrammePage
from cms.services.programme_definitions import definitions_import
from demo.content import DEMO_PROGRAMMES_DIR, demo_users_ensure
from tests.cms.admin_forms import edit_form_data
from tests.helpers import login, programme_page


@pytest.fixture
def page(db) -> ProgrammePage:
    definitions_import([DEMO_PROGRAMMES_DIR / "hospitality-direct-aid.json"])
    demo_users_ensure()
    return programme_page()


def with_budget(data: dict, budget: str) -> dict:
    assert "definition" in data, "the edit form no longer has a `definition` field"
    definition = json.loads(data["definition"][0])
    definition["budget"] = budget
    return {**data, "definition": [json.dumps(definition)]}


def test_an_editor_submits_a_change_and_an_approver_approves_it(client, page):
    login(client, "editor")
    data = with_budget(edit_form_data(client, page), "4000000.00")

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), {**data, "action-submit": "1"}
    )

    assert response.status_code == 302, response.context and response.context["form"].errors
    page = programme_page()
    assert page.workflow_in_progress
    assert page.live
    assert page.definition["budget"] == "3255000.00"  # the public still sees the old rules
    assert page.get_latest_revision_as_object().definition["budget"] == "4000000.00"
    task_state = page.current_workflow_task_state
    assert task_state.task.name == "Moderators approval"
    # While it is in moderation, the editor cannot change it further.
    assert page.permissions_for_user(get_user_model().objects.get(username="editor")).page_locked()

    login(client, "approver")
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": "Budget confirmed by the plenary."},
    )

    assert response.status_code == 302
    page = programme_page()
    assert not page.workflow_in_progress
    assert page.live
    assert not page.has_unpublished_changes
    assert page.definition["budget"] == "4000000.00"
    assert (
        page.workflow_states.order_by("-created_at").first().status == WorkflowState.STATUS_APPROVED
    )
    # The other languages' pages follow the published page of record.
    for translation in page.get_translations():
        assert translation.live
        assert translation.specific.definition["budget"] == "4000000.00"


def test_an_editor_cannot_publish_directly(client, page):
    login(client, "editor")
    data = with_budget(edit_form_data(client, page), "1.00")

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), {**data, "action-publish": "1"}
    )

    assert response.status_code == 302
    page = programme_page()
    assert page.definition["budget"] == "3255000.00"
    assert page.has_unpublished_changes  # kept as a draft, no more
    assert page.get_latest_revision_as_object().definition["budget"] == "1.00"
    assert not page.workflow_in_progress


def test_an_approver_may_publish_directly(client, page):
    login(client, "approver")
    data = with_budget(edit_form_data(client, page), "4000000.00")

    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {**data, "action-publish": "1"})

    page = programme_page()
    assert page.definition["budget"] == "4000000.00"
    assert not page.has_unpublished_changes
