"""My applications: the list, one application's page, and downloading its documents."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.constants import ApplicationStatus
from applications.services.applicant_actions import information_request_answer
from applications.services.transitions import application_transition
from desk.services.budget import programme_desk_peek
from desk.services.four_eyes import four_eyes_mark
from tests.applications.my_applications_helpers import (
    PDF_BYTES,
    information_requested,
    stored_document,
    submitted_application,
)
from tests.factories.applications import ApplicationFactory
from tests.factories.organisations import OrganisationFactory, RepresentationFactory
from tests.helpers import caseworker, demo_definition

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, representation):
    client.force_login(representation.user)
    return client


def test_the_list_shows_each_application_with_its_status_and_reference(signed_in, representation):
    organisation = representation.organisation
    submitted = submitted_application(organisation)
    draft = ApplicationFactory(organisation=organisation, programme_slug="rental-subsidy")
    html = signed_in.get(reverse("applications:application_list")).content.decode()
    assert submitted.reference in html
    assert "Ayuda directa a la hostelería" in html  # the frozen definition's title
    assert f'status-tag--submitted">{ApplicationStatus.SUBMITTED.label}<' in html
    assert f'status-tag--draft">{ApplicationStatus.DRAFT.label}<' in html
    assert reverse("applications:application_detail", args=[submitted.pk]) in html
    # A draft links to where it is continued, when the wizard provides it.
    try:
        resume = reverse("applications:application_resume", args=[draft.pk])
    except Exception:  # noqa: BLE001 - the wizard's URL is not there yet
        resume = reverse("applications:application_detail", args=[draft.pk])
    assert resume in html


def test_the_newest_activity_comes_first(signed_in, representation):
    older = submitted_application(representation.organisation)
    newer = submitted_application(representation.organisation)
    html = signed_in.get(reverse("applications:application_list")).content.decode()
    assert html.index(newer.reference) < html.index(older.reference)
    application_transition(application=older, action="start_review", user=caseworker())
    html = signed_in.get(reverse("applications:application_list")).content.decode()
    assert html.index(older.reference) < html.index(newer.reference)


def test_applications_are_grouped_by_organisation_when_there_are_several(signed_in, representation):
    other = RepresentationFactory(user=representation.user).organisation
    submitted_application(representation.organisation)
    submitted_application(other)
    html = signed_in.get(reverse("applications:application_list")).content.decode()
    assert f'<h2 id="organisation-{other.pk}">{other.legal_name}</h2>' in html
    assert f'<h2 id="organisation-{representation.organisation.pk}">' in html


def test_the_list_page_query_count_does_not_grow_with_applications(signed_in, representation):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(reverse("applications:application_list")).status_code == 200
        return len(captured)

    submitted_application(representation.organisation)
    ApplicationFactory(organisation=representation.organisation)
    queries()  # the first request also warms caches (the site, the session)
    few = queries()
    for _ in range(5):
        submitted_application(representation.organisation)
    ApplicationFactory(organisation=representation.organisation, programme_slug="rental-subsidy")
    assert queries() == few


def test_the_list_needs_a_signed_in_user(client):
    response = client.get(reverse("applications:application_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_detail_page_explains_the_status_and_shows_the_answers(signed_in, representation):
    application = submitted_application(
        representation.organisation,
        submitted_answers={"sector": "hospitality", "employees": 5, "debts_with_city": False},
    )
    html = signed_in.get(reverse("applications:application_detail", args=[application.pk]))
    html = html.content.decode()
    assert application.reference in html
    assert "Hostelería" in html  # the choice's label, not its value
    assert "hospitality</dd>" not in html
    assert "No</dd>" in html
    assert reverse("applications:application_withdraw", args=[application.pk]) in html
    assert "<h1>Ayuda directa a la hostelería</h1>" in html


def test_the_detail_page_in_english_labels_answers_in_english(client, representation):
    client.force_login(representation.user)
    application = submitted_application(
        representation.organisation, submitted_answers={"sector": "hospitality"}
    )
    from django.utils import translation

    with translation.override("en"):
        url = reverse("applications:application_detail", args=[application.pk])
    html = client.get(url).content.decode()
    assert "Direct aid for hospitality" in html
    assert "Hospitality</dd>" in html


def test_the_detail_page_shows_the_timeline_and_open_requests(signed_in, representation):
    application, request = information_requested(
        representation.organisation, message="Envíe el certificado del IAE."
    )
    html = signed_in.get(reverse("applications:application_detail", args=[application.pk]))
    html = html.content.decode()
    assert "Envíe el certificado del IAE." in html
    assert reverse("applications:information_answer", args=[application.pk, request.pk]) in html


def test_internal_events_never_reach_the_applicant(signed_in, representation):
    from applications.constants import EventKind
    from applications.services.transitions import event_record

    application = submitted_application(representation.organisation)
    event_record(
        application=application,
        kind=EventKind.NOTE,
        user=caseworker(),
        note="Secreto interno del expediente",
    )
    html = signed_in.get(reverse("applications:application_detail", args=[application.pk]))
    assert "Secreto interno del expediente" not in html.content.decode()


def test_a_rejected_application_offers_no_withdrawal(signed_in, representation):
    application = submitted_application(representation.organisation)
    desk = caseworker()
    application = application_transition(application=application, action="start_review", user=desk)
    application = application_transition(
        application=application, action="reject", user=desk, note="nota interna del desk"
    )
    html = signed_in.get(reverse("applications:application_detail", args=[application.pk]))
    html = html.content.decode()
    assert reverse("applications:application_withdraw", args=[application.pk]) not in html
    assert "nota interna del desk" not in html


def test_a_draft_in_the_list_and_its_page_offer_to_continue(signed_in, representation):
    draft = ApplicationFactory(organisation=representation.organisation, answers={"employees": 3})
    response = signed_in.get(reverse("applications:application_detail", args=[draft.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'status-tag--draft">{ApplicationStatus.DRAFT.label}<' in html
    assert "Your answers so far" in html or "Sus respuestas" in html


def test_a_representative_downloads_a_document_as_an_attachment(signed_in, representation):
    application = submitted_application(representation.organisation)
    document = stored_document(application, name="Certificado IAE.pdf")
    response = signed_in.get(reverse("applications:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Certificado" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    document.file.delete(save=False)


def test_desk_staff_download_a_submitted_applications_document_but_not_a_drafts(client):
    organisation = OrganisationFactory()
    submitted = stored_document(submitted_application(organisation))
    draft = stored_document(ApplicationFactory(organisation=organisation))
    client.force_login(caseworker())
    url = reverse("applications:document_download", args=[submitted.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("applications:document_download", args=[draft.pk])).status_code == 404
    submitted.file.delete(save=False)
    draft.file.delete(save=False)


def test_a_document_sent_with_an_answer_is_listed_on_the_page(signed_in, representation):
    application, request = information_requested(representation.organisation)
    from tests.applications.my_applications_helpers import pdf_upload

    information_request_answer(
        information_request=request,
        user=representation.user,
        answer="Aquí está.",
        files=[pdf_upload("alta-iae.pdf")],
    )
    html = signed_in.get(reverse("applications:application_detail", args=[application.pk]))
    html = html.content.decode()
    document = application.documents.get()
    assert "alta-iae.pdf" in html
    assert reverse("applications:document_download", args=[document.pk]) in html
    assert type(application).objects.get(pk=application.pk).status == ApplicationStatus.IN_REVIEW
    document.file.delete(save=False)


def test_the_header_links_to_my_applications(signed_in):
    html = signed_in.get(reverse("organisations:organisation_list")).content.decode()
    assert f'href="{reverse("applications:application_list")}"' in html


def test_the_frozen_definition_wins_over_the_live_one(signed_in, representation):
    definition = demo_definition()
    definition["title"] = {"es": "Título congelado al presentar"}
    application = submitted_application(
        representation.organisation, programme_definition=definition
    )
    html = signed_in.get(reverse("applications:application_detail", args=[application.pk]))
    assert "Título congelado al presentar" in html.content.decode()


def test_an_approved_application_shows_the_amount_awarded(signed_in, representation):
    application = submitted_application(representation.organisation)
    desk = caseworker()
    application = application_transition(application=application, action="start_review", user=desk)

    def award(locked):
        locked.awarded_amount = Decimal("1250.00")
        four_eyes_mark(application=locked, desk=programme_desk_peek(locked.programme_slug))

    application = application_transition(
        application=application, action="approve", user=desk, before_save=award
    )
    assert application.status == ApplicationStatus.APPROVED
    html = signed_in.get(reverse("applications:application_detail", args=[application.pk]))
    assert "1.250,00 €" in html.content.decode()
