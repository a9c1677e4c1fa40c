# ruff: noqa: F811 - fixtures imported from wizard_helpers are the tests' parameters
"""The application wizard: start, steps saved to the draft at every step, the task list,
session expiry, access control."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from applications.constants import ApplicationStatus
from applications.models import Application
from applications.wizard.programmes import live_programme
from applications.wizard.steps import programme_steps
from cms.selectors import programme_page_by_slug
from tests.applications.wizard_helpers import (
    HOSPITALITY,
    SITUATION_ANSWERS,
    keep_open,
    organisation_of,
    sign_in,
    step_post,
    step_url,
)
from tests.factories.applications import ApplicationFactory, SubmittedApplicationFactory
from tests.factories.organisations import OrganisationFactory, RepresentationFactory

pytestmark = pytest.mark.django_db


def _checked(page: str, name: str) -> str | None:
    """The value of the radio button of that name the page shows selected."""
    for tag in re.findall(r"<input [^>]*>", page):
        if f'name="{name}"' in tag and " checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def _start(client, user, programme=HOSPITALITY) -> Application:
    response = client.post(reverse("applications:apply_start", args=[programme]))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Application.objects.get(organisation=organisation_of(user), programme_slug=programme)


# --- steps derived from the definition ----------------------------------------------------


def test_hospitality_steps_confirm_the_profile_then_ask_the_declarations(hospitality):
    compiled = live_programme(HOSPITALITY).compiled
    steps = programme_steps(
        compiled, {"sector": "hospitality", "district": "deusto", "employees": 5}
    )
    assert [step.name for step in steps] == ["organisation", "situation", "other-aid", "documents"]
    organisation, situation, aid, _documents = steps
    assert organisation.profile_facts == ("employees", "sector", "district")
    assert organisation.facts == ()
    assert situation.facts == (
        "tax_obligations_current",
        "social_security_current",
        "debts_with_city",
    )
    assert aid.facts == ("de_minimis_declared",)


def test_a_fact_the_profile_leaves_empty_is_asked_in_the_organisation_step(hospitality):
    compiled = live_programme(HOSPITALITY).compiled
    organisation = programme_steps(compiled, {"sector": "hospitality"})[0]
    assert organisation.profile_facts == ("sector",)
    assert organisation.facts == ("employees", "district")


def test_programme_questions_get_their_own_step_and_documents_follow(demo_site):
    compiled = live_programme("bono-denda-merchants").compiled
    names = [step.name for step in programme_steps(compiled, {})]
    assert names[-2:] == ["questions", "documents"]
    questions = next(step for step in programme_steps(compiled, {}) if step.name == "questions")
    assert "venues" in questions.facts


# --- starting ------------------------------------------------------------------------------


def test_apply_requires_signing_in_and_comes_back(client, hospitality):
    url = reverse("applications:apply_start", args=[HOSPITALITY])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert f"next={url}" in response["Location"]


def test_without_an_organisation_the_applicant_adds_one_and_comes_back(
    client, hospitality, django_user_model
):
    from tests.factories.accounts import UserFactory

    user = UserFactory()
    sign_in(client, user)
    url = reverse("applications:apply_start", args=[HOSPITALITY])
    response = client.get(url)
    create = reverse("organisations:organisation_create")
    assert response["Location"] == f"{create}?next={url.replace('/', '%2F')}"
    response = client.post(
        f"{create}?next={url}",
        {"legal_name": "Taberna Berria", "tax_id": "B12345674", "legal_form": "cooperative"},
    )
    assert response.status_code == 302
    assert response["Location"] == url


def test_starting_prefills_from_the_screener_and_the_profile(client, applicant, hospitality):
    sign_in(client, applicant)
    session = client.session
    session["screener_answers"] = {
        "employees": 40,  # the profile says 5: the profile wins
        "tax_obligations_current": True,
        "women_led": True,  # not read by this programme: not kept
    }
    session.save()
    response = client.post(reverse("applications:apply_start", args=[HOSPITALITY]))
    application = Application.objects.get(organisation=organisation_of(applicant))
    assert response["Location"] == step_url(application, "organisation")
    assert application.answers == {
        "employees": 5,
        "sector": "hospitality",
        "district": "deusto",
        "tax_obligations_current": True,
    }
    assert application.status == ApplicationStatus.DRAFT
    assert application.created_by == applicant


def test_applying_again_resumes_the_same_draft(client, applicant, hospitality):
    sign_in(client, applicant)
    first = _start(client, applicant)
    client.post(step_url(first, "organisation"), step_post("organisation", {}))
    response = client.get(reverse("applications:apply_start", args=[HOSPITALITY]))
    assert response["Location"] == reverse("applications:application_resume", args=[first.pk])
    client.post(reverse("applications:apply_start", args=[HOSPITALITY]))
    assert Application.objects.filter(organisation=organisation_of(applicant)).count() == 1


def test_a_representative_of_several_organisations_picks_one(client, applicant, hospitality):
    second = OrganisationFactory(legal_name="Bar Bigarrena", sector="hospitality")
    RepresentationFactory(user=applicant, organisation=second)
    sign_in(client, applicant)
    url = reverse("applications:apply_start", args=[HOSPITALITY])
    page = client.get(url).content.decode()
    assert "Bar Bigarrena" in page and 'type="radio"' in page
    response = client.post(url, {})
    assert response.status_code == 200
    assert 'href="#id_organisation_0"' in response.content.decode()
    client.post(url, {"organisation": second.pk})
    assert Application.objects.get().organisation == second


def test_a_closed_programme_cannot_be_started(client, applicant, demo_site):
    page = programme_page_by_slug(HOSPITALITY)
    page.definition = {**page.definition, "window": {"opens": "2020-01-01", "closes": "2020-12-31"}}
    page.save_revision().publish()
    sign_in(client, applicant)
    response = client.post(reverse("applications:apply_start", args=[HOSPITALITY]))
    assert response.status_code == 200
    assert "Este programa no admite solicitudes en este momento" in response.content.decode()
    assert not Application.objects.exists()


# --- the steps -------------------------------------------------------------------------------


def test_each_valid_step_is_saved_to_the_draft_before_moving_on(client, applicant, hospitality):
    sign_in(client, applicant)
    application = _start(client, applicant)
    response = client.post(step_url(application, "organisation"), step_post("organisation", {}))
    assert response["Location"] == step_url(application, "situation")
    response = client.post(
        step_url(application, "situation"), step_post("situation", SITUATION_ANSWERS)
    )
    assert response["Location"] == step_url(application, "other-aid")
    application.refresh_from_db()
    assert application.answers["tax_obligations_current"] is True
    assert application.answers["debts_with_city"] is False
    assert application.progress["completed"] == ["organisation", "situation"]
    assert application.progress["current_step"] == "other-aid"

    # Numbers are typed the Spanish way.
    response = client.post(
        step_url(application, "other-aid"),
        step_post("other-aid", {"de_minimis_declared": "12.500,50"}),
    )
    assert response["Location"] == step_url(application, "documents")
    application.refresh_from_db()
    assert application.answers["de_minimis_declared"] == "12500.50"


def test_a_step_shows_the_saved_answers(client, applicant, hospitality):
    sign_in(client, applicant)
    application = _start(client, applicant)
    client.post(step_url(application, "situation"), step_post("situation", SITUATION_ANSWERS))
    client.post(
        step_url(application, "other-aid"), step_post("other-aid", {"de_minimis_declared": "1250"})
    )
    page = client.get(step_url(application, "situation")).content.decode()
    assert _checked(page, "situation-debts_with_city") == "false"
    assert _checked(page, "situation-tax_obligations_current") == "true"
    page = client.get(step_url(application, "other-aid")).content.decode()
    assert 'value="1250,00"' in page or 'value="1250"' in page


def test_an_unanswered_question_is_an_error_linked_from_the_summary(client, applicant, hospitality):
    sign_in(client, applicant)
    application = _start(client, applicant)
    response = client.post(
        step_url(application, "situation"),
        step_post("situation", {"tax_obligations_current": "true"}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert 'href="#id_situation-social_security_current_0"' in page
    # On a page of several questions, each error in the summary says which one it is about.
    start = page.index('class="error-summary"')
    summary = page[start : page.index("</ul>", start)]
    assert "Seguridad Social?" in summary
    assert "obligaciones tributarias?" not in summary
    assert "Elija sí o no." in page
    application.refresh_from_db()
    assert "situation" not in application.progress.get("completed", [])


def test_the_organisation_step_shows_the_profile_with_a_link_to_change_it(
    client, applicant, hospitality
):
    sign_in(client, applicant)
    application = _start(client, applicant)
    url = step_url(application, "organisation")
    page = client.get(url).content.decode()
    assert "Deusto" in page
    change = reverse("organisations:organisation_update", args=[application.organisation_id])
    assert f'href="{change}?next={url.replace("/", "%2F")}"' in page
    # The profile changes; confirming the step takes it as it is now.
    organisation = application.organisation
    organisation.employees = 12
    organisation.save()
    client.post(url, step_post("organisation", {}))
    application.refresh_from_db()
    assert application.answers["employees"] == 12


def test_change_from_check_answers_returns_there(client, applicant, hospitality):
    sign_in(client, applicant)
    application = _start(client, applicant)
    response = client.post(
        step_url(application, "situation", **{"return": "check"}),
        step_post("situation", SITUATION_ANSWERS),
    )
    assert response["Location"] == reverse("applications:application_check", args=[application.pk])


# --- session expiry ----------------------------------------------------------------------


def test_a_session_expiring_mid_wizard_loses_nothing(client, applicant, hospitality):
    sign_in(client, applicant)
    application = _start(client, applicant)
    client.post(step_url(application, "organisation"), step_post("organisation", {}))
    client.post(step_url(application, "situation"), step_post("situation", SITUATION_ANSWERS))

    # The session times out (SESSION_COOKIE_AGE passes): the server forgets it.
    client.session.flush()
    client.cookies.pop("sessionid", None)
    response = client.post(
        step_url(application, "other-aid"), step_post("other-aid", {"de_minimis_declared": "0"})
    )
    login = reverse("account_login")
    assert response.status_code == 302
    assert response["Location"].startswith(login)
    next_url = step_url(application, "other-aid")
    assert response["Location"] == f"{login}?next={next_url}"

    # Signing in again (allauth, by email) returns to the same step.
    response = client.post(
        f"{login}?next={next_url}",
        {"login": applicant.email, "password": "a-long-test-password-2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.get(next_url).status_code == 200

    # Every saved answer is there, on the pages and in the task list.
    page = client.get(step_url(application, "situation")).content.decode()
    assert _checked(page, "situation-tax_obligations_current") == "true"
    assert _checked(page, "situation-social_security_current") == "true"
    assert _checked(page, "situation-debts_with_city") == "false"
    application.refresh_from_db()
    assert application.answers == {
        "employees": 5,
        "sector": "hospitality",
        "district": "deusto",
        "tax_obligations_current": True,
        "social_security_current": True,
        "debts_with_city": False,
    }
    task_list = client.get(reverse("applications:application_resume", args=[application.pk]))
    assert task_list.content.decode().count("Completada") == 2


# --- the task list -----------------------------------------------------------------------


def test_the_task_list_shows_each_section_and_how_far_it_has_got(client, applicant, hospitality):
    sign_in(client, applicant)
    application = _start(client, applicant)
    client.post(step_url(application, "organisation"), step_post("organisation", {}))
    client.post(
        step_url(application, "situation"),
        step_post("situation", {"tax_obligations_current": "true"}),  # incomplete: not saved
    )
    with_session = Application.objects.get(pk=application.pk)
    with_session.answers = {**with_session.answers, "tax_obligations_current": True}
    with_session.save(update_fields=["answers"])
    response = client.get(reverse("applications:application_resume", args=[application.pk]))
    sections = response.context["sections"]
    assert [(s["url"], s["status"]) for s in sections] == [
        (step_url(application, "organisation"), "completed"),
        (step_url(application, "situation"), "in_progress"),
        (step_url(application, "other-aid"), "not_started"),
        (step_url(application, "documents"), "not_started"),
    ]
    page = response.content.decode()
    assert reverse("applications:application_check", args=[application.pk]) in page


# --- access --------------------------------------------------------------------------------


def _every_url(application):
    return [
        reverse("applications:application_resume", args=[application.pk]),
        step_url(application, "organisation"),
        step_url(application, "documents"),
        reverse("applications:application_check", args=[application.pk]),
    ]


def test_another_organisations_user_gets_404_on_every_url(client, applicant, hospitality):
    application = ApplicationFactory(organisation=organisation_of(applicant))
    outsider = RepresentationFactory().user
    sign_in(client, outsider)
    for url in _every_url(application):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    remove = reverse("applications:application_document_remove", args=[application.pk, 1])
    assert client.post(remove).status_code == 404


def test_a_submitted_application_shows_its_confirmation_not_the_wizard(
    client, applicant, hospitality
):
    application = SubmittedApplicationFactory(organisation=organisation_of(applicant))
    sign_in(client, applicant)
    confirmation = reverse("applications:application_confirmation", args=[application.pk])
    for url in _every_url(application):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == confirmation


# --- where applying starts -------------------------------------------------------------------


def test_an_open_programme_page_offers_apply_now(client, hospitality):
    page = programme_page_by_slug(HOSPITALITY)
    html = client.get(page.url).content.decode()
    assert f'href="{reverse("applications:apply_start", args=[HOSPITALITY])}"' in html


def test_a_programme_not_open_yet_offers_no_apply_link(client, demo_site):
    page = programme_page_by_slug("bono-denda-merchants")
    page.definition = {**page.definition, "window": {"opens": "2099-01-01", "closes": None}}
    page.save_revision().publish()
    html = client.get(programme_page_by_slug("bono-denda-merchants").url).content.decode()
    assert reverse("applications:apply_start", args=["bono-denda-merchants"]) not in html


def test_a_programmes_own_questions_are_asked_and_saved(client, applicant, demo_site):
    keep_open("digital-consultancy")
    sign_in(client, applicant)
    application = _start(client, applicant, programme="digital-consultancy")
    page = client.get(step_url(application, "questions")).content.decode()
    assert "¿Tiene ya una página web propia?" in page
    assert 'name="questions-digital_plan_interest"' in page
    response = client.post(
        step_url(application, "questions"),
        step_post(
            "questions",
            {
                "has_website": "true",
                "has_online_shop": "false",
                "digital_plan_interest": "online_shop",
            },
        ),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.answers["has_website"] is True
    assert application.answers["digital_plan_interest"] == "online_shop"
    assert "questions" in application.progress["completed"]
