"""The data lifecycle: each outcome's retention period and its boundaries, the anonymisation
of what is past it (personal data replaced, files deleted, figures kept, audited, once), and
awards inside their period never touched."""

import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from applications.constants import ApplicationStatus, DataProtectionEventKind, EventKind
from applications.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    DataProtectionEvent,
)
from applications.retention import retention_days
from applications.selectors_lifecycle import applications_past_retention
from applications.services.lifecycle import (
    application_anonymise,
    headcount_band,
    retention_anonymise_due,
)
from letters.models import Letter
from organisations.models import Invitation, Organisation, Representation
from tests.applications.lifecycle_helpers import (
    APPLICANT_NOTE,
    ORGANISATION,
    at_local,
    ended_application,
    full_file,
    stored_letter,
)
from tests.applications.my_applications_helpers import stored_document, submitted_application
from tests.factories.applications import ApplicationFactory
from tests.factories.organisations import RepresentationFactory
from tests.helpers import caseworker

pytestmark = pytest.mark.django_db

S = ApplicationStatus
DAY = datetime.timedelta(days=1)
ENDED_ON = datetime.date(2020, 3, 10)


def _due(today):
    return {application.pk: application for application in applications_past_retention(today=today)}


# --- the periods --------------------------------------------------------------------------


def test_the_default_periods_respect_the_subsidies_law():
    assert retention_days("awarded") == 1461  # four years, Ley 38/2003 art. 39
    assert retention_days("rejected") == 1461 + 92  # four years of review, plus margin
    assert retention_days("withdrawn") == 366


@pytest.mark.parametrize(
    ("outcome", "days"),
    [("awarded", 1461), ("rejected", 1553), ("withdrawn", 366), ("closed", 366)],
)
def test_a_file_is_kept_through_the_last_day_of_its_period_and_due_the_day_after(
    representative, outcome, days
):
    application = ended_application(representative.organisation, outcome, at_local(ENDED_ON, 15))
    last_day = ENDED_ON + days * DAY

    assert application.pk not in _due(last_day - DAY)
    assert application.pk not in _due(last_day)
    due = _due(last_day + DAY)
    assert application.pk in due
    assert due[application.pk].retention_outcome == (
        "withdrawn" if outcome == "closed" else outcome
    )


def test_days_are_the_city_s_days_not_utc(representative):
    """23:30 in Bilbao on 10 March is 22:30 UTC the same day; 00:30 on the 11th is still the
    10th in UTC: each is counted from its own day in the city."""
    late = ended_application(representative.organisation, "withdrawn", at_local(ENDED_ON, 23, 30))
    early = ended_application(
        representative.organisation, "withdrawn", at_local(ENDED_ON + DAY, 0, 30)
    )
    last_day_of_late = ENDED_ON + 366 * DAY

    due = _due(last_day_of_late + DAY)
    assert late.pk in due
    assert early.pk not in due
    assert early.pk in _due(last_day_of_late + 2 * DAY)


def test_the_periods_come_from_the_settings(representative, settings):
    settings.ONESTOP_RETENTION_WITHDRAWN_DAYS = 30
    settings.ONESTOP_RETENTION_REJECTED_DAYS = 60
    withdrawn = ended_application(representative.organisation, "withdrawn", at_local(ENDED_ON))
    rejected = ended_application(representative.organisation, "rejected", at_local(ENDED_ON))

    assert set(_due(ENDED_ON + 31 * DAY)) == {withdrawn.pk}
    assert set(_due(ENDED_ON + 61 * DAY)) == {withdrawn.pk, rejected.pk}


def test_an_award_period_shorter_than_the_repayment_prescription_is_refused(settings):
    settings.ONESTOP_RETENTION_AWARDED_DAYS = 1000

    with pytest.raises(ImproperlyConfigured, match="art. 39"):
        applications_past_retention(today=ENDED_ON)


