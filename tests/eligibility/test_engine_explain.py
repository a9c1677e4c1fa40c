"""Explanations in Spanish, Basque and English."""

from __future__ import annotations

import datetime as dt
import string
from decimal import Decimal
from typing import Any

import pytest
from engine_builders import AS_OF, GOOD_BAR, HOSPITALITY, programme

from eligibility.engine import LANGUAGES, compile_programme, language
from eligibility.engine.formatting import (
    basque_year_suffix,
    date_text,
    join_values,
    money_text,
    percent_text,
)
from eligibility.engine.messages import MESSAGES


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_message_exists_in_every_language_with_the_same_placeholders():
    keys = set(MESSAGES["es"])
    for lang in LANGUAGES:
        assert set(MESSAGES[lang]) == keys, lang
        for key in keys:
            fields = placeholders(MESSAGES[lang][key])
            spanish = placeholders(MESSAGES["es"][key])
            # Basque and English need no verb agreement in a few sentences.
            assert fields - {"aux"} == spanish - {"aux"}, (lang, key)


def text(condition: dict[str, Any], facts: dict[str, Any], lang: str, **extra: Any) -> str:
    evaluation = compile_programme(programme(condition, **extra)).evaluate(facts, as_of=AS_OF)
    [reason] = evaluation.reasons(lang)
    return reason["text"]


AT_MOST_10 = {"fact": "employees", "op": "lte", "value": 10}
SECTOR_IN = {"fact": "sector", "op": "in", "value": ["hospitality", "tourism"]}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Employees must be 10 or fewer (you have 14)"),
        ("es", "El número de personas empleadas debe ser como máximo 10 (tiene 14)"),
        ("eu", "Langileak gehienez 10 izan behar dira (14 dituzu)"),
    ],
)
def test_a_comparison_with_the_answer(lang: str, expected: str):
    assert text(AT_MOST_10, {"employees": 14}, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Sector must be “Hospitality” or “Tourism” (you answered retail)"),
        ("es", "El sector debe ser «Hostelería» o «Turismo» (ha respondido comercio)"),
        ("eu", "Sektorea «Ostalaritza» edo «Turismoa» izan behar da "
               "(merkataritza erantzun duzu)"),
    ],
)  # fmt: skip
def test_choices_are_translated(lang: str, expected: str):
    assert text(SECTOR_IN, {"sector": "retail"}, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Employees must be 10 or fewer (no answer yet)"),
        ("es", "El número de personas empleadas debe ser como máximo 10 (aún sin respuesta)"),
        ("eu", "Langileak gehienez 10 izan behar dira (oraindik ez duzu erantzun)"),
    ],
)
def test_an_unknown_answer(lang: str, expected: str):
    assert text(AT_MOST_10, {}, lang) == expected


def test_one_employee_in_basque_is_singular():
    assert text(AT_MOST_10, {"employees": 1}, "eu") == (
        "Langileak gehienez 10 izan behar dira (1 duzu)"
    )


