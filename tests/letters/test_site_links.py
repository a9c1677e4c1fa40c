"""Every absolute link that leaves the site (emails, the letter's printed verification address
and its QR code) points at SITE_URL, whatever host the request came in on; every email comes
from the city's sender."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from cms.models.site_settings import CitySettings
from letters.rendering.content import verification_url
from tests.factories.organisations import RepresentationFactory
from tests.letters.letter_helpers import issue, pdf_text

pytestmark = pytest.mark.django_db

SITE = "https://ayudas.example.org"


@override_settings(SITE_URL=SITE)
def test_the_letter_prints_and_encodes_the_verification_address_at_site_url(make_decided):
    letter = issue(make_decided())

    assert verification_url(letter.code) == f"{SITE}/verify/{letter.code}"
    text = pdf_text(letter.pdf.open("rb").read())
    assert f"{SITE}/verify/{letter.code}" in text
    assert "127.0.0.1" not in text


@override_settings(SITE_URL=SITE)
def test_the_decision_email_links_to_site_url_and_comes_from_the_city(
    make_decided, django_capture_on_commit_callbacks
):
    city = CitySettings.for_site(Site.objects.get(is_default_site=True))
    city.authority_name = "Getxoko Udala"
    city.save()
    application = make_decided(language="eu")

    with django_capture_on_commit_callbacks(execute=True):
        letter = issue(application)

    (email,) = mail.outbox
    with translation.override("eu"):
        detail = reverse("applications:application_detail", args=[application.pk])
    assert f"{SITE}{detail}" in email.body
    # The email announces the letter; its code is in the letter, opened where it is notified.
    assert letter.code not in email.body
    assert "127.0.0.1" not in email.body
    assert email.from_email == "Getxoko Udala <noreply@ayudas.example.org>"
    assert email.message()["From"] == "Getxoko Udala <noreply@ayudas.example.org>"


@override_settings(
    SITE_URL=SITE,
    DEFAULT_FROM_EMAIL="Ayudas <ayudas@bilbao.example>",
    EMAIL_SENDER_FROM_SITE=False,
)
def test_a_sender_set_in_the_environment_is_used_as_it_stands(
    make_decided, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issue(make_decided())

    assert mail.outbox[0].from_email == "Ayudas <ayudas@bilbao.example>"


@override_settings(SITE_URL=SITE)
def test_the_invitation_links_to_site_url_not_to_the_requests_host(
    client, django_capture_on_commit_callbacks
):
    representation = RepresentationFactory()
    client.force_login(representation.user)
    url = reverse("organisations:invitation_create", args=[representation.organisation.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "kide@example.org"}, HTTP_HOST="127.0.0.1")

    (email,) = mail.outbox
    assert f"{SITE}/es/" in email.body
    assert "127.0.0.1" not in email.body
    assert "Ayuntamiento de Bilbao" in email.message()["From"]
