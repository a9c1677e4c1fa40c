# ruff: noqa: F811 - fixtures imported from wizard_helpers are the tests' parameters
"""Deleting a draft: a confirmation page, then POST; only the organisation's own drafts,
with their documents and files."""

from pathlib import Path

import pytest
from django.urls import reverse

from applications.models import Application, ApplicationDocument
from applications.services.documents import document_add
from tests.applications.wizard_helpers import (
    organisation_of,
    pdf,
    sign_in,
)
from tests.factories.applications import SubmittedApplicationFactory
from tests.factories.organisations import RepresentationFactory

pytestmark = pytest.mark.django_db


def _url(application):
    return reverse("applications:draft_delete", args=[application.pk])


def test_the_task_list_links_to_a_confirmation_that_deletes_nothing(client, applicant, draft):
    sign_in(client, applicant)
    task_list = client.get(reverse("applications:application_resume", args=[draft.pk]))
    assert _url(draft) in task_list.content.decode()
    page = client.get(_url(draft))
    assert page.status_code == 200
    assert '<form method="post"' in page.content.decode()
    assert Application.objects.filter(pk=draft.pk).exists()


def test_posting_deletes_the_draft_with_its_documents_and_files(
    client, applicant, draft, django_capture_on_commit_callbacks
):
    document = document_add(application=draft, user=applicant, code="iae", uploaded_file=pdf())
    path = Path(document.file.path)
    assert path.exists()
    sign_in(client, applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(draft))
    assert response["Location"] == reverse("applications:application_list")
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not ApplicationDocument.objects.filter(pk=document.pk).exists()
    assert not path.exists()


def test_another_organisations_representative_cannot_see_or_delete_it(client, draft):
    stranger = RepresentationFactory().user
    sign_in(client, stranger)
    assert client.get(_url(draft)).status_code == 404
    assert client.post(_url(draft)).status_code == 404
    assert Application.objects.filter(pk=draft.pk).exists()


def test_anonymous_users_are_sent_to_sign_in(client, draft):
    response = client.post(_url(draft))
    assert response.status_code == 302 and "login" in response["Location"]
    assert Application.objects.filter(pk=draft.pk).exists()


def test_a_submitted_application_is_not_deleted(client, applicant, hospitality):
    submitted = SubmittedApplicationFactory(
        organisation=organisation_of(applicant), programme_slug=hospitality
    )
    sign_in(client, applicant)
    client.post(_url(submitted))
    assert Application.objects.filter(pk=submitted.pk).exists()
