"""Letter templates as an admin snippet with checked placeholders, and the batch page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications import roles
from cms.roles import POLICY_APPROVERS, POLICY_EDITORS
from letters.models import LetterBatch, LetterTemplate
from tests.helpers import admin_staff

pytestmark = pytest.mark.django_db


def test_an_unknown_placeholder_is_refused_by_name():
    template = LetterTemplate(kind="award", programme_slug="x", conditions_eu="Kaixo {importea}")

    with pytest.raises(ValidationError) as error:
        template.full_clean()

    assert "conditions_eu" in error.value.message_dict
    assert "{importea}" in error.value.message_dict["conditions_eu"][0]


def test_an_unclosed_brace_is_refused():
    template = LetterTemplate(kind="award", programme_slug="x", appeal_es="Referencia {reference")

    with pytest.raises(ValidationError):
        template.full_clean()


def test_saving_outside_the_admin_is_checked_too():
    with pytest.raises(ValidationError):
        LetterTemplate(kind="award", programme_slug="x", legal_basis_en="{nope}").save()


def test_known_placeholders_are_filled_in_the_letter(make_decided):
    from letters.services import letters
    from tests.letters.letter_helpers import pdf_text

    LetterTemplate.objects.create(
        kind="award",
        programme_slug="hospitality-direct-aid",
        conditions_es="Condición propia de {organisation} por {amount} ({reference}).",
    )
    application = make_decided()

    letter = letters.letter_issue(
        application_id=application.pk, kind="award", source_key=letters.decision_key(application)
    )

    text = pdf_text(letter.pdf.read())
    expected = f"Condición propia de {application.organisation.legal_name} por 1.250,00 € "
    assert expected + f"({application.reference})." in text


def test_the_default_templates_exist_for_every_kind():
    assert set(LetterTemplate.objects.filter(programme_slug="").values_list("kind", flat=True)) == {
        "award",
        "rejection",
        "information_request",
    }


def test_a_policy_approver_edits_letter_templates_and_an_editor_cannot(client):
    template = LetterTemplate.objects.get(programme_slug="", kind="award")
    url = reverse("wagtailsnippets_letters_lettertemplate:edit", args=[template.pk])

    client.force_login(admin_staff(POLICY_APPROVERS))
    assert client.get(url).status_code == 200

    client.force_login(admin_staff(POLICY_EDITORS))
    assert client.get(url).status_code in (302, 403)


def test_the_batch_page_is_for_senior_caseworkers(client, make_decided):
    make_decided()
    url = reverse("letter_batches:index")

    client.force_login(admin_staff(roles.CASEWORKERS))
    assert client.get(url).status_code in (302, 403)

    client.force_login(admin_staff(roles.SENIOR_CASEWORKERS))
    response = client.get(url)
    assert response.status_code == 200
    assert "hospitality-direct-aid" in response.content.decode()


def test_starting_a_batch_from_the_admin_issues_the_letters_and_shows_progress(
    client, make_decided, django_capture_on_commit_callbacks
):
    make_decided()
    make_decided()
    client.force_login(admin_staff(roles.SENIOR_CASEWORKERS))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("letter_batches:index"), {"programme_slug": "hospitality-direct-aid"}
        )

    assert response.status_code == 302
    batch = LetterBatch.objects.get()
    assert (batch.total, batch.issued) == (2, 2)
    page = client.get(reverse("letter_batches:index")).content.decode()
    assert 'value="100"' in page
