"""The admin's home shows desk staff each programme's money and cases."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from applications.constants import ApplicationStatus
from desk.selectors.dashboard import desk_dashboard
from tests.desk.conftest import PROGRAMME

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_desk(desk, case, people):
    desk.committed = Decimal("2500.00")
    desk.save()
    now = timezone.now()
    case(sla_due_at=now - datetime.timedelta(days=1))  # overdue
    case(sla_due_at=now + datetime.timedelta(days=2))  # due soon
    case(sla_due_at=now + datetime.timedelta(days=20), assigned_to=people.caseworker)
    case(status=ApplicationStatus.APPROVED)
    return desk


def test_each_programme_shows_its_money_and_cases_by_status(busy_desk, people):
    rows = {row.slug: row for row in desk_dashboard(user=people.caseworker)}
    row = rows[PROGRAMME]
    assert (row.budget, row.committed, row.remaining) == (
        Decimal("10000.00"),
        Decimal("2500.00"),
        Decimal("7500.00"),
    )
    assert row.by_status[ApplicationStatus.SUBMITTED] == 3
    assert row.by_status[ApplicationStatus.APPROVED] == 1
    assert (row.overdue, row.due_soon, row.mine, row.open_cases) == (1, 1, 1, 3)


def test_the_admin_home_shows_the_dashboard_to_desk_staff(client, busy_desk, people):
    client.force_login(people.caseworker)
    page = client.get("/admin/").content.decode()
    assert 'id="desk-dashboard-title"' in page
    assert "10.000,00 €" in page and "7.500,00 €" in page
    assert "1 resolución fuera de plazo" in page


def test_other_staff_do_not_see_the_desk_and_cannot_read_it(client, busy_desk, people):
    client.force_login(people.editor)
    page = client.get("/admin/").content.decode()
    assert 'id="desk-dashboard-title"' not in page
    with pytest.raises(PermissionDenied):
        desk_dashboard(user=people.editor)
    with pytest.raises(PermissionDenied):
        desk_dashboard(user=people.applicant)


def test_the_dashboard_costs_the_same_queries_for_more_cases(
    busy_desk, people, case, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        desk_dashboard(user=people.caseworker)
    for _ in range(20):
        case()
    with django_assert_max_num_queries(6):
        desk_dashboard(user=people.caseworker)