def test_files_still_being_worked_and_drafts_are_never_due(representative):
    organisation = representative.organisation
    long_ago = at_local(datetime.date(2010, 1, 1))
    for status in (S.SUBMITTED, S.IN_REVIEW, S.INFO_REQUESTED, S.PENDING_APPROVAL, S.WAITLISTED):
        submitted_application(organisation, status=status, submitted_at=long_ago)
    ApplicationFactory(organisation=organisation, programme_slug="other")

    assert _due(datetime.date(2030, 1, 1)) == {}


def test_an_award_renounced_or_taken_back_is_kept_as_an_award_from_its_last_change(
    representative,
):
    """Money awarded may have to be claimed back: any file that was awarded keeps the award's
    period, counted from the renunciation or the taking back, which came later."""
    organisation = representative.organisation
    decided = at_local(ENDED_ON)
    renounced = ended_application(
        organisation,
        "withdrawn",
        decided + 200 * DAY,
        awarded_amount=Decimal("900.00"),
        decided_at=decided,
    )
    taken_back = ended_application(
        organisation, "rejected", decided + 300 * DAY, awarded_amount=Decimal("900.00")
    )

    assert _due(ENDED_ON + 1462 * DAY) == {}
    assert set(_due(ENDED_ON + (200 + 1462) * DAY)) == {renounced.pk}
    due = _due(ENDED_ON + (300 + 1462) * DAY)
    assert set(due) == {renounced.pk, taken_back.pk}
    assert {due[pk].retention_outcome for pk in due} == {"awarded"}


def test_an_award_closed_later_is_counted_from_its_closure(representative):
    award = ended_application(representative.organisation, "awarded", at_local(ENDED_ON))
    Application.objects.filter(pk=award.pk).update(status=S.CLOSED)
    ApplicationEvent.objects.create(
        application=award,
        kind=EventKind.TRANSITION,
        from_status=S.APPROVED,
        to_status=S.CLOSED,
        at=at_local(ENDED_ON + 100 * DAY),
    )

    assert award.pk not in _due(ENDED_ON + 1462 * DAY)
    assert award.pk in _due(ENDED_ON + (100 + 1462) * DAY)


def test_an_award_inside_its_period_is_never_anonymised_up_to_and_on_its_last_day(
    representative,
):
    application, document, letter, _desk = full_file(
        representative.organisation, representative.user, outcome="awarded"
    )
    last_day = ENDED_ON + 1461 * DAY

    for today in (ENDED_ON + 365 * DAY, ENDED_ON + 1460 * DAY, last_day):
        run = retention_anonymise_due(today=today)
        assert run.applications == []
        # The service checks again itself: called directly, it refuses too.
        assert application_anonymise(application=application, today=today) is None

    application.refresh_from_db()
    assert application.anonymised_at is None
    assert application.submitted_answers["employees"] == 12
    assert Path(ApplicationDocument.objects.get(pk=document.pk).file.path).exists()
    assert Path(Letter.objects.get(pk=letter.pk).pdf.path).exists()
    assert (
        Organisation.objects.get(pk=representative.organisation_id).legal_name
        == (ORGANISATION["legal_name"])
    )
    assert not DataProtectionEvent.objects.exists()

    run = retention_anonymise_due(today=last_day + DAY)
    assert [done.pk for done in run.applications] == [application.pk]


# --- the anonymisation ----------------------------------------------------------------------


def _everything_stored(application) -> str:
    """The file and all that hangs from it, as stored, in one string to search."""
    organisation = Organisation.objects.get(pk=application.organisation_id)
    rows = [model_to_dict(Application.objects.get(pk=application.pk)), model_to_dict(organisation)]
    for related in (
        application.events.all(),
        application.information_requests.all(),
        application.registry_entries.all(),
        application.appeals.all(),
        application.documents.all(),
        application.letters.all(),
        Invitation.objects.filter(organisation=organisation),
        Representation.objects.filter(organisation=organisation),
    ):
        rows.extend(model_to_dict(row) for row in related)
    return json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, default=str)


