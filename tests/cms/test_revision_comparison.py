"""The admin's comparison of two revisions shows a programme's rules as a line diff."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel

from cms.models import ProgrammePage
from cms.revision_comparison import DefinitionComparison, definition_lines
from cms.services.programme_definitions import programme_import
from demo.content import demo_users_ensure
from tests.helpers import demo_definition, programme_page


@pytest.mark.django_db
def test_the_compare_view_shows_the_changed_rule_as_removed_and_added(client):
    demo_users_ensure()
    approver = get_user_model().objects.get(username="approver")
    programme_import(definition=demo_definition(), publish=True, user=approver)
    changed = demo_definition()
    changed["eligibility"]["all"][2]["value"] = 3  # at least 3 employees instead of 1
    changed["budget"] = "4000000.00"
    programme_import(definition=changed, publish=False, user=approver)
    page = programme_page()
    first, second = page.revisions.order_by("created_at", "id")
    client.force_login(approver)

    response = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, second.pk])
    )

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    changed_lines = soup.select(".comparison span.deletion, .comparison span.addition")
    # Each changed line says so to screen readers too, not only by its colour and sign.
    assert all(line.select_one(".w-sr-only") for line in changed_lines)
    for spoken in soup.select(".comparison .w-sr-only"):
        spoken.decompose()
    removed = [span.get_text() for span in soup.select(".comparison span.deletion")]
    added = [span.get_text() for span in soup.select(".comparison span.addition")]
    assert removed == ['-   "budget": "3255000.00",', '-         "value": 1']
    assert added == ['+   "budget": "4000000.00",', '+         "value": 3']
    # Only the neighbourhood of each change is shown, not the whole document.
    diff_text = soup.select_one(".comparison pre").get_text()
    assert '"fact": "employees"' in diff_text
    assert '"reason"' not in diff_text


def test_key_order_from_the_database_does_not_count_as_a_change():
    definition = demo_definition()
    reordered = dict(reversed(list(definition.items())))

    assert definition_lines(reordered) == definition_lines(definition)
    assert definition_lines(definition)[:2] == ["{", '  "format": "onestop.programme/v1",']


def test_the_diff_escapes_html_in_texts():
    field = ProgrammePage._meta.get_field("definition")
    before, after = (
        ProgrammePage(definition={"slug": "x"}),
        ProgrammePage(definition={"slug": "x", "summary": {"es": "<script>alert(1)</script>"}}),
    )

    html = DefinitionComparison(field, before, after).htmldiff()

    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_the_definition_field_uses_the_line_diff_and_other_fields_keep_wagtails():
    # The admin loads every app's wagtail_hooks before it serves a page; so does this test.
    hooks.search_for_hooks()
    definition_panel = FieldPanel("definition").bind_to_model(ProgrammePage)
    title_panel = FieldPanel("title").bind_to_model(ProgrammePage)

    assert definition_panel.get_comparison_class() is DefinitionComparison
    assert title_panel.get_comparison_class() is not DefinitionComparison
