"""The deadline service: working days across weekends, Spain's and the Basque Country's
holidays and the city's own, natural days and months moved off non-working days, and
filings on a non-working day counted from the next working day (Ley 39/2015, arts. 30-31).

2026 in the Basque Country: Thursday 2 and Friday 3 April (Maundy Thursday, Good Friday) and
Monday 6 April (Easter Monday) are holidays; so are Saturday 25 July and Friday 25 December."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.models import LocalHoliday
from applications.services.deadlines import (
    WorkingCalendar,
    effective_filing,
    filing_day,
    is_working_day,
    months_after,
    natural_days_after,
    working_days_after,
)
from cms.roles import POLICY_APPROVERS
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

MADRID = ZoneInfo("Europe/Madrid")
D = dt.date


def test_ten_working_days_skip_the_weekends_and_easter():
    # From Friday 27 March: 30, 31 March and 1 April; then 7 to 10 and 13 to 15 April.
    assert working_days_after(D(2026, 3, 27), 10) == D(2026, 4, 15)


def test_a_local_holiday_adds_a_day():
    LocalHoliday.objects.create(date=D(2026, 4, 8), name="Fiesta local")
    assert working_days_after(D(2026, 3, 27), 10) == D(2026, 4, 16)
    assert not is_working_day(D(2026, 4, 8))


def test_working_days_count_from_the_day_after_and_across_the_new_year():
    assert working_days_after(D(2026, 11, 27), 1) == D(2026, 11, 30)  # Friday -> Monday
    assert working_days_after(D(2026, 12, 22), 5) == D(2026, 12, 30)  # 25 December skipped
    assert working_days_after(D(2026, 12, 30), 3) == D(2027, 1, 5)  # 1 January skipped
    assert working_days_after(D(2026, 12, 30), 0) == D(2026, 12, 30)


def test_natural_days_ending_on_a_non_working_day_end_on_the_next_working_day():
    assert natural_days_after(D(2026, 7, 1), 10) == D(2026, 7, 13)  # Saturday 11 -> Monday 13
    assert natural_days_after(D(2026, 7, 15), 10) == D(2026, 7, 27)  # 25 July, a holiday
    assert natural_days_after(D(2026, 7, 2), 10) == D(2026, 7, 13)
    assert natural_days_after(D(2026, 7, 3), 10) == D(2026, 7, 13)
    assert natural_days_after(D(2026, 7, 6), 10) == D(2026, 7, 16)


def test_months_end_on_the_same_day_or_the_months_last_and_move_off_non_working_days():
    assert months_after(D(2026, 3, 16), 1) == D(2026, 4, 16)
    assert months_after(D(2026, 1, 31), 1) == D(2026, 3, 2)  # 28 February is a Saturday
    assert months_after(D(2026, 11, 6), 1) == D(2026, 12, 7)  # 6 December is a Sunday
    assert months_after(D(2026, 10, 8), 2) == D(2026, 12, 9)  # 8 December is a holiday
    assert months_after(D(2026, 12, 15), 2) == D(2027, 2, 15)


def test_a_filing_on_a_non_working_day_counts_from_the_next_working_days_first_hour():
    saturday = dt.datetime(2026, 11, 28, 10, 15, 7, tzinfo=MADRID)
    assert effective_filing(saturday) == dt.datetime(2026, 11, 30, 0, 0, tzinfo=MADRID)
    good_friday_night = dt.datetime(2026, 4, 3, 23, 59, 59, tzinfo=MADRID)
    assert effective_filing(good_friday_night) == dt.datetime(2026, 4, 7, tzinfo=MADRID)
    assert filing_day(good_friday_night) == D(2026, 4, 7)
    # A working day's filing counts when it was made, to the second.
    tuesday = dt.datetime(2026, 12, 1, 14, 30, 5, tzinfo=MADRID)
    assert effective_filing(tuesday) == tuesday
    # The city's date decides, not UTC's: 23:30 UTC on a Friday is Saturday in Bilbao.
    late_friday = dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.UTC)
    assert filing_day(late_friday) == D(2026, 11, 30)


def test_the_calendar_says_why_a_day_does_not_count_in_the_readers_language():
    LocalHoliday.objects.create(date=D(2026, 7, 31), name="San Ignacio")
    with translation.override("es"):
        days = WorkingCalendar([2026])
        assert days.non_working_reason(D(2026, 4, 6)) == "Lunes de Pascua"
        assert days.non_working_reason(D(2026, 11, 28)) == "sábado"
        assert days.non_working_reason(D(2026, 7, 31)) == "San Ignacio"
        assert days.non_working_reason(D(2026, 12, 1)) is None
    with translation.override("en"):
        assert WorkingCalendar([2026]).non_working_reason(D(2026, 4, 6)) == "Easter Monday"


@pytest.mark.parametrize("count", [-1, 1.5, True, "3", 5000])
def test_a_count_that_is_not_a_whole_number_of_days_is_refused(count):
    with pytest.raises(ValueError):
        working_days_after(D(2026, 1, 1), count)


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=D(2026, 1, 1), max_value=D(2028, 12, 31)),
    count=st.integers(min_value=1, max_value=60),
)
def test_a_working_day_deadline_ends_on_a_working_day_after_exactly_that_many(start, count):
    end = working_days_after(start, count)
    days = WorkingCalendar(range(start.year, end.year + 1))
    assert days.is_working_day(end)
    counted = sum(
        days.is_working_day(start + dt.timedelta(days=offset))
        for offset in range(1, (end - start).days + 1)
    )
    assert counted == count


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=D(2026, 1, 1), max_value=D(2028, 12, 31)),
    count=st.integers(min_value=0, max_value=90),
)
def test_a_natural_day_deadline_is_the_first_working_day_from_its_nominal_end(start, count):
    end = natural_days_after(start, count)
    nominal = start + dt.timedelta(days=count)
    days = WorkingCalendar(range(nominal.year, end.year + 1))
    assert end >= nominal and days.is_working_day(end)
    assert all(
        not days.is_working_day(nominal + dt.timedelta(days=offset))
        for offset in range((end - nominal).days)
    )


def test_policy_approvers_keep_the_local_holidays_and_caseworkers_cannot(client):
    from applications.roles import CASEWORKERS

    index = reverse("wagtailsnippets_applications_localholiday:list")
    approver = UserFactory(is_staff=True)
    approver.groups.add(Group.objects.get(name=POLICY_APPROVERS))
    caseworker = UserFactory(is_staff=True)
    caseworker.groups.add(Group.objects.get_or_create(name=CASEWORKERS)[0])
    client.force_login(approver)
    added = client.post(
        reverse("wagtailsnippets_applications_localholiday:add"),
        {"date": "2026-07-31", "name": "San Ignacio"},
    )
    assert added.status_code == 302
    assert LocalHoliday.objects.get().name == "San Ignacio"
    assert client.get(index).status_code == 200
    client.force_login(caseworker)
    assert client.get(index).status_code in (302, 403)
    refused = client.post(
        reverse("wagtailsnippets_applications_localholiday:add"),
        {"date": "2026-08-21", "name": "Aste Nagusia"},
    )
    assert refused.status_code in (302, 403)
    assert LocalHoliday.objects.count() == 1
