import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cms.models import ProgrammePage
from tests.cms.admin_forms import edit_form_data
from tests.helpers import admin_language_set, programme_page


@pytest.fixture
def editor_client(client, demo_site):
    assert client.login(email="editor@demo.onestop.example", password="demo-editor-2026")
    return client


def spanish_page(slug="hospitality-direct-aid") -> ProgrammePage:
    return programme_page(slug, language="es")


def send_editor_state(client, page, change=None) -> None:
    """What the preview panel does as the editor types: post the edit form to the preview."""
    data = edit_form_data(client, page)
    if change:
        change(data)
    response = client.post(reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]), data)
    assert response.json()["is_valid"], response.content


def try_rules(client, page, answers: dict, language="en"):
    query = {"mode": "try", "trial": "1", "trial_language": language}
    query.update({f"fact-{name}": value for name, value in answers.items()})
    return client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]), query)


HOSPITALITY_COOPERATIVE = {
    "sector": "hospitality",
    "district": "abando",
    "employees": "5",
    "tax_obligations_current": "true",
    "social_security_current": "true",
    "debts_with_city": "false",
    "de_minimis_declared": "0",
}


def test_the_editor_sees_outcome_amount_and_every_reason(editor_client):
    page = spanish_page()
    send_editor_state(editor_client, page)

    response = try_rules(editor_client, page, HOSPITALITY_COOPERATIVE)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["result"]["outcome"] == "eligible"
    assert response.context["result"]["amount"] == "1250.00"
    # Staff screens speak the city's default language; the amount is in the language asked.
    assert "Cumple los requisitos: €1,250.00" in html
    reason_ids = [reason["id"] for reason in response.context["result"]["reasons"]]
    assert reason_ids[:3] == ["sector", "district", "staff"]
    assert all(reason["met"] for reason in response.context["result"]["reasons"])


def test_missing_answers_are_listed_as_still_unknown(editor_client):
    page = spanish_page()
    send_editor_state(editor_client, page)

    answers = dict(HOSPITALITY_COOPERATIVE)
    del answers["employees"]
    response = try_rules(editor_client, page, answers, language="es")

    assert response.context["result"]["outcome"] == "needs_info"
    assert response.context["result"]["missing_facts"] == ["employees"]
    assert response.context["missing_labels"] == ["Número de personas empleadas"]
    assert "<li>Número de personas empleadas</li>" in response.content.decode()


def test_the_trial_uses_the_unsaved_rules_in_the_editor(editor_client):
    page = spanish_page()

    def raise_the_bar(data):
        definition = json.loads(data["definition"][0])
        definition["eligibility"]["all"][2]["value"] = 10
        data["definition"] = [json.dumps(definition)]

    send_editor_state(editor_client, page, change=raise_the_bar)

    response = try_rules(editor_client, page, HOSPITALITY_COOPERATIVE)

    assert response.context["result"]["outcome"] == "ineligible"
    page.refresh_from_db()
    assert page.definition["eligibility"]["all"][2]["value"] == 1


def test_the_answers_survive_a_refresh_of_the_preview(editor_client):
    page = spanish_page()
    send_editor_state(editor_client, page)
    try_rules(editor_client, page, HOSPITALITY_COOPERATIVE)

    refreshed = editor_client.get(
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]), {"mode": "try"}
    )

    assert refreshed.context["result"]["amount"] == "1250.00"


def test_a_wrong_answer_is_shown_at_its_field(editor_client):
    page = spanish_page()
    send_editor_state(editor_client, page)

    response = try_rules(editor_client, page, {**HOSPITALITY_COOPERATIVE, "employees": "many"})

    assert "result" not in response.context
    assert response.context["facts_form"].errors["employees"]


def test_applicants_cannot_reach_the_trial(client, demo_site):
    assert client.login(email="applicant@demo.onestop.example", password="demo-applicant-2026")
    response = try_rules(client, spanish_page(), HOSPITALITY_COOPERATIVE)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def _speak_english(client) -> None:
    """The editor reads the admin in English (Account > Preferred language)."""
    admin_language_set(get_user_model().objects.get(email="editor@demo.onestop.example"), "en")


def test_the_trial_speaks_the_staff_members_admin_language(editor_client):
    _speak_english(editor_client)
    page = spanish_page()
    send_editor_state(editor_client, page)

    query = {"mode": "try", "trial": "1"}
    query.update({f"fact-{name}": value for name, value in HOSPITALITY_COOPERATIVE.items()})
    response = editor_client.get(
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]), query
    )

    html = response.content.decode()
    assert "Eligible: €1,250.00" in html
    assert "Every rule" in html
    assert "Todas las reglas" not in html
    assert response.context["language"] == "en"


def test_a_rule_without_an_id_is_named_by_its_place(editor_client):
    _speak_english(editor_client)
    page = spanish_page()

    def drop_the_id(data):
        definition = json.loads(data["definition"][0])
        del definition["eligibility"]["all"][2]["id"]
        data["definition"] = [json.dumps(definition)]

    send_editor_state(editor_client, page, change=drop_the_id)
    response = try_rules(editor_client, page, HOSPITALITY_COOPERATIVE)

    html = response.content.decode()
    assert "Rule 3" in html
    assert "eligibility.all[2]" not in html


def test_the_documents_the_answers_require_are_listed(editor_client):
    _speak_english(editor_client)
    page = spanish_page()

    def bank_only_for_staff(data):
        definition = json.loads(data["definition"][0])
        definition["documents"][1]["when"] = {"fact": "employees", "op": "gte", "value": 10}
        data["definition"] = [json.dumps(definition)]

    send_editor_state(editor_client, page, change=bank_only_for_staff)
    response = try_rules(editor_client, page, HOSPITALITY_COOPERATIVE)

    html = response.content.decode()
    assert "Documents these answers require" in html
    assert "Certificate of registration for the Business Activity Tax (IAE)" in html
    assert "Bank account ownership certificate" not in html
