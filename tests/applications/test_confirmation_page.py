"""The confirmation page: the reference and what happens next, for the organisation only."""

import pytest
from django.urls import reverse
from django.utils import translation

from applications.constants import ApplicationStatus
from tests.factories.accounts import UserFactory
from tests.factories.applications import ApplicationFactory, SubmittedApplicationFactory
from tests.factories.organisations import RepresentationFactory

pytestmark = pytest.mark.django_db

DEFINITION = {"slug": "test-aid", "title": {"es": "Ayuda de prueba", "en": "Test aid"}}


def submitted_with_representative(**fields):
    representation = RepresentationFactory()
    application = SubmittedApplicationFactory(
        organisation=representation.organisation,
        programme_slug="test-aid",
        programme_definition=DEFINITION,
        **fields,
    )
    return application, representation.user


def confirmation_url(application) -> str:
    return reverse("applications:application_confirmation", kwargs={"pk": application.pk})


def test_the_representative_sees_the_reference_and_what_happens_next(client):
    application, user = submitted_with_representative()
    client.force_login(user)

    response = client.get(confirmation_url(application))

    assert response.status_code == 200
    page = response.content.decode()
    assert application.reference in page
    assert "Ayuda de prueba" in page
    assert application.organisation.legal_name in page
    assert f'href="{reverse("applications:application_list")}"' in page
    assert page.count("<h1") == 1


def test_the_page_is_in_the_language_of_the_address(client):
    application, user = submitted_with_representative()
    client.force_login(user)
    with translation.override("en"):
        url = confirmation_url(application)

    response = client.get(url)

    assert response.status_code == 200
    assert "Test aid" in response.content.decode()
    assert 'href="/en/applications/"' in response.content.decode()


def test_every_representative_of_the_organisation_may_see_it(client):
    application, _user = submitted_with_representative()
    colleague = RepresentationFactory(organisation=application.organisation).user
    client.force_login(colleague)
    assert client.get(confirmation_url(application)).status_code == 200


def test_it_stays_available_after_the_application_moves_on(client):
    application, user = submitted_with_representative(status=ApplicationStatus.IN_REVIEW)
    client.force_login(user)
    assert client.get(confirmation_url(application)).status_code == 200


def test_another_organisations_user_gets_404(client):
    application, _user = submitted_with_representative()
    client.force_login(RepresentationFactory().user)
    assert client.get(confirmation_url(application)).status_code == 404


def test_a_user_without_organisation_gets_404(client):
    application, _user = submitted_with_representative()
    client.force_login(UserFactory())
    assert client.get(confirmation_url(application)).status_code == 404


def test_a_draft_has_no_confirmation(client):
    representation = RepresentationFactory()
    draft = ApplicationFactory(organisation=representation.organisation)
    client.force_login(representation.user)
    assert client.get(confirmation_url(draft)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    application, _user = submitted_with_representative()
    response = client.get(confirmation_url(application))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
