"""Who works a case: claim, release, reassign, take next; views and notes are audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from applications.constants import ApplicationStatus as S
from applications.constants import EventKind
from desk.services import (
    DeskError,
    case_claim,
    case_note_add,
    case_reassign,
    case_release,
    case_take_next,
    case_view_record,
)


def test_claiming_a_submitted_case_starts_its_review_and_is_audited(people, case):
    application = case()
    claimed = case_claim(application=application, user=people.caseworker)
    claimed.refresh_from_db()
    assert claimed.status == S.IN_REVIEW
    assert claimed.assigned_to == people.caseworker
    assert claimed.assigned_at is not None
    kinds = [(e.kind, e.actor, e.from_status, e.to_status) for e in claimed.events.all()]
    assert kinds == [
        (EventKind.TRANSITION, people.caseworker, S.SUBMITTED, S.IN_REVIEW),
        (EventKind.CLAIMED, people.caseworker, S.IN_REVIEW, S.IN_REVIEW),
    ]


def test_a_second_caseworker_is_told_who_has_the_case(people, case):
    application = case()
    case_claim(application=application, user=people.caseworker)
    with translation.override("en"), pytest.raises(DeskError) as refused:
        case_claim(application=application, user=people.caseworker2)
    assert refused.value.messages == ["Ane Etxeberria is already working on this case."]
    application.refresh_from_db()
    assert application.assigned_to == people.caseworker


def test_claiming_ones_own_case_again_changes_nothing(people, case):
    application = case()
    case_claim(application=application, user=people.caseworker)
    case_claim(application=application, user=people.caseworker)
    assert application.events.filter(kind=EventKind.CLAIMED).count() == 1


@pytest.mark.parametrize("role", ["applicant", "editor", "anonymous"])
def test_only_desk_staff_claim(people, case, role):
    application = case()
    with pytest.raises(PermissionDenied):
        case_claim(application=application, user=getattr(people, role))
    application.refresh_from_db()
    assert (application.status, application.assigned_to) == (S.SUBMITTED, None)


def test_a_decided_case_cannot_be_claimed(people, case):
    application = case(status=S.REJECTED)
    with pytest.raises(DeskError):
        case_claim(application=application, user=people.caseworker)


def test_release_gives_the_case_back_to_the_new_queue(people, case):
    application = case()
    case_claim(application=application, user=people.caseworker)
    with pytest.raises(DeskError):
        case_release(application=application, user=people.caseworker2)
    case_release(application=application, user=people.caseworker)
    application.refresh_from_db()
    assert application.assigned_to is None
    assert application.events.filter(kind=EventKind.RELEASED, actor=people.caseworker).exists()
    # Now anyone may take it.
    case_claim(application=application, user=people.caseworker2)


def test_a_senior_may_release_someone_elses_case(people, case):
    application = case()
    case_claim(application=application, user=people.caseworker)
    case_release(application=application, user=people.senior)
    application.refresh_from_db()
    assert application.assigned_to is None


def test_only_a_senior_reassigns_and_only_to_a_caseworker(people, case):
    application = case()
    case_claim(application=application, user=people.caseworker)
    with pytest.raises(PermissionDenied):
        case_reassign(application=application, user=people.caseworker, to_user=people.caseworker2)
    with pytest.raises(DeskError):
        case_reassign(application=application, user=people.senior, to_user=people.editor)
    case_reassign(application=application, user=people.senior, to_user=people.caseworker2)
    application.refresh_from_db()
    assert application.assigned_to == people.caseworker2
    event = application.events.get(kind=EventKind.REASSIGNED)
    assert (event.actor, event.data) == (
        people.senior,
        {"from_user": people.caseworker.pk, "to_user": people.caseworker2.pk},
    )


def test_take_next_gives_the_oldest_unclaimed_case_of_the_queue(people, case):
    now = timezone.now()
    newest = case(submitted_at=now - datetime.timedelta(days=1))
    oldest = case(submitted_at=now - datetime.timedelta(days=3))
    middle = case(submitted_at=now - datetime.timedelta(days=2))
    case_claim(application=oldest, user=people.caseworker2)

    first = case_take_next(user=people.caseworker, queue="new")
    second = case_take_next(user=people.caseworker, queue="new")
    assert (first.pk, second.pk) == (middle.pk, newest.pk)
    assert first.assigned_to == people.caseworker
    assert first.status == S.IN_REVIEW
    assert case_take_next(user=people.caseworker, queue="new") is None


def test_take_next_can_keep_to_one_programme(people, case):
    now = timezone.now()
    case(submitted_at=now - datetime.timedelta(days=3), programme_slug="rent-relief")
    wanted = case(submitted_at=now - datetime.timedelta(days=1))
    taken = case_take_next(
        user=people.caseworker, queue="new", programme_slug="hospitality-direct-aid"
    )
    assert taken.pk == wanted.pk


def test_take_next_is_for_desk_staff(people, case):
    case()
    with pytest.raises(PermissionDenied):
        case_take_next(user=people.applicant, queue="new")


def test_viewing_and_notes_are_internal_events(people, case):
    application = case()
    case_view_record(application=application, user=people.caseworker)
    case_note_add(application=application, user=people.caseworker, text="  Called them.  ")
    with pytest.raises(DeskError):
        case_note_add(application=application, user=people.caseworker, text="   ")
    with pytest.raises(PermissionDenied):
        case_view_record(application=application, user=people.applicant)
    events = [(e.kind, e.actor, e.note, e.internal) for e in application.events.all()]
    assert events == [
        (EventKind.VIEWED, people.caseworker, "", True),
        (EventKind.NOTE, people.caseworker, "Called them.", True),
    ]
