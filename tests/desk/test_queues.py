"""The desk's queues: what each holds, filters, search, order, overdue, query counts."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.constants import ApplicationStatus as S
from applications.models import Application
from applications.services.transitions import application_transition
from desk.models import ProgrammeDesk
from desk.selectors import desk_applications, desk_queue, desk_queue_counts
from desk.services.sla import sla_deadlines_refresh
from organisations.constants import District, LegalForm
from tests.factories.desk import ProgrammeDeskFactory
from tests.factories.organisations import OrganisationFactory, RepresentationFactory


def _pks(queryset):
    return [application.pk for application in queryset]


def queue(people, name, **kwargs):
    return desk_queue(
        user=kwargs.pop("user", people.caseworker),
        queue=name,
        filters=kwargs.pop("filters", {}),
        search=kwargs.pop("search", ""),
        order=kwargs.pop("order", ""),
    )


def test_each_queue_holds_its_cases(people, case):
    now = timezone.now()
    new = case(submitted_at=now - datetime.timedelta(days=2))
    released = case(status=S.IN_REVIEW, submitted_at=now - datetime.timedelta(days=1))
    mine = case(status=S.IN_REVIEW, assigned_to=people.caseworker)
    theirs = case(status=S.IN_REVIEW, assigned_to=people.caseworker2)
    waiting = case(status=S.INFO_REQUESTED, assigned_to=people.caseworker, sla_paused_at=now)
    pending = case(status=S.PENDING_APPROVAL, assigned_to=people.caseworker2)
    waitlisted = case(status=S.WAITLISTED)
    decided = case(status=S.APPROVED)
    draft = case(status=S.DRAFT, reference=None, submitted_at=None, programme_slug="other")

    assert _pks(queue(people, "new")) == [new.pk, released.pk]
    assert set(_pks(queue(people, "mine"))) == {mine.pk, waiting.pk}
    assert _pks(queue(people, "waiting")) == [waiting.pk]
    assert _pks(queue(people, "pending_approval")) == [pending.pk]
    assert _pks(queue(people, "waitlisted")) == [waitlisted.pk]
    everything = set(_pks(queue(people, "all")))
    assert everything == {
        new.pk,
        released.pk,
        mine.pk,
        theirs.pk,
        waiting.pk,
        pending.pk,
        waitlisted.pk,
        decided.pk,
    }
    assert draft.pk not in everything
    assert desk_queue_counts(user=people.caseworker) == {
        "new": 2,
        "mine": 2,
        "waiting": 1,
        "pending_approval": 1,
        "waitlisted": 1,
        "overdue": 0,
        "all": 8,
    }


@pytest.mark.parametrize("role", ["applicant", "editor", "anonymous"])
def test_only_desk_staff_see_the_queues(people, case, role):
    case()
    with pytest.raises(PermissionDenied):
        queue(people, "all", user=getattr(people, role))


@pytest.mark.parametrize("role", ["applicant", "editor", "anonymous"])
def test_only_desk_staff_reach_the_desks_applications(people, case, role):
    case()
    with pytest.raises(PermissionDenied):
        desk_applications(user=getattr(people, role))


def test_the_desks_applications_are_all_but_drafts(people, case):
    submitted = case()
    Application.objects.create(organisation=submitted.organisation, programme_slug="rental-subsidy")
    assert list(desk_applications(user=people.caseworker)) == [submitted]


def test_an_unknown_queue_is_an_error(people):
    with pytest.raises(ValueError):
        queue(people, "everything")


def test_overdue_is_past_the_deadline_with_the_clock_running(people, case):
    now = timezone.now()
    late = case(status=S.IN_REVIEW, submitted_at=now - datetime.timedelta(days=31))
    case(status=S.IN_REVIEW, submitted_at=now - datetime.timedelta(days=29))  # not yet
    # Waiting for the applicant: the clock is stopped.
    case(
        status=S.INFO_REQUESTED,
        submitted_at=now - datetime.timedelta(days=40),
        sla_paused_at=now - datetime.timedelta(days=20),
    )
    case(status=S.APPROVED, submitted_at=now - datetime.timedelta(days=60))  # decided
    # 35 days ago, but 10 of them waiting for the applicant: due in 5 days.
    case(
        status=S.IN_REVIEW,
        submitted_at=now - datetime.timedelta(days=35),
        sla_due_at=now + datetime.timedelta(days=5),
        sla_paused_total=datetime.timedelta(days=10),
    )
    assert _pks(queue(people, "overdue")) == [late.pk]


def test_submission_starts_the_clock_with_the_programmes_target(people):
    ProgrammeDeskFactory(sla_days=10)
    representation = RepresentationFactory()
    application = Application.objects.create(
        organisation=representation.organisation,
        programme_slug="hospitality-direct-aid",
        created_by=representation.user,
    )
    submitted = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=submitted):
        application = application_transition(
            application=application,
            action="submit",
            user=representation.user,
        )
    assert application.sla_due_at == datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC)


def test_filters_narrow_the_queue(people, case):
    deusto = OrganisationFactory(district=District.DEUSTO, legal_form=LegalForm.ASSOCIATION)
    wanted = case(
        mine=False,
        organisation=deusto,
        computed_amount=Decimal("1500.00"),
        submitted_at=timezone.make_aware(datetime.datetime(2026, 2, 10, 12)),
    )
    case(computed_amount=Decimal("1500.00"))  # another district and legal form
    case(mine=False, organisation=deusto, computed_amount=Decimal("900.00"))
    case(mine=False, organisation=deusto, programme_slug="rent-relief")
    filters = {
        "programme": "hospitality-direct-aid",
        "status": S.SUBMITTED,
        "district": "deusto",
        "legal_form": "association",
        "amount_min": "1000",
        "amount_max": "2000.00",
        "submitted_from": "2026-02-10",
        "submitted_to": datetime.date(2026, 2, 10),
    }
    assert _pks(queue(people, "all", filters=filters)) == [wanted.pk]
    # A filter value that cannot be read is ignored, not an error.
    assert wanted.pk in _pks(queue(people, "all", filters={"amount_min": "lots"}))


def test_search_by_reference_organisation_name_or_tax_id(people, case):
    organisation = OrganisationFactory(legal_name="Txokolate Kooperatiba")
    found = case(mine=False, organisation=organisation, reference="BIO-2026-000777")
    case()
    assert _pks(queue(people, "all", search="BIO-2026-000777")) == [found.pk]
    assert _pks(queue(people, "all", search="txokolate")) == [found.pk]
    assert _pks(queue(people, "all", search=organisation.tax_id.lower())) == [found.pk]
    assert _pks(queue(people, "all", search="nothing like it")) == []
    # Typed loosely: lower case, spaces around, part of a reference, a tax id with dashes.
    assert _pks(queue(people, "all", search="  bio-2026-000777 ")) == [found.pk]
    assert _pks(queue(people, "all", search="000777")) == [found.pk]
    dashed = f"{organisation.tax_id[0]}-{organisation.tax_id[1:]}"
    assert _pks(queue(people, "all", search=dashed)) == [found.pk]


def test_order_is_whitelisted(people, case):
    small = case(computed_amount=Decimal("100.00"))
    large = case(computed_amount=Decimal("900.00"))
    assert _pks(queue(people, "all", order="-amount")) == [large.pk, small.pk]
    assert _pks(queue(people, "all", order="amount")) == [small.pk, large.pk]
    # Anything else sorts by submission, oldest first; it never reaches the database.
    assert _pks(queue(people, "all", order="organisation__tax_id")) == [small.pk, large.pk]


@pytest.mark.parametrize("name", ["new", "mine", "all", "overdue"])
def test_the_query_count_does_not_depend_on_the_number_of_rows(people, case, name):
    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            for application in queue(people, name):
                str(application.organisation.legal_name)
                str(application.assigned_to)
                str(application.proposed_by)
        return len(captured)

    old = timezone.now() - datetime.timedelta(days=40)
    for _ in range(2):
        case(submitted_at=old, status=S.IN_REVIEW, assigned_to=people.caseworker)
        case(submitted_at=old)
    few = queries_for_page()
    for _ in range(10):
        case(submitted_at=old, status=S.IN_REVIEW, assigned_to=people.caseworker)
        case(submitted_at=old)
    assert queries_for_page() == few


def test_changing_the_target_moves_the_deadlines_of_undecided_cases(people, desk, case):
    submitted = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    waited = case(
        status=S.IN_REVIEW,
        submitted_at=submitted,
        sla_paused_total=datetime.timedelta(days=4),
    )
    decided = case(status=S.APPROVED, submitted_at=submitted)
    desk.sla_days = 10
    desk.save()
    sla_deadlines_refresh(desk=desk, previous_sla_days=30)
    waited.refresh_from_db()
    decided.refresh_from_db()
    assert waited.sla_due_at == submitted + datetime.timedelta(days=14)
    assert decided.sla_due_at == submitted + datetime.timedelta(days=30)
    # Saving without changing the target leaves the deadlines alone.
    Application.objects.filter(pk=waited.pk).update(sla_due_at=submitted)
    unchanged = ProgrammeDesk.objects.get(pk=desk.pk)
    unchanged.save()
    sla_deadlines_refresh(desk=unchanged, previous_sla_days=10)
    waited.refresh_from_db()
    assert waited.sla_due_at == submitted