@pytest.mark.parametrize(
    ("condition", "facts", "expected"),
    [
        ({"fact": "monthly_rent", "op": "gte", "value": "1250"}, {"monthly_rent": "800.5"}, {
            "en": "Monthly rent must be at least €1,250.00 (you answered €800.50)",
            "es": "El alquiler mensual debe ser como mínimo 1.250,00 € (ha respondido 800,50 €)",
            "eu": "Hileko alokairua gutxienez 1.250,00 € izan behar da (800,50 € erantzun duzu)",
        }),
        ({"fact": "founded_on", "op": "lte", "value": "2026-01-15"}, {"founded_on": "2026-03-01"}, {
            "en": "Founding date must be on or before 15 January 2026 (you answered 1 March 2026)",
            "es": "La fecha de constitución debe ser el 15/01/2026 o anterior "
                  "(ha respondido 01/03/2026)",
            "eu": "Sortze-data 2026ko urtarrilaren 15a edo lehenagokoa izan behar da "
                  "(2026ko martxoaren 1a erantzun duzu)",
        }),
        ({"fact": "founded_on", "op": "between", "value": ["2021-01-01", "2021-12-31"]},
         {"founded_on": "2020-06-30"}, {
            "en": "Founding date must be between 1 January 2021 and 31 December 2021 "
                  "(you answered 30 June 2020)",
            "es": "La fecha de constitución debe estar entre el 01/01/2021 y el 31/12/2021 "
                  "(ha respondido 30/06/2020)",
            "eu": "Sortze-data 2021eko urtarrilaren 1a eta 2021eko abenduaren 31a artekoa "
                  "izan behar da (2020ko ekainaren 30a erantzun duzu)",
        }),
        ({"fact": "turnover_drop_pct", "op": "gte", "value": "25"},
         {"turnover_current": "800", "turnover_previous": "1000"}, {
            "en": "Drop in turnover must be at least 25% (in your case: 20.00%)",
            "es": "La caída de la facturación debe ser como mínimo 25 % (en su caso: 20,00 %)",
            "eu": "Fakturazioaren jaitsiera gutxienez %25 izan behar da (zure kasuan: %20,00)",
        }),
        ({"fact": "years_active", "op": "gt", "value": 2}, {"founded_on": "2024-06-01"}, {
            "en": "Years active must be more than 2 (in your case: 1)",
            "es": "Los años de actividad deben ser más de 2 (en su caso: 1)",
            "eu": "Jardueran emandako urteak 2 baino gehiago izan behar dira (zure kasuan: 1)",
        }),
        ({"fact": "employees", "op": "between", "value": [1, 9]}, {"employees": 12}, {
            "en": "Employees must be between 1 and 9 (you have 12)",
            "es": "El número de personas empleadas debe estar entre 1 y 9 (tiene 12)",
            "eu": "Langileak 1 eta 9 artean egon behar dira (12 dituzu)",
        }),
        ({"fact": "district", "op": "ne", "value": "outside"}, {"district": "outside"}, {
            "en": "District cannot be “Outside the city” (you answered outside the city)",
            "es": "El distrito no puede ser «Fuera de la ciudad» (ha respondido fuera de la ciudad)",
            "eu": "Barrutia ezin da «Hiritik kanpo» izan (hiritik kanpo erantzun duzu)",
        }),
        ({"fact": "sector", "op": "not_in", "value": ["retail", "other"]}, {"sector": "care"}, {
            "en": "Sector cannot be “Retail” or “Other” (you answered care)",
            "es": "El sector no puede ser «Comercio» ni «Otro sector» (ha respondido cuidados)",
            "eu": "Sektorea ezin da «Merkataritza» edo «Beste sektore bat» izan "
                  "(zaintza erantzun duzu)",
        }),
        ({"fact": "debts_with_city", "op": "is_false"}, {"debts_with_city": True}, {
            "en": "You must not have debts with the City Council (you answered yes)",
            "es": "No debe tener deudas con el Ayuntamiento (ha respondido sí)",
            "eu": "Ez duzu Udalarekin zorrik izan behar («bai» erantzun duzu)",
        }),
        ({"fact": "is_sse", "op": "is_true"}, {"legal_form": "limited_company"}, {
            "en": "You must be a social economy entity (Law 5/2011) (in your case: no)",
            "es": "Debe ser una entidad de economía social (Ley 5/2011) (en su caso: no)",
            "eu": "Gizarte-ekonomiako erakundea izan behar duzu (5/2011 Legea) "
                  "(zure kasuan: «ez»)",
        }),
        ({"fact": "founded_on", "op": "is_set"}, {}, {
            "en": "You must answer: Founding date (no answer yet)",
            "es": "Debe responder a: Fecha de constitución (aún sin respuesta)",
            "eu": "Erantzun behar duzu: Sortze-data (oraindik ez duzu erantzun)",
        }),
    ],
)  # fmt: skip
def test_sentences_in_three_languages(condition: dict, facts: dict, expected: dict[str, str]):
    for lang in LANGUAGES:
        assert text(condition, facts, lang) == expected[lang]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"not": {"fact": "employees", "op": "gt", "value": 10}},
         "Employees must be 10 or fewer (you have 14)"),
        ({"not": {"fact": "employees", "op": "lt", "value": 10}},
         "Employees must be at least 10 (you have 14)"),
        ({"not": {"fact": "employees", "op": "eq", "value": 14}},
         "Employees must not be 14 (you have 14)"),
        ({"not": {"fact": "employees", "op": "between", "value": [1, 20]}},
         "Employees must not be between 1 and 20 (you have 14)"),
        ({"not": {"fact": "employees", "op": "in", "value": [14, 15]}},
         "Employees must not be any of: 14 or 15 (you have 14)"),
        ({"not": {"fact": "women_led", "op": "is_true"}},
         "The organisation must not be led by women (no answer yet)"),
        ({"not": {"fact": "women_led", "op": "eq", "value": False}},
         "The organisation must be led by women (no answer yet)"),
        ({"not": {"fact": "monthly_rent", "op": "is_set"}},
         "You must leave unanswered: Monthly rent (no answer yet)"),
        ({"not": {"not": {"fact": "employees", "op": "gt", "value": 10}}},
         "Employees must be more than 10 (you have 14)"),
    ],
)  # fmt: skip
def test_leaves_under_not_are_explained_as_the_real_requirement(condition: dict, expected: str):
    assert text(condition, {"employees": 14}, "en") == expected


