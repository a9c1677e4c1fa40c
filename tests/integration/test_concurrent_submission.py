"""Submissions racing each other on PostgreSQL, each from its own thread and connection.

A second tab, a retried POST, many applicants at the opening minute: every one of them is a
transaction of its own, and only the database's row locks keep them apart.
"""

import datetime
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from applications.constants import ApplicationStatus, EventKind
from applications.models import (
    Application,
    ApplicationEvent,
    ReferenceSequence,
    RegistryEntry,
    RegistrySequence,
)
from applications.services import submission
from applications.services.submission import application_submit
from cms.services.programme_definitions import programme_import
from tests.factories.organisations import RepresentationFactory

# Committed rows are what the other connections see, hence transactional tests; serialized
# rollback keeps what migrations created (page tree root, roles) for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

IN_WINDOW = datetime.date(2026, 6, 1)
ANSWERS = {
    "employees": 4,
    "tax_obligations_current": True,
    "de_minimis_declared": "1000.00",
}


def publish_programme() -> None:
    programme_import(
        definition={
            "format": "onestop.programme/v1",
            "slug": "race-aid",
            "title": {"es": "Ayuda de la carrera", "en": "Race aid"},
            "summary": {"es": "Una ayuda para las pruebas de concurrencia."},
            "benefit": "grant",
            "unit": "EUR",
            "window": {"opens": "2026-01-01", "closes": "2026-12-31"},
            "budget": None,
            "award_mode": "first_come",
            "one_per": "organisation",
            "de_minimis": True,
            "exclusive_with": [],
            "questions": [],
            "documents": [],
            "eligibility": {
                "all": [
                    {"id": "staff", "fact": "employees", "op": "gte", "value": 1},
                    {"id": "tax", "fact": "tax_obligations_current", "op": "is_true"},
                ]
            },
            "amount": {"mul": [{"fact": "employees"}, "250"]},
        },
        publish=True,
    )


def new_draft() -> tuple[Application, object]:
    representation = RepresentationFactory()
    application = Application.objects.create(
        organisation=representation.organisation,
        programme_slug="race-aid",
        created_by=representation.user,
        answers=dict(ANSWERS),
    )
    return application, representation.user


def run_at_once(calls):
    """Run each call in its own thread (so on its own database connection), released
    together; return their results and the errors they raised, and when each started and
    finished."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            started = time.monotonic()
            try:
                outcomes[index] = ("ok", call(), started, time.monotonic())
            except Exception as error:  # noqa: BLE001 - reported to the test below
                outcomes[index] = ("error", error, started, time.monotonic())
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(outcome is not None for outcome in outcomes), "a submission did not finish"
    return outcomes


@pytest.fixture
def slow_reference(monkeypatch):
    """Hold the first submission inside its transaction a little longer, so that the second
    certainly arrives while the first still holds its locks."""
    original = submission.reference_next

    def reference_next(*, year):
        time.sleep(0.5)
        return original(year=year)

    monkeypatch.setattr(submission, "reference_next", reference_next)


def test_two_submits_of_one_draft_at_once_make_one_application_with_one_reference(
    slow_reference,
):
    assert connection.vendor == "postgresql"
    publish_programme()
    draft, user = new_draft()

    def second_tab():
        # Each tab holds its own copy of the draft, loaded before either submitted.
        return application_submit(
            application=Application.objects.get(pk=draft.pk), user=user, as_of=IN_WINDOW
        )

    outcomes = run_at_once([second_tab, second_tab])

    assert [kind for kind, *_rest in outcomes] == ["ok", "ok"], outcomes
    (first_start, first_end), (second_start, second_end) = [(o[2], o[3]) for o in outcomes]
    assert first_start < second_end and second_start < first_end, "they did not overlap"
    returned = [outcome[1] for outcome in outcomes]
    assert {application.pk for application in returned} == {draft.pk}
    assert {application.reference for application in returned} == {"BIO-2026-000001"}
    assert {application.status for application in returned} == {ApplicationStatus.SUBMITTED}

    assert Application.objects.count() == 1
    assert Application.objects.get().reference == "BIO-2026-000001"
    assert ReferenceSequence.objects.get(year=2026).last_number == 1
    assert RegistryEntry.objects.filter(application=draft).count() == 1
    assert (
        ApplicationEvent.objects.filter(
            kind=EventKind.TRANSITION, to_status=ApplicationStatus.SUBMITTED
        ).count()
        == 1
    )


def test_the_first_submissions_of_a_year_at_once_get_distinct_gapless_references():
    publish_programme()
    drafts = [new_draft() for _ in range(6)]
    assert not ReferenceSequence.objects.filter(year=2026).exists()

    def submit(draft, user):
        return lambda: application_submit(application=draft, user=user, as_of=IN_WINDOW)

    outcomes = run_at_once([submit(draft, user) for draft, user in drafts])

    assert [kind for kind, *_rest in outcomes] == ["ok"] * 6, outcomes
    references = sorted(Application.objects.values_list("reference", flat=True))
    assert references == [f"BIO-2026-{number:06d}" for number in range(1, 7)]
    assert ReferenceSequence.objects.get(year=2026).last_number == 6
    # Each submission entered in the registry once, numbered gapless within the year.
    year = timezone.localdate().year
    numbers = sorted(RegistryEntry.objects.values_list("number", flat=True))
    assert numbers == [f"BIO-E-{year}-{number:06d}" for number in range(1, 7)]
    assert RegistrySequence.objects.get(year=year).last_number == 6
    # The desk's de minimis total was read on PostgreSQL's JSON too: none awarded yet.
    assert {
        application.evaluation["desk_de_minimis"] for application in Application.objects.all()
    } == {"0.00"}
    assert set(Application.objects.values_list("computed_amount", flat=True)) == {1000}


def test_the_confirmation_email_is_sent_once_by_the_worker_for_a_double_submit(
    celery_worker, slow_reference
):
    publish_programme()
    draft, user = new_draft()

    def tab():
        return application_submit(
            application=Application.objects.get(pk=draft.pk), user=user, as_of=IN_WINDOW
        )

    outcomes = run_at_once([tab, tab])
    assert [kind for kind, *_rest in outcomes] == ["ok", "ok"], outcomes

    emails = ApplicationEvent.objects.filter(application=draft, kind=EventKind.EMAIL)
    deadline = time.monotonic() + 30
    while not emails.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    (email,) = emails
    assert email.data["kind"] == "submission_received"
    assert email.data["to"] == [user.email]
    assert "BIO-2026-000001" in email.note
