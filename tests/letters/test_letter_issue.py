"""Issuing letters: one per decision, whatever runs twice; re-issues supersede; the PDF says
what the applicant must read, in their language."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from applications.constants import ApplicationStatus, EventKind
from letters.models import Letter
from letters.services import letters
from letters.services.letters import letter_issue, letter_queue, letter_reissue
from tests.factories.applications import InformationRequestFactory
from tests.letters.letter_helpers import ORGANISATION_NAME, issue, pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "amount_text", "title"),
    [
        ("es", "1.250,00 €", "Ayuda directa a la hostelería"),
        ("eu", "1.250,00 €", "Ostalaritzarako zuzeneko laguntza"),
        ("en", "€1,250.00", "Direct aid for hospitality"),
    ],
)
def test_award_letter_reads_back_in_the_applicants_language(
    make_decided, language, amount_text, title
):
    application = make_decided(language=language)

    letter = issue(application)

    text = pdf_text(letter.pdf.read())
    assert application.reference in text
    assert amount_text in text
    assert ORGANISATION_NAME in text  # ñ, Ñ, ü, «» survive the font and the extraction
    assert application.organisation.tax_id in text
    assert letter.code in text
    assert title in text
    assert letter.language == language


def test_the_stored_hash_and_size_are_the_pdfs(make_decided):
    import hashlib

    letter = issue(make_decided())
    data = letter.pdf.read()
    assert letter.sha256 == hashlib.sha256(data).hexdigest()
    assert letter.size == len(data)
    assert data.startswith(b"%PDF")
    assert letter.pdf.name.startswith(f"letters/{letter.application_id}/")


@pytest.mark.parametrize(
    ("unit", "benefit", "amount", "expected"),
    [
        ("percent", "tax_rebate", Decimal("50"), "50 %"),
        ("hours", "consultancy", Decimal("20"), "20"),
        ("vouchers", "voucher_scheme", Decimal("150"), "150"),
    ],
)
def test_awards_in_other_units(make_decided, unit, benefit, amount, expected):
    definition = {"title": {"es": "Programa"}, "benefit": benefit, "unit": unit}
    application = make_decided(definition=definition, amount=amount)

    text = pdf_text(issue(application).pdf.read())

    assert expected in text
    assert "€" not in text


def test_rejection_letter_states_the_unmet_requirements_and_the_decision(make_decided):
    application = make_decided(
        status=ApplicationStatus.REJECTED,
        rejection_reasons=["not_eligible"],
        decision_note="La entidad no tiene local en Otxarkoaga-Txurdinaga.",
        evaluation={
            "outcome": "ineligible",
            "reasons": {
                "es": [
                    {"id": "staff", "met": True, "text": "Debe tener al menos 1 persona empleada"},
                    {"id": "debts", "met": False, "text": "Tener deudas impide recibir la ayuda."},
                    {
                        "id": "years",
                        "met": False,
                        "unknown": ["founded_on"],
                        "text": "Necesita al menos un año de actividad.",
                    },
                ],
                "en": [],
            },
        },
    )

    letter = issue(application, kind="rejection")

    text = pdf_text(letter.pdf.read())
    assert "Tener deudas impide recibir la ayuda." in text
    assert "Debe tener al menos 1 persona empleada" not in text  # met: not a reason
    # Waiting for an answer it was never asked: not a reason it was refused for.
    assert "un año de actividad" not in text
    assert "La entidad no tiene local en Otxarkoaga-Txurdinaga." in text
    assert application.reference in text


def test_issuing_twice_leaves_one_letter_and_one_email(
    make_decided, django_capture_on_commit_callbacks
):
    application = make_decided()

    with django_capture_on_commit_callbacks(execute=True):
        first = issue(application)
    with django_capture_on_commit_callbacks(execute=True):
        second = issue(application)

    assert first.pk == second.pk
    assert Letter.objects.filter(application=application).count() == 1
    assert len(mail.outbox) == 1
    assert application.events.filter(kind=EventKind.LETTER).count() == 1


def test_a_queued_letter_is_issued_on_commit_and_announced_by_email_without_the_pdf(
    make_decided, django_capture_on_commit_callbacks
):
    application = make_decided(language="eu")

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            letter_queue(application=application, kind="award")
        assert not Letter.objects.exists()  # nothing before the decision commits

    letter = Letter.objects.get(application=application)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [application.representative.email]
    # Announced only: the letter is notified where its opening is recorded (art. 43).
    assert email.attachments == []
    assert f"/applications/{application.pk}/" in email.body
    assert letter.code not in email.body


def test_a_letter_for_a_replaced_decision_is_not_issued(make_decided):
    application = make_decided()
    stale_key = letters.decision_key(application)
    application.decided_at = application.decided_at.replace(year=2030)
    application.save(update_fields=["decided_at"])

    assert letter_issue(application_id=application.pk, kind="award", source_key=stale_key) is None
    assert not Letter.objects.exists()


def test_the_wrong_kind_for_the_decision_is_not_issued(make_decided):
    application = make_decided(status=ApplicationStatus.REJECTED)

    assert issue(application, kind="award") is None


def test_reissue_gives_version_two_and_supersedes_version_one(
    make_decided, django_capture_on_commit_callbacks
):
    application = make_decided()
    first = issue(application)

    with django_capture_on_commit_callbacks(execute=True):
        letter_reissue(application=application)

    first.refresh_from_db()
    second = Letter.objects.exclude(pk=first.pk).get()
    assert (first.version, second.version) == (1, 2)
    assert first.superseded_by == second
    assert first.superseded_at is not None
    assert second.superseded_at is None
    assert first.code != second.code
    with translation.override(application.language):
        assert gettext("Version %(version)s") % {"version": 2} in pdf_text(second.pdf.read())


def test_a_rejection_after_an_award_supersedes_the_award_letter(make_decided):
    application = make_decided()
    award = issue(application)
    application.awarded_amount = None
    application.decided_at = application.decided_at.replace(microsecond=1)
    application.rejection_reasons = ["budget_exhausted"]
    application.save()
    type(application).objects.filter(pk=application.pk).update(status=ApplicationStatus.REJECTED)
    application.refresh_from_db()

    rejection = issue(application, kind="rejection")

    award.refresh_from_db()
    assert award.superseded_by == rejection
    assert rejection.version == 1


def test_information_request_notice(make_decided):
    import datetime as dt

    application = make_decided(status=ApplicationStatus.INFO_REQUESTED)
    request = InformationRequestFactory(
        application=application,
        message="Envíe el contrato de alquiler del local de Begoña.",
        due_on=dt.date(2026, 12, 15),
    )

    letter = letter_issue(
        application_id=application.pk,
        kind="information_request",
        source_key=f"request:{request.pk}",
    )

    text = pdf_text(letter.pdf.read())
    assert "Envíe el contrato de alquiler del local de Begoña." in text
    assert "15 de diciembre de 2026" in text
    assert letter.information_request == request
    assert not mail.outbox  # the request's own email is the desk's


def test_a_failed_attempt_leaves_nothing_and_the_retry_issues_one_letter(make_decided, monkeypatch):
    """What the task's retry relies on: a failure mid-way writes no row and leaves no file."""
    application = make_decided()
    storage = Letter._meta.get_field("pdf").storage
    folder = f"letters/{application.pk}"
    before = set(storage.listdir(folder)[1]) if storage.exists(folder) else set()
    real_save = Letter.save

    def failing_save(self, *args, **kwargs):
        raise OSError("database went away")

    monkeypatch.setattr(Letter, "save", failing_save)
    with pytest.raises(OSError):
        issue(application)
    monkeypatch.setattr(Letter, "save", real_save)

    assert not Letter.objects.exists()
    assert set(storage.listdir(folder)[1]) == before

    letter = issue(application)

    assert Letter.objects.get() == letter
    assert set(storage.listdir(folder)[1]) - before == {letter.pdf.name.rsplit("/", 1)[1]}