QUESTIONS = [
    {"name": "seats", "type": "int", "label": {"es": "Plazas del local", "en": "Seats"}},
    {"name": "terrace", "type": "bool", "label": {"es": "¿Tiene terraza?", "eu": "Terraza?"}},
    {"name": "zone", "type": "choice", "choices": ["I", "II"], "label": {"es": "Zona"}},
]


@pytest.mark.parametrize(
    ("condition", "facts", "expected"),
    [
        ({"fact": "seats", "op": "lt", "value": 50}, {"seats": 1200}, {
            "en": "“Seats” must be fewer than 50 (you answered 1,200)",
            "es": "«Plazas del local» debe ser menos de 50 (ha respondido 1.200)",
            "eu": "«Plazas del local» 50 baino gutxiago izan behar da (1.200 erantzun duzu)",
        }),
        ({"fact": "terrace", "op": "is_true"}, {"terrace": False}, {
            "en": "The answer to “¿Tiene terraza?” must be yes (you answered no)",
            "es": "La respuesta a «¿Tiene terraza?» debe ser sí (ha respondido no)",
            "eu": "«Terraza?» galderaren erantzuna «bai» izan behar da («ez» erantzun duzu)",
        }),
        ({"fact": "zone", "op": "eq", "value": "I"}, {"zone": "II"}, {
            "en": "The answer to “Zona” must be “I” (you answered II)",
            "es": "La respuesta a «Zona» debe ser «I» (ha respondido II)",
            "eu": "«Zona» galderaren erantzuna «I» izan behar da (II erantzun duzu)",
        }),
    ],
)  # fmt: skip
def test_programme_questions_are_quoted_by_label(condition: dict, facts: dict, expected: dict):
    for lang in LANGUAGES:
        assert text(condition, facts, lang, questions=QUESTIONS) == expected[lang]


