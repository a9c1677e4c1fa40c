"""onestop.i18n: the site's languages, texts in a language, numbers, money and dates."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from onestop.i18n import (
    active_language,
    format_date,
    format_datetime,
    format_money,
    format_number,
    site_language,
    text_in_language,
)

TITLE = {"es": "Ayuda directa", "eu": "Zuzeneko laguntza", "en": "Direct aid"}


@pytest.mark.parametrize(
    ("active", "expected"),
    [("es", "es"), ("eu", "eu"), ("en", "en"), ("en-gb", "en"), ("fr", "es")],
)
def test_the_active_language_is_one_of_the_sites(active, expected):
    with translation.override(active):
        assert active_language() == expected


def test_a_code_reads_as_a_site_language_or_the_default():
    assert [site_language(code) for code in ("eu", "EU-es", "", None, "de")] == [
        "eu",
        "eu",
        "es",
        "es",
        "es",
    ]


def test_a_text_is_given_in_the_language_asked_else_in_spanish():
    assert text_in_language(TITLE, "eu") == "Zuzeneko laguntza"
    assert text_in_language(TITLE, "en-gb") == "Direct aid"
    assert text_in_language({"es": "Ayuda directa", "en": ""}, "en") == "Ayuda directa"
    assert text_in_language({"es": "Ayuda directa"}, "fr") == "Ayuda directa"
    assert text_in_language("Plain text", "eu") == "Plain text"
    assert text_in_language(None, "eu") == ""
    assert text_in_language({}, "eu") == ""


def test_a_text_is_given_in_the_active_language_by_default():
    with translation.override("eu"):
        assert text_in_language(TITLE) == "Zuzeneko laguntza"
    with translation.override("en"):
        assert text_in_language(TITLE) == "Direct aid"


@pytest.mark.parametrize(
    ("language", "money", "percent", "number"),
    [
        ("es", "1.250,51 €", "12,5 %", "1.234.567"),
        ("eu", "1.250,51 €", "%12,5", "1.234.567"),
        ("en", "€1,250.51", "12.5%", "1,234,567"),
    ],
)
def test_amounts_are_written_as_each_language_writes_them_rounded_half_up(language, money, percent, number):
    assert format_money(Decimal("1250.505"), "EUR", language) == money
    assert format_money(Decimal("12.50"), "percent", language) == percent
    assert format_number(1234567, language) == number


def test_numbers_keep_their_decimals_unless_places_are_given():
    assert format_number(Decimal("20.00"), "es") == "20"
    assert format_number(Decimal("12.50"), "en") == "12.5"
    assert format_number(Decimal("2.345"), "es", places=2) == "2,35"


def test_hours_and_vouchers_are_counted_in_the_language_asked():
    with translation.override("es"):
        assert format_money(Decimal("20"), "hours", "en") == "20 hours"
        assert format_money(Decimal("1"), "vouchers", "en") == "1 voucher"
    with translation.override("en"):
        assert format_money(Decimal("20"), "hours", "es") == "20 horas"


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("es", "2 de noviembre de 2026", "02/11/2026"),
        ("eu", "2026ko azaroaren 2a", "2026-11-02"),
        ("en", "2 November 2026", "02/11/2026"),
    ],
)
def test_dates_are_written_as_each_language_writes_them(language, long, short):
    day = dt.date(2026, 11, 2)
    with translation.override("en" if language == "es" else "es"):
        assert format_date(day, language) == long
        assert format_date(day, language, short=True) == short


def test_the_basque_year_is_declined_as_it_is_read():
    assert format_date(dt.date(2021, 1, 1), "eu") == "2021eko urtarrilaren 1a"


def test_a_moment_is_written_in_the_citys_time():
    moment = dt.datetime(2026, 11, 2, 18, 48, tzinfo=dt.UTC)
    assert format_datetime(moment, "es") == "02/11/2026 19:48"
    assert format_datetime(timezone.make_naive(moment), "en") == "02/11/2026 19:48"