def test_a_file_past_its_period_loses_its_personal_data_and_files_but_keeps_its_figures(
    representative, client
):
    user = representative.user
    application, document, letter, desk = full_file(representative.organisation, user)
    document_path, letter_path = Path(document.file.path), Path(letter.pdf.path)
    ApplicationEvent.objects.create(
        application=application,
        kind=EventKind.TRANSITION,
        actor=user,
        note=APPLICANT_NOTE,
        at=at_local(ENDED_ON - 30 * DAY),
    )
    before = _everything_stored(application)
    for personal in ("Errota", "miren@example.org", "ES9121000418450200051332", "Etxeberria"):
        assert personal in before

    run = retention_anonymise_due(today=ENDED_ON + 1554 * DAY)

    assert [done.pk for done in run.applications] == [application.pk]
    assert (run.organisations, run.documents_deleted, run.letters_removed) == (1, 1, 1)
    after = _everything_stored(application)
    for personal in (
        "Errota",
        "Iturribide",
        "errota@example.org",
        "miren@example.org",
        "nueva.socia@example.org",
        "944 123 456",
        "ES9121000418450200051332",
        "F95123452",
        "Etxeberria",
        "12345678Z",
        "600 111 222",
    ):
        assert personal not in after, personal

    # The registry keeps what proves a filing was made, and when: not what it said.
    (entry,) = application.registry_entries.all()
    assert (entry.number, entry.kind, entry.filed_by) == (
        "BIO-E-2020-000001", "information_answer", None,
    )  # fmt: skip
    assert entry.documents == [{"size": 10, "sha256": "a" * 64}]
    # An appeal keeps its outcome and times, not what either side wrote.
    (appeal,) = application.appeals.all()
    assert (appeal.status, appeal.decision_kind, appeal.lodged_by) == (
        "dismissed",
        "rejection",
        None,
    )
    application.refresh_from_db()
    # The figures stay.
    assert application.programme_slug == "hospitality-direct-aid"
    assert application.status == S.REJECTED
    assert application.rejection_reasons == ["not_eligible"]
    assert application.computed_amount == Decimal("1250.00")
    assert application.decided_at == at_local(ENDED_ON)
    assert application.submitted_at is not None and application.reference
    assert application.evaluation["outcome"] == "eligible"
    assert "reasons" not in application.evaluation
    assert application.retained_facts == {
        "outcome": "rejected",
        "legal_form": "cooperative",
        "sector": "hospitality",
        "district": "ibaiondo",
        "women_led": True,
        "postcode": "48006",
        "municipality": "Bilbao",
        "headcount_band": "10-49",
    }
    assert application.answers == {} and application.submitted_answers == {}
    assert application.created_by is None
    assert application.decision_note == "[Eliminado al terminar su plazo de conservación]"
    # The desk's staff acted for the city and stay; the applicant's side goes.
    assert application.decided_by == desk
    actors = [event.actor for event in application.events.all()]
    assert desk in actors and user not in actors
    email = application.events.get(kind=EventKind.EMAIL)
    assert email.data == {"kind": "decision_made"}
    request = application.information_requests.get()
    assert request.answered_by is None and request.requested_by == desk

    organisation = Organisation.objects.get(pk=application.organisation_id)
    assert organisation.legal_name == "Organización anonimizada"
    assert organisation.tax_id.startswith("~")
    assert (organisation.legal_form, organisation.postcode, organisation.city) == (
        "cooperative",
        "48006",
        "Bilbao",
    )
    assert organisation.anonymised_at is not None
    assert not Representation.objects.filter(organisation=organisation).exists()
    assert type(user).objects.filter(pk=user.pk).exists(), "the account is the person's own"

    # The files are gone; the letter stays verifiable without its PDF.
    assert not ApplicationDocument.objects.filter(pk=document.pk).exists()
    assert not document_path.exists()
    letter.refresh_from_db()
    assert not letter.pdf and letter.pdf_removed_at is not None
    assert letter.sha256 == "ab" * 32
    assert not letter_path.exists()
    page = client.get(reverse("letters:verify_letter", args=[letter.code]))
    assert page.status_code == 200
    assert "se eliminó" in page.content.decode()


