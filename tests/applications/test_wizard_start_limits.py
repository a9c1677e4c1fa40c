"""`one_per` and `exclusive_with` are told at the start of an application and on the
programme page, with a link to the application in the way, not only at submission."""

import pytest
from django.urls import reverse

from applications.models import Application
from applications.selectors import organisation_application_conflict
from cms.selectors import programme_page_by_slug
from tests.applications.submission_helpers import award, publish
from tests.applications.wizard_helpers import sign_in
from tests.factories.applications import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db

OPEN = {"opens": "2020-01-01", "closes": None}


def _start(client, representation):
    sign_in(client, representation.user)
    return reverse("applications:apply_start", args=["test-aid"])


def test_a_second_application_for_a_one_per_programme_is_refused_at_the_start(
    client, representation
):
    publish(window=OPEN)
    earlier = SubmittedApplicationFactory(
        organisation=representation.organisation, programme_slug="test-aid"
    )
    url = _start(client, representation)

    page = client.get(url).content.decode()
    assert earlier.reference in page
    assert reverse("applications:application_detail", args=[earlier.pk]) in page
    assert "Empezar la solicitud" not in page

    client.post(url)
    assert not Application.objects.drafts().filter(organisation=representation.organisation)


def test_without_an_earlier_application_the_start_creates_the_draft(client, representation):
    publish(window=OPEN)
    url = _start(client, representation)
    assert "Empezar la solicitud" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert Application.objects.drafts().filter(organisation=representation.organisation).count()


def test_an_exclusive_award_is_refused_at_the_start(client, representation):
    publish(window=OPEN, one_per=None, exclusive_with=["other-aid"])
    held = award(representation.organisation, slug="other-aid")
    url = _start(client, representation)
    page = client.get(url).content.decode()
    assert held.reference in page
    assert reverse("applications:application_detail", args=[held.pk]) in page
    client.post(url)
    assert not Application.objects.drafts().filter(organisation=representation.organisation)


def test_the_programme_page_refuses_with_a_link_instead_of_apply_now(client, representation):
    publish(window=OPEN)
    page_url = programme_page_by_slug("test-aid").url
    apply_url = reverse("applications:apply_start", args=["test-aid"])
    # Anonymous and free to apply: the call to action is there.
    assert apply_url in client.get(page_url).content.decode()

    earlier = SubmittedApplicationFactory(
        organisation=representation.organisation, programme_slug="test-aid"
    )
    sign_in(client, representation.user)
    page = client.get(page_url).content.decode()
    assert apply_url not in page
    assert reverse("applications:application_detail", args=[earlier.pk]) in page
    assert earlier.reference in page


def test_submission_and_start_share_one_rule(representation):
    document = publish(window=OPEN)
    earlier = SubmittedApplicationFactory(
        organisation=representation.organisation, programme_slug="test-aid"
    )
    conflict = organisation_application_conflict(
        representation.organisation, programme_slug="test-aid", definition=document
    )
    assert conflict.kind == "one_per" and conflict.application == earlier
    assert earlier.reference in conflict.message("Ayuda de prueba")