@pytest.mark.parametrize("language", ["es", "eu", "en"])
def test_the_rejection_email_is_written_in_the_applicants_language(
    make_decided, language, django_capture_on_commit_callbacks
):
    application = make_decided(language=language, status=ApplicationStatus.REJECTED)

    with django_capture_on_commit_callbacks(execute=True):
        letter = issue(application, kind="rejection")

    (email,) = mail.outbox
    with translation.override(language):
        expected = gettext("Decision on application %(reference)s: not granted") % {
            "reference": application.reference
        }
    assert email.subject == expected
    assert letter.code not in email.body and email.attachments == []
    assert f"/applications/{application.pk}/" in email.body


def test_a_broker_that_is_down_does_not_undo_the_decision(
    make_decided, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from letters.tasks import letter_issue_task

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(letter_issue_task, "delay", broker_down)
    application = make_decided()

    with django_capture_on_commit_callbacks(execute=True):
        letter_queue(application=application, kind="award")

    assert "could not be queued" in caplog.text
    assert letters.applications_missing_letters(application.programme_slug) == [
        (application.pk, "award", letters.decision_key(application))
    ]


def test_every_page_of_a_multi_page_letter_is_numbered(make_decided):
    import io

    from pypdf import PdfReader

    application = make_decided(language="eu")

    letter = issue(application)

    pages = PdfReader(io.BytesIO(letter.pdf.read())).pages
    assert len(pages) >= 2
    with translation.override("eu"):
        label = gettext("Page %(page)s of %(pages)s")
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert label % {"page": number, "pages": len(pages)} in text
        assert letter.code in text  # the code is in every page's footer