def test_the_anonymisation_is_audited(representative):
    application, *_ = full_file(representative.organisation, representative.user)

    retention_anonymise_due(today=ENDED_ON + 1554 * DAY)

    on_application = DataProtectionEvent.objects.get(application=application)
    assert on_application.kind == DataProtectionEventKind.ANONYMISATION
    assert on_application.actor is None
    assert on_application.organisation_id == representative.organisation_id
    assert on_application.data["via"] == "scheduled task"
    assert on_application.data["outcome"] == "rejected"
    assert on_application.data["retention_days"] == 1553
    assert on_application.data["last_day_kept"] == (ENDED_ON + 1553 * DAY).isoformat()
    assert (on_application.data["documents"], on_application.data["letters"]) == (1, 1)
    on_organisation = DataProtectionEvent.objects.get(application__isnull=True)
    assert on_organisation.data["scope"] == "organisation"
    assert on_organisation.data["representations"] == 1
    trail = application.events.get(kind=EventKind.ANONYMISED)
    assert trail.internal and trail.data["outcome"] == "rejected"


def test_it_runs_once_per_file(representative):
    application, *_ = full_file(representative.organisation, representative.user)
    today = ENDED_ON + 1554 * DAY
    retention_anonymise_due(today=today)
    application.refresh_from_db()
    first = application.anonymised_at
    events = DataProtectionEvent.objects.count()

    again = retention_anonymise_due(today=today + 30 * DAY)

    assert again.applications == [] and again.organisations == 0
    assert application_anonymise(application=application, today=today) is None
    application.refresh_from_db()
    assert application.anonymised_at == first
    assert DataProtectionEvent.objects.count() == events


def test_an_organisation_with_a_live_file_keeps_its_data(representative):
    organisation = representative.organisation
    old = ended_application(organisation, "withdrawn", at_local(ENDED_ON))
    live = submitted_application(organisation, status=S.IN_REVIEW)

    run = retention_anonymise_due(today=ENDED_ON + 400 * DAY)

    assert [done.pk for done in run.applications] == [old.pk]
    assert run.organisations == 0
    organisation.refresh_from_db()
    assert organisation.legal_name == ORGANISATION["legal_name"]
    assert organisation.iban == ORGANISATION["iban"]
    assert Representation.objects.filter(pk=representative.pk).exists()
    live.refresh_from_db()
    assert live.anonymised_at is None


def test_an_organisation_is_anonymised_once_its_last_draft_is_gone(representative):
    organisation = representative.organisation
    ended_application(organisation, "withdrawn", at_local(ENDED_ON))
    draft = ApplicationFactory(organisation=organisation, programme_slug="rent-aid")
    today = ENDED_ON + 400 * DAY

    assert retention_anonymise_due(today=today).organisations == 0
    draft.delete()  # as the drafts' own clean-up does
    run = retention_anonymise_due(today=today)

    assert run.applications == [] and run.organisations == 1
    organisation.refresh_from_db()
    assert organisation.anonymised_at is not None


def test_a_representative_of_another_organisation_keeps_account_and_representation(
    representative,
):
    user = representative.user
    other = RepresentationFactory(user=user)
    live = submitted_application(other.organisation, status=S.IN_REVIEW, created_by=user)
    full_file(representative.organisation, user)

    retention_anonymise_due(today=ENDED_ON + 1554 * DAY)

    user.refresh_from_db()
    assert user.email == "miren@example.org"
    assert Representation.objects.filter(pk=other.pk).exists()
    live.refresh_from_db()
    assert live.created_by == user and live.anonymised_at is None