def test_de_minimis_reason_in_three_languages():
    compiled = compile_programme(HOSPITALITY)
    evaluation = compiled.evaluate({**GOOD_BAR, "de_minimis_declared": "12000"}, as_of=AS_OF)
    texts = {lang: evaluation.reasons(lang)[-1]["text"] for lang in LANGUAGES}
    assert texts == {
        "en": "De minimis aid: €12,000.00 already received plus €1,250.00 from this programme "
              "makes €13,250.00, within the €300,000.00 ceiling",
        "es": "Ayudas de minimis: 12.000,00 € ya recibidos más 1.250,00 € de este programa "
              "suman 13.250,00 €, dentro del límite de 300.000,00 €",
        "eu": "Minimis laguntzak: lehendik jasotako 12.000,00 € gehi programa honetako "
              "1.250,00 €, guztira 13.250,00 €; muga (300.000,00 €) ez da gainditzen",
    }  # fmt: skip


def test_the_whole_example_in_basque():
    facts = {**GOOD_BAR, "employees": 14, "debts_with_city": True}
    result = compile_programme(HOSPITALITY).evaluate(facts, as_of=AS_OF).to_dict("eu")
    assert [r["text"] for r in result["reasons"]] == [
        "Sektorea «Ostalaritza» edo «Turismoa» izan behar da (ostalaritza erantzun duzu)",
        "Barrutia ezin da «Hiritik kanpo» izan (Abando erantzun duzu)",
        "Langileak gutxienez 1 izan behar dira (14 dituzu)",
        "Zerga-betebeharrak egunean izan behar dituzu («bai» erantzun duzu)",
        "Gizarte Segurantzarekiko betebeharrak egunean izan behar dituzu («bai» erantzun duzu)",
        # The custom reason has no Basque: Spanish is the fallback.
        "Tener deudas con el Ayuntamiento impide recibir la ayuda.",
    ]


@pytest.mark.parametrize(
    ("requested", "expected"),
    [("es", "es"), ("eu", "eu"), ("en", "en"), ("eu-ES", "eu"), ("en_GB", "en"), ("EN", "en"),
     ("fr", "es"), ("", "es"), (None, "es")],
)  # fmt: skip
def test_unknown_languages_fall_back_to_spanish(requested: Any, expected: str):
    assert language(requested) == expected


def test_to_dict_in_an_unknown_language_is_spanish():
    evaluation = compile_programme(HOSPITALITY).evaluate(GOOD_BAR, as_of=AS_OF)
    assert evaluation.to_dict("fr") == evaluation.to_dict("es")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1250", ("1.250,00 €", "1.250,00 €", "€1,250.00")),
     ("0.5", ("0,50 €", "0,50 €", "€0.50")),
     ("1234567.125", ("1.234.567,13 €", "1.234.567,13 €", "€1,234,567.13")),
     ("-5", ("-5,00 €", "-5,00 €", "-€5.00"))],
)  # fmt: skip
def test_money(value: str, expected: tuple[str, str, str]):
    assert tuple(money_text(Decimal(value), lang) for lang in LANGUAGES) == expected


def test_percent_and_dates():
    assert [percent_text(Decimal("25.5"), lang) for lang in LANGUAGES] == [
        "25,5 %", "%25,5", "25.5%"
    ]  # fmt: skip
    day = dt.date(2026, 1, 15)
    assert [date_text(day, lang) for lang in LANGUAGES] == [
        "15/01/2026", "2026ko urtarrilaren 15a", "15 January 2026"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("year", "suffix"),
    [(2026, "ko"), (2021, "eko"), (2025, "eko"), (2030, "eko"), (2035, "eko"), (2031, "ko"),
     (2040, "ko"), (2000, "ko"), (1900, "eko"), (2010, "eko"), (2015, "eko"), (2020, "ko")],
)  # fmt: skip
def test_basque_year_suffix(year: int, suffix: str):
    assert basque_year_suffix(year) == suffix


def test_spanish_or_becomes_u_before_an_o_sound():
    assert join_values(["comercio", "otro sector"], " o ") == "comercio u otro sector"
    assert join_values(["7", "8"], " o ") == "7 u 8"
    assert join_values(["a", "b", "c"], " o ") == "a, b o c"
    assert join_values(["a"], " o ") == "a"
