"""The one deadline service: working days, natural days and months, as Ley 39/2015 counts them.

- Art. 30.2: a deadline in working days leaves out Saturdays, Sundays and holidays, and is
  counted from the day after the act (the filing, the notification).
- Art. 30.3 and 30.5: a deadline in natural days is counted from the day after too; when its
  last day is not a working day, it ends on the next working day.
- Art. 30.4: a deadline in months ends on the same day of the month that many months later
  (the last day of that month when it has no such day), and moves to the next working day
  like the others.
- Art. 31.2: something filed on a non-working day counts as filed at the first hour of the
  next working day.

Holidays are Spain's national ones and the region's (`ONESTOP_HOLIDAY_COUNTRY` and
`ONESTOP_HOLIDAY_SUBDIVISION`, from the `holidays` package), and the city's own days, which
staff keep in the admin (`LocalHoliday`). Every date here is the city's (Europe/Madrid).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone
from django.utils.dates import WEEKDAYS

from applications.models import LocalHoliday
from onestop.i18n import active_language

# A deadline longer than this many years is an input error, not a procedure.
_MAX_SPAN_DAYS = 3 * 366


# The package names Spain's holidays in Spanish and English, not in Basque: a Basque reader
# reads the Spanish name, as on the official calendar's Spanish column.
_HOLIDAY_LANGUAGES = {"es": "es", "eu": "es", "en": "en_US"}


@lru_cache(maxsize=64)
def _regional_holidays(country: str, subdivision: str, year: int, language: str
                       ) -> dict[dt.date, str]:  # fmt: skip
    found = holidays.country_holidays(
        country, subdiv=subdivision or None, years=year, language=language
    )
    return dict(found.items())


class WorkingCalendar:
    """Which days count, for the years a computation touches: built once per computation,
    so a deadline costs one query for the city's own days whatever its length."""

    def __init__(self, years: Iterable[int]) -> None:
        self.years = sorted(set(years))
        country = settings.ONESTOP_HOLIDAY_COUNTRY
        subdivision = settings.ONESTOP_HOLIDAY_SUBDIVISION
        language = _HOLIDAY_LANGUAGES.get(active_language(), "es")
        self.holidays: dict[dt.date, str] = {}
        for year in self.years:
            self.holidays.update(_regional_holidays(country, subdivision, year, language))
        self.holidays.update(
            LocalHoliday.objects.filter(date__year__in=self.years).values_list("date", "name")
        )

    @classmethod
    def around(cls, day: dt.date, span_days: int = 0) -> WorkingCalendar:
        """The calendar of the years from `day` to `span_days` after it (and one more, for
        the move to the next working day at a year's end)."""
        last = day + dt.timedelta(days=min(max(span_days, 0), _MAX_SPAN_DAYS) + 31)
        return cls(range(day.year, last.year + 1))

    def non_working_reason(self, day: dt.date) -> str | None:
        """Why the day does not count (the weekday's name for a Saturday or a Sunday, in the
        active language, or the holiday's name), or None if it does."""
        if day.year not in self.years:
            return WorkingCalendar([day.year]).non_working_reason(day)
        if day.weekday() >= 5:
            return str(WEEKDAYS[day.weekday()])
        return self.holidays.get(day)

    def is_working_day(self, day: dt.date) -> bool:
        return self.non_working_reason(day) is None

    def next_working_day(self, day: dt.date) -> dt.date:
        """The day itself when it is a working day, else the first one after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day


def _check_count(count: int) -> None:
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValueError(f"a deadline counts a whole number of days or months >= 0, not {count!r}")
    if count > _MAX_SPAN_DAYS:
        raise ValueError(f"a deadline of {count} is longer than this calendar counts")


def is_working_day(day: dt.date) -> bool:
    return WorkingCalendar([day.year]).is_working_day(day)


def working_days_after(start: dt.date, count: int) -> dt.date:
    """The last day of a deadline of `count` working days from the act on `start`."""
    _check_count(count)
    days = WorkingCalendar.around(start, count * 2 + 14)
    day = start
    left = count
    while left:
        day += dt.timedelta(days=1)
        if days.is_working_day(day):
            left -= 1
    return day


def natural_days_after(start: dt.date, count: int) -> dt.date:
    """The last day of a deadline of `count` natural days from the act on `start`, moved to
    the next working day when it falls on a non-working one."""
    _check_count(count)
    end = start + dt.timedelta(days=count)
    return WorkingCalendar.around(end).next_working_day(end)


def months_after(start: dt.date, count: int) -> dt.date:
    """The last day of a deadline of `count` months from the act on `start`: the same day of
    the month, or that month's last day, moved to the next working day if need be."""
    _check_count(count)
    month_index = start.month - 1 + count
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    end = dt.date(year, month, day)
    return WorkingCalendar.around(end).next_working_day(end)


def effective_filing(moment: dt.datetime) -> dt.datetime:
    """When a filing counts as made: `moment` itself on a working day; on a non-working day,
    the first hour (00:00, city time) of the next working day."""
    local = timezone.localtime(moment)
    day = local.date()
    days = WorkingCalendar.around(day)
    if days.is_working_day(day):
        return moment
    start = dt.datetime.combine(days.next_working_day(day), dt.time.min)
    return timezone.make_aware(start, timezone.get_current_timezone())


def filing_day(moment: dt.datetime) -> dt.date:
    """The city's date a filing counts from (see `effective_filing`)."""
    return timezone.localdate(effective_filing(moment))