def test_a_removed_letter_cannot_be_downloaded(representative, client):
    application = ended_application(representative.organisation, "withdrawn", at_local(ENDED_ON))
    letter = stored_letter(application)
    stored_document(application)
    retention_anonymise_due(today=ENDED_ON + 400 * DAY)
    client.force_login(caseworker())

    response = client.get(reverse("letters:letter_download", args=[letter.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("employees", "band"),
    [(0, "0"), (1, "1-9"), (9, "1-9"), (10, "10-49"), (49, "10-49"), (50, "50-249"), (250, "250+")],
)
def test_headcount_bands(employees, band):
    assert headcount_band(employees) == band
    assert headcount_band(str(employees)) == band
    assert headcount_band(None) == ""


# --- the task, the schedule and the command ------------------------------------------------


def test_the_daily_task_anonymises_what_is_due_today(representative):
    from applications.tasks.lifecycle import retention_anonymise_task

    long_ago = at_local(timezone.localdate() - 2000 * DAY)
    old = ended_application(representative.organisation, "rejected", long_ago)
    recent = ended_application(
        representative.organisation, "awarded", at_local(timezone.localdate() - 1000 * DAY)
    )

    result = retention_anonymise_task()

    assert result["applications"] == 1 and result["failed"] == 0
    assert Application.objects.get(pk=old.pk).anonymised_at is not None
    assert Application.objects.get(pk=recent.pk).anonymised_at is None


def test_the_task_is_scheduled_daily():
    from onestop.celery import app

    (entry,) = [
        entry
        for entry in app.conf.beat_schedule.values()
        if entry["task"] == "applications.tasks.lifecycle.retention_anonymise"
    ]
    assert entry["schedule"].hour == {4} and entry["schedule"].day_of_week == set(range(7))


def test_the_command_lists_what_would_go_and_changes_nothing_on_a_dry_run(representative):
    old = ended_application(representative.organisation, "withdrawn", at_local(ENDED_ON))
    stored_document(old)
    out = StringIO()

    call_command("anonymise_past_retention", "--dry-run", "--date", "2021-03-12", stdout=out)

    assert f"{old.reference}\twithdrawn\thospitality-direct-aid\tkept until 2021-03-11" in (
        out.getvalue()
    )
    assert "1 application(s) would be anonymised" in out.getvalue()
    old.refresh_from_db()
    assert old.anonymised_at is None and old.documents.count() == 1
    assert not DataProtectionEvent.objects.exists()

    call_command("anonymise_past_retention", "--date", "2021-03-12", stdout=StringIO())

    old.refresh_from_db()
    assert old.anonymised_at is not None and old.documents.count() == 0
    assert DataProtectionEvent.objects.filter(application=old).get().data["via"] == "command"


def test_the_desk_still_opens_an_anonymised_file(representative, client):
    application, *_ = full_file(representative.organisation, representative.user)
    retention_anonymise_due(today=ENDED_ON + 1554 * DAY)
    client.force_login(caseworker())

    response = client.get(reverse("desk:case", args=[application.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Organización anonimizada" in html
    assert "Errota" not in html and "Etxeberria" not in html


def test_the_applicant_still_opens_an_anonymised_file_of_a_live_organisation(
    representative, client
):
    old = ended_application(representative.organisation, "withdrawn", at_local(ENDED_ON))
    stored_letter(old)
    submitted_application(representative.organisation, status=S.IN_REVIEW)
    retention_anonymise_due(today=ENDED_ON + 400 * DAY)
    client.force_login(representative.user)

    listing = client.get(reverse("applications:application_list"))
    detail = client.get(reverse("applications:application_detail", args=[old.pk]))

    assert listing.status_code == 200 and old.reference in listing.content.decode()
    assert detail.status_code == 200
