"""The applicant's timeline names each email in the reader's language, whatever language the
email was written in; events recorded before the email's kind was kept still read."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from applications.constants import ApplicationStatus, EventKind
from letters.services import letters
from letters.services.letters import letter_issue

pytestmark = pytest.mark.django_db

NOT_GRANTED = "Decision on application %(reference)s: not granted"


def _in(language: str, message: str, **values) -> str:
    with translation.override(language):
        return gettext(message) % values


def _detail(client, application, language: str) -> str:
    client.force_login(application.representative)
    with translation.override(language):
        url = reverse("applications:application_detail", args=[application.pk])
    return client.get(url).content.decode()


@pytest.fixture
def rejected_in_spanish(make_decided, django_capture_on_commit_callbacks):
    application = make_decided(language="es", status=ApplicationStatus.REJECTED)
    with django_capture_on_commit_callbacks(execute=True):
        letter_issue(
            application_id=application.pk,
            kind="rejection",
            source_key=letters.decision_key(application),
        )
    (email,) = mail.outbox
    assert email.subject == _in("es", NOT_GRANTED, reference=application.reference)
    return application


@pytest.mark.parametrize("language", ["eu", "en", "es"])
def test_the_timeline_names_the_email_in_the_readers_language(
    client, rejected_in_spanish, language
):
    application = rejected_in_spanish

    html = _detail(client, application, language)

    assert _in(language, NOT_GRANTED, reference=application.reference) in html
    if language != "es":
        assert _in("es", NOT_GRANTED, reference=application.reference) not in html


def test_an_email_event_recorded_with_its_kind_but_not_its_letter_reads_in_basque(
    client, rejected_in_spanish
):
    application = rejected_in_spanish
    letter = application.letters.get()
    event = application.events.get(kind=EventKind.EMAIL)
    event.data = {"key": f"decision_made:letter-{letter.pk}", "kind": "decision_made"}
    event.save()

    html = _detail(client, application, "eu")

    assert _in("eu", NOT_GRANTED, reference=application.reference) in html


def test_an_email_event_recorded_without_its_kind_shows_the_subject_as_sent(
    client, rejected_in_spanish
):
    application = rejected_in_spanish
    event = application.events.get(kind=EventKind.EMAIL)
    event.data = {"key": "legacy"}
    event.note = "Asunto tal como se envió"
    event.save()

    html = _detail(client, application, "eu")

    assert "Asunto tal como se envió" in html
