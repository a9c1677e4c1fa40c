"""Eligibility's public face: answers as text, and the providers the apps around it register."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from eligibility import providers, service
from eligibility.engine import CATALOGUE


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es", ["Cooperativa", "1.250", "1 de marzo de 2019", "85.000,50 €", "Sí", "nope"]),
        ("en", ["Cooperative", "1,250", "1 March 2019", "€85,000.50", "Yes", "nope"]),
    ],
)
def test_an_answer_reads_as_its_reader_writes_it(lang, expected):
    answers = [
        ("legal_form", "cooperative"),
        ("employees", 1250),
        ("founded_on", "2019-03-01"),
        ("turnover_current", "85000.5"),
        ("women_led", True),
        ("founded_on", "nope"),
    ]
    with translation.override(lang):
        assert [service.answer_text(CATALOGUE[name], value, lang) for name, value in answers] == (
            expected
        )


def test_an_answer_to_a_fact_no_longer_known_is_shown_as_given():
    assert service.answer_text(None, 5, "es") == "5"


def test_the_apps_around_eligibility_register_their_providers():
    assert providers.apply_url("rent-support").endswith("/rent-support/")
    assert callable(providers._providers["programmes"])
    assert callable(providers._providers["links"])


def test_a_missing_provider_is_a_configuration_error(monkeypatch):
    monkeypatch.setattr(providers, "_providers", {})
    with pytest.raises(ImproperlyConfigured):
        providers.published_programmes(as_of=dt.date(2026, 11, 22))
