"""Appeals for reconsideration (recurso de reposición): lodged by the applicant against the
decision that stands (text, documents, registry entry and receipt, within a month of the
notification), resolved by a senior caseworker: upheld (the decision corrected, a new
decision letter) or dismissed (a letter), end to end with the real letters."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.constants import ApplicationStatus as S
from applications.constants import EventKind
from applications.models import Appeal, AppealStatus, ElectronicNotification, RegistryEntry
from applications.selectors import application_timeline
from applications.selectors_appeals import appeal_window
from applications.services.appeals import appeal_lodge
from applications.services.e_notifications import appeal_deadlines, notification_access
from desk.services import DeskError, decision_approve, decision_reject
from desk.services.appeals import appeal_resolve
from letters.models import Letter, LetterKind
from tests.factories.documents import PDF_BYTES as PDF
from tests.letters.letter_helpers import pdf_text


@pytest.fixture
def decided(people, desk, in_review, django_capture_on_commit_callbacks):
    """A case decided through the desk, its letter issued and opened by the applicant."""

    def make(outcome="award", amount="1000.00"):
        application = in_review(computed_amount=Decimal(amount))
        with django_capture_on_commit_callbacks(execute=True):
            if outcome == "award":
                decision_approve(application=application, user=people.caseworker)
            else:
                decision_reject(
                    application=application,
                    user=people.caseworker,
                    reason_codes=["not_eligible"],
                    text="The premises are outside the city.",
                )
        application.refresh_from_db()
        letter = Letter.objects.get(application=application, kind=outcome)
        assert notification_access(letter_id=letter.pk, user=people.applicant)
        return application, letter

    return make


def _lodge(application, people, capture, text="The premises are in Bilbao: see the lease.", **kw):
    with capture(execute=True):
        return appeal_lodge(application=application, user=people.applicant, text=text, **kw)


def test_an_appeal_is_entered_in_the_registry_with_its_documents_and_gets_a_receipt(
    people, decided, django_capture_on_commit_callbacks
):
    application, letter = decided("rejection")
    lease = SimpleUploadedFile("contrato-alquiler.pdf", PDF, content_type="application/pdf")
    appeal = _lodge(application, people, django_capture_on_commit_callbacks, files=[lease])

    assert (appeal.status, appeal.decision_kind, appeal.lodged_by) == (
        AppealStatus.LODGED,
        "rejection",
        people.applicant,
    )
    assert appeal.notification.letter_id == letter.pk
    entry = appeal.registry_entry
    assert entry.kind == "appeal" and entry.number.startswith("BIO-E-")
    assert entry.content["text"] == "The premises are in Bilbao: see the lease."
    assert entry.documents[0]["name"] == "contrato-alquiler.pdf"
    assert entry.documents[0]["sha256"] == appeal.documents.get().sha256
    receipt = Letter.objects.get(
        application=application, kind=LetterKind.RECEIPT, source_key=f"registry:{entry.pk}"
    )
    text = pdf_text(receipt.pdf.read())
    assert entry.number in text and "contrato-alquiler.pdf" in text
    assert "The premises are in Bilbao" in text
    assert application.events.filter(kind=EventKind.APPEAL_LODGED, internal=False).exists()
    assert "Recurso presentado" in [str(row.title) for row in application_timeline(application)]
    # One at a time: a second appeal waits for the first to be resolved.
    assert appeal_window(application).closed == "pending"
    with pytest.raises(ValidationError) as second:
        _lodge(application, people, django_capture_on_commit_callbacks)
    assert second.value.code == "pending"


def test_the_appeal_time_is_a_month_from_the_notification_and_a_late_one_is_refused(
    people, decided, django_capture_on_commit_callbacks
):
    application, letter = decided("rejection")
    notification = ElectronicNotification.objects.get(letter_id=letter.pk)
    deadline = appeal_deadlines(notification).reposition
    assert appeal_window(application).deadline == deadline
    assert appeal_window(application, today=deadline).is_open
    late = appeal_window(application, today=deadline + dt.timedelta(days=1))
    assert late.closed == "late"
    # Opened forty days ago: the month has run out.
    ElectronicNotification.objects.filter(pk=notification.pk).update(
        accessed_at=timezone.now() - dt.timedelta(days=40)
    )
    with pytest.raises(ValidationError) as refused:
        _lodge(application, people, django_capture_on_commit_callbacks)
    assert refused.value.code == "late"
    assert "tribunales" in refused.value.messages[0]
    assert not Appeal.objects.exists() and not RegistryEntry.objects.filter(kind="appeal").exists()


def test_only_a_representative_appeals_with_grounds_and_a_refused_file_leaves_nothing(
    people, decided, django_capture_on_commit_callbacks
):
    application, _ = decided("rejection")
    with pytest.raises(PermissionDenied):
        appeal_lodge(application=application, user=people.caseworker, text="x")
    with pytest.raises(ValidationError) as empty:
        appeal_lodge(application=application, user=people.applicant, text="   ")
    assert empty.value.code == "no_text"
    bogus = SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(ValidationError):
        _lodge(application, people, django_capture_on_commit_callbacks, files=[bogus])
    assert not Appeal.objects.exists()
    assert not RegistryEntry.objects.filter(kind="appeal").exists()
    assert appeal_window(application).is_open


def test_an_appeal_against_a_rejection_upheld_awards_and_issues_the_letters(
    people, desk, decided, django_capture_on_commit_callbacks
):
    application, rejection = decided("rejection", amount="1200.00")
    appeal = _lodge(application, people, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        appeal_resolve(
            appeal=appeal,
            user=people.senior,
            outcome="upheld",
            resolution="The lease shows the premises are in the city.",
        )
    application.refresh_from_db()
    appeal.refresh_from_db()
    assert application.status == S.APPROVED
    assert application.awarded_amount == Decimal("1200.00") == appeal.corrected_amount
    assert application.rejection_reasons == []
    desk.refresh_from_db()
    assert desk.committed == Decimal("1200.00")
    award = Letter.objects.get(application=application, kind=LetterKind.AWARD)
    rejection.refresh_from_db()
    assert rejection.superseded_by == award
    resolution = Letter.objects.get(application=application, kind=LetterKind.APPEAL_RESOLUTION)
    text = pdf_text(resolution.pdf.read())
    assert "estimarlo" in text and appeal.registry_entry.number in text
    assert "The lease shows the premises are in the city." in text
    assert "dos meses" in text
    # The resolution is notified too; only the courts remain after it.
    notice = ElectronicNotification.objects.get(letter_id=resolution.pk)
    assert notification_access(letter_id=resolution.pk, user=people.applicant)
    notice.refresh_from_db()
    deadlines = appeal_deadlines(notice)
    assert deadlines.reposition is None and deadlines.courts is not None
    assert appeal.status == AppealStatus.UPHELD and appeal.resolved_by == people.senior


def test_an_appeal_against_an_award_upheld_corrects_the_amount_in_a_new_letter_version(
    people, desk, decided, django_capture_on_commit_callbacks
):
    application, first = decided("award", amount="1000.00")
    appeal = _lodge(
        application, people, django_capture_on_commit_callbacks, text="We have 6 staff."
    )
    with pytest.raises(DeskError) as no_amount:
        appeal_resolve(appeal=appeal, user=people.senior, outcome="upheld", resolution="Yes.")
    assert no_amount.value.code == "amount"
    from desk.selectors.public_account import account_version

    version = account_version()
    with django_capture_on_commit_callbacks(execute=True):
        appeal_resolve(
            appeal=appeal,
            user=people.senior,
            outcome="upheld",
            resolution="The payroll shows six workers.",
            amount="800.00",
        )
    # No status changed, yet the public account's cached figures are stale.
    assert account_version() > version
    application.refresh_from_db()
    assert application.awarded_amount == Decimal("800.00")
    desk.refresh_from_db()
    assert desk.committed == Decimal("800.00")
    second = Letter.objects.get(application=application, kind=LetterKind.AWARD, version=2)
    first.refresh_from_db()
    assert first.superseded_by == second
    assert "800" in pdf_text(second.pdf.read())


def test_an_appeal_dismissed_leaves_the_decision_and_says_why_in_a_letter(
    people, desk, decided, django_capture_on_commit_callbacks
):
    application, rejection = decided("rejection")
    appeal = _lodge(application, people, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        appeal_resolve(appeal=appeal, user=people.caseworker, outcome="dismissed", resolution="No.")
    with pytest.raises(DeskError) as no_reasons:
        appeal_resolve(appeal=appeal, user=people.senior, outcome="dismissed", resolution=" ")
    assert no_reasons.value.code == "resolution"
    with django_capture_on_commit_callbacks(execute=True):
        appeal_resolve(
            appeal=appeal,
            user=people.senior,
            outcome="dismissed",
            resolution="The lease is for premises in Barakaldo.",
        )
    application.refresh_from_db()
    rejection.refresh_from_db()
    assert application.status == S.REJECTED and rejection.superseded_at is None
    assert not Letter.objects.filter(application=application, kind=LetterKind.AWARD).exists()
    letter = Letter.objects.get(application=application, kind=LetterKind.APPEAL_RESOLUTION)
    text = pdf_text(letter.pdf.read())
    assert "desestimarlo" in text and "Barakaldo" in text
    titles = [str(row.title) for row in application_timeline(application)]
    assert "Recurso desestimado" in titles
    with pytest.raises(DeskError) as again:
        appeal_resolve(appeal=appeal, user=people.senior, outcome="upheld", resolution="Oops.")
    assert again.value.code == "resolved"
    # Against the resolution, no second appeal for reconsideration.
    assert appeal_window(application).closed == "appealed"


def test_an_upheld_appeal_the_budget_cannot_cover_changes_nothing(
    people, small_budget, decided, django_capture_on_commit_callbacks
):
    application, _ = decided("rejection", amount="2500.00")
    small_budget.committed = Decimal("2000.00")
    small_budget.save()
    appeal = _lodge(application, people, django_capture_on_commit_callbacks)
    with pytest.raises(DeskError) as short:
        appeal_resolve(appeal=appeal, user=people.senior, outcome="upheld", resolution="Right.")
    assert short.value.code == "budget"
    application.refresh_from_db()
    appeal.refresh_from_db()
    assert application.status == S.REJECTED and appeal.status == AppealStatus.LODGED
    small_budget.refresh_from_db()
    assert small_budget.committed == Decimal("2000.00")


# --- the pages ----------------------------------------------------------------------------


def test_the_applicant_appeals_from_my_applications_and_a_refusal_keeps_the_text(
    client, people, decided, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.factories.organisations import RepresentationFactory

    application, _ = decided("rejection")
    detail = reverse("applications:application_detail", args=[application.pk])
    url = reverse("applications:appeal_lodge", args=[application.pk])
    stranger = RepresentationFactory().user
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(people.applicant)
    page = client.get(detail).text
    assert url in page and "Recurrir la resolución" in page
    form = client.get(url)
    assert form.status_code == 200 and "Motivos de su recurso" in form.text
    bogus = SimpleUploadedFile("nota.pdf", b"not a pdf at all", content_type="application/pdf")
    refused = client.post(url, {"text": "The premises are in Bilbao.", "files": [bogus]})
    assert refused.status_code == 200
    assert "The premises are in Bilbao." in refused.text  # nothing typed is lost
    assert not Appeal.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        lodged = client.post(url, {"text": "The premises are in Bilbao."}, follow=True)
    appeal = Appeal.objects.get()
    assert appeal.registry_entry.number in lodged.text
    assert "Pendiente de resolución" in lodged.text
    # Once lodged, the form sends back to the application with the reason.
    again = client.get(url, follow=True)
    assert "se está examinando" in again.text


def test_the_desk_lists_appeals_and_only_a_senior_resolves_them(
    client, people, decided, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    application, _ = decided("rejection")
    appeal = _lodge(application, people, django_capture_on_commit_callbacks)
    listing = reverse("desk:appeals")
    page = reverse("desk:appeal", args=[appeal.pk])
    client.force_login(people.applicant)
    assert client.get(listing).status_code in (302, 403)
    assert client.get(page).status_code in (302, 403)
    client.force_login(people.caseworker)
    rows = client.get(listing).text
    assert appeal.registry_entry.number in rows and application.reference in rows
    assert appeal.registry_entry.number not in client.get(listing, {"status": "dismissed"}).text
    shown = client.get(page).text
    assert "The premises are in Bilbao" in shown and 'name="outcome"' not in shown
    case_page = client.get(reverse("desk:case", args=[application.pk])).text
    assert page in case_page
    refused = client.post(page, {"outcome": "dismissed", "resolution": "No."})
    assert refused.status_code in (302, 403)
    appeal.refresh_from_db()
    assert appeal.is_pending
    client.force_login(people.senior)
    assert 'name="outcome"' in client.get(page).text
    missing = client.post(page, {"outcome": "upheld", "resolution": ""})
    assert missing.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            page, {"outcome": "dismissed", "resolution": "The lease is elsewhere."}, follow=True
        )
    assert done.status_code == 200
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DISMISSED and "The lease is elsewhere." in done.text


def test_an_upheld_appeal_against_a_closure_for_want_of_correction_reopens_the_case(
    people, desk, in_review, django_capture_on_commit_callbacks
):
    from applications.services.corrections import corrections_lapse
    from desk.services import information_request_create

    application = in_review(computed_amount=Decimal("900.00"))
    with django_capture_on_commit_callbacks(execute=True):
        information_request_create(
            application=application,
            user=people.caseworker,
            message="Send the lease.",
            due_on=timezone.localdate() + dt.timedelta(days=14),
            kind="correction",
        )
    with django_capture_on_commit_callbacks(execute=True):
        corrections_lapse(today=timezone.localdate() + dt.timedelta(days=40))
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    letter = Letter.objects.get(application=application, kind=LetterKind.WITHDRAWAL)
    assert notification_access(letter_id=letter.pk, user=people.applicant)
    appeal = _lodge(application, people, django_capture_on_commit_callbacks, text="We sent it.")
    with django_capture_on_commit_callbacks(execute=True):
        appeal_resolve(
            appeal=appeal, user=people.senior, outcome="upheld", resolution="It came by post."
        )
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW and application.withdrawn_at is None
    assert application.decided_at is None
    resolution = Letter.objects.get(application=application, kind=LetterKind.APPEAL_RESOLUTION)
    assert "se examina de nuevo" in pdf_text(resolution.pdf.read())
