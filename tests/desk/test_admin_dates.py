"""The admin writes every date the same way in Spanish and English: day/month/year and a
24-hour clock in the city's time, as its hints ("31/12/2026") ask dates to be typed."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from tests.helpers import admin_language_set

# 19:48 in Madrid (winter, UTC+1).
SUBMITTED = datetime.datetime(2026, 12, 2, 18, 48, tzinfo=datetime.UTC)


@pytest.fixture
def admin_in(client, people):
    def sign_in(language: str):
        admin_language_set(people.caseworker, language)
        client.force_login(people.caseworker)
        return client

    return sign_in


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_queue_shows_when_a_case_was_submitted_as_local_day_month_year(
    admin_in, case, language
):
    case(submitted_at=SUBMITTED, reference="BIO-2026-000007")

    page = admin_in(language).get(reverse("desk:queue", args=["all"])).content.decode()

    assert "02/12/2026 19:48" in page
    assert "01/01/2027" in page  # decide by, 30 days on
    assert "p.m." not in page and "12/02/2026" not in page


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_case_page_shows_local_day_month_year_and_24_hours(admin_in, case, language):
    application = case(submitted_at=SUBMITTED)

    page = admin_in(language).get(reverse("desk:case", args=[application.pk])).content.decode()

    assert "02/12/2026 19:48" in page
    assert "p.m." not in page and "12/02/2026" not in page


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_admin_date_pickers_write_what_the_language_reads(language):
    # Wagtail's pickers write WAGTAIL_*_FORMAT; each language must read it back.
    assert AdminDateInput().format == "%d/%m/%Y"
    assert AdminDateTimeInput().format == "%d/%m/%Y %H:%M"
    for setting, formats_name in [
        ("WAGTAIL_DATE_FORMAT", "DATE_INPUT_FORMATS"),
        ("WAGTAIL_DATETIME_FORMAT", "DATETIME_INPUT_FORMATS"),
        ("WAGTAIL_TIME_FORMAT", "TIME_INPUT_FORMATS"),
    ]:
        assert getattr(settings, setting) in formats.get_format(formats_name, lang=language)
    assert formats.get_format("SHORT_DATETIME_FORMAT", lang=language) == "d/m/Y H:i"
    assert formats.get_format("TIME_FORMAT", lang=language) == "H:i"


def test_basque_reads_the_pickers_day_month_year_too():
    for setting, formats_name in [
        ("WAGTAIL_DATE_FORMAT", "DATE_INPUT_FORMATS"),
        ("WAGTAIL_DATETIME_FORMAT", "DATETIME_INPUT_FORMATS"),
    ]:
        input_formats = formats.get_format(formats_name, lang="eu")
        assert getattr(settings, setting) in input_formats
        assert input_formats[0].startswith("%Y-%m-%d")
