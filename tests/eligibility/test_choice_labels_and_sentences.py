"""Choices with labels of their own, and rule sentences as a person would say them, on the
demo programmes in the three languages."""

import pytest
from django.utils import translation

from eligibility import service
from eligibility.engine import compile_programme, validate_definition
from tests.helpers import demo_definition


def sentences(definition: dict, lang: str) -> list[str]:
    def walk(node: dict):
        if node["kind"] == "requirement":
            yield node["text"]
        else:
            for part in node["parts"]:
                yield from walk(part)

    return list(walk(compile_programme(definition).describe_eligibility(lang)))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es", [
            "El número de personas empleadas debe ser como máximo 49",
            "El distrito no puede ser «Fuera de la ciudad»",
            "La respuesta a «¿En qué quiere centrar la asesoría?» debe ser «Página web», "
            "«Tienda online», «Pagos digitales» o «Redes sociales»",
        ]),
        ("eu", [
            "Langileak gehienez 49 izan behar dira",
            "Barrutia ezin da «Hiritik kanpo» izan",
            "«Zein arlotan jaso nahi duzu aholkularitza?» galderaren erantzuna «Webgunea», "
            "«Lineako denda», «Ordainketa digitalak» edo «Sare sozialak» izan behar da",
        ]),
        ("en", [
            "Employees must be 49 or fewer",
            "District cannot be “Outside the city”",
            "The answer to “What would you like the consultancy to focus on?” must be "
            "“Website”, “Online shop”, “Digital payments” or “Social media”",
        ]),
    ],
)  # fmt: skip
def test_digital_consultancy_rules_read_naturally(lang, expected):
    stated = sentences(demo_definition("digital-consultancy"), lang)

    for sentence in expected:
        assert sentence in stated
    assert not any("_" in sentence or "between 0" in sentence for sentence in stated)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es", "El sector debe ser «Hostelería» o «Turismo»"),
        ("eu", "Sektorea «Ostalaritza» edo «Turismoa» izan behar da"),
        ("en", "Sector must be “Hospitality” or “Tourism”"),
    ],
)
def test_catalogue_choices_are_stated_by_their_labels(lang, expected):
    assert expected in sentences(demo_definition("hospitality-direct-aid"), lang)


def test_a_range_with_both_bounds_above_the_minimum_stays_between():
    definition = demo_definition("digital-consultancy")
    definition["eligibility"]["all"][0]["value"] = [5, 49]

    assert sentences(definition, "en")[0] == "Employees must be between 5 and 49"
    assert sentences(definition, "es")[0] == (
        "El número de personas empleadas debe estar entre 5 y 49"
    )


def test_v1_string_choices_stay_valid_and_read_as_words():
    definition = demo_definition("digital-consultancy")
    question = next(q for q in definition["questions"] if q["type"] == "choice")
    question["choices"] = ["website", "online_shop", "payments", "social_media"]

    assert validate_definition(definition) == []
    stated = " ".join(sentences(definition, "en"))
    assert "“Online shop”" in stated
    assert "online_shop" not in stated


@pytest.mark.parametrize(
    ("choice", "path"),
    [
        ({"value": "online_shop", "label": {"eu": "Lineako denda"}}, "label.es"),
        ({"value": "online_shop", "label": {"es": "Tienda"}, "icon": "x"}, "icon"),
        (3, ""),
    ],
)
def test_a_bad_choice_is_named_by_its_path(choice, path):
    definition = demo_definition("digital-consultancy")
    index = next(i for i, q in enumerate(definition["questions"]) if q["type"] == "choice")
    definition["questions"][index]["choices"][1] = choice

    paths = [error.path for error in validate_definition(definition)]

    where = f"questions[{index}].choices[1]" + (f".{path}" if path else "")
    assert where in paths


def test_a_choice_value_listed_twice_is_an_error():
    definition = demo_definition("digital-consultancy")
    index = next(i for i, q in enumerate(definition["questions"]) if q["type"] == "choice")
    definition["questions"][index]["choices"][1] = {"value": "website", "label": {"es": "Web"}}

    errors = validate_definition(definition)

    assert any(
        e.path == f"questions[{index}].choices[1]" and "listed twice" in e.message for e in errors
    )


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("es", ["Página web", "Tienda online", "Pagos digitales", "Redes sociales"]),
        ("eu", ["Webgunea", "Lineako denda", "Ordainketa digitalak", "Sare sozialak"]),
        ("en", ["Website", "Online shop", "Digital payments", "Social media"]),
    ],
)
def test_the_form_offers_the_choices_in_the_readers_language(lang, labels):
    spec = compile_programme(demo_definition("digital-consultancy")).fact_specs[
        "digital_plan_interest"
    ]

    with translation.override(lang):
        field = service.screener_field(spec, lang, label="?")

    assert [label for _value, label in field.choices if _value] == labels


@pytest.mark.parametrize(
    ("lang", "heading", "rows"),
    [
        ("es", "Número de personas empleadas",
         ["Hasta 3", "De 4 a 10", "Más de 10"]),
        ("en", "Employees", ["Up to 3", "From 4 to 10", "More than 10"]),
    ],
)  # fmt: skip
def test_the_amount_table_is_headed_by_the_fact_and_states_each_band(lang, heading, rows):
    with translation.override(lang):
        amount = service.programme_description(demo_definition("hospitality-direct-aid"), lang)[
            "amount"
        ]

    assert amount["fact"] == heading
    assert [band for band, _amount in amount["tiers"]] == rows
