"""The structured editor's conversion: a definition to the editor's values and back, losslessly;
and engine errors placed at the editor's fields."""

import copy
import json
import re
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.programme_editor.blocks import MAX_CONDITION_LEVEL, MAX_EXPRESSION_LEVEL
from cms.programme_editor.conversion import (
    assemble,
    definition_to_editor,
    editor_to_definition,
    fallback_reasons,
    format_path,
    parse_path,
    parse_value,
)
from cms.programme_editor.errors import block_error, grouped_errors, locate
from cms.programme_editor.forms import ProgrammePageForm
from demo.content import DEMO_PROGRAMMES_DIR
from eligibility.engine import validate_definition

DEMO_FILES = sorted(DEMO_PROGRAMMES_DIR.glob("*.json"))
_INTEGER = re.compile(r"-?\d+")


def without_originals(values: dict) -> dict:
    """The editor's values with nothing to fall back on: every node is written anew."""
    return {**copy.deepcopy(values), "loaded": {}}


def same_meaning(definition):
    """A definition with what the format treats as equal made equal: decimal strings that are
    whole numbers as integers, and optional keys left at their defaults removed."""
    if isinstance(definition, dict):
        out = {key: same_meaning(value) for key, value in definition.items()}
        for key, default in (
            ("de_minimis", False),
            ("exclusive_with", []),
            ("questions", []),
            ("one_per", None),
            ("closes", None),
        ):
            if key in out and out[key] == default:
                out.pop(key)
        return out
    if isinstance(definition, list):
        return [same_meaning(item) for item in definition]
    if isinstance(definition, str) and _INTEGER.fullmatch(definition):
        return int(definition)
    return definition


BASE = {
    "format": "onestop.programme/v1",
    "slug": "test-programme",
    "title": {"es": "Programa de prueba"},
    "benefit": "grant",
    "unit": "EUR",
    "window": {"opens": "2027-01-01", "closes": None},
    "budget": None,
    "award_mode": "first_come",
}

NESTED_GROUPS = {
    **BASE,
    "questions": [
        {
            "name": "venue_group",
            "type": "choice",
            "choices": ["I", "II", "III"],
            "label": {"es": "Grupo del local", "en": ""},
        },
    ],
    "eligibility": {
        "all": [
            {
                "id": "size",
                "any": [
                    {"fact": "employees", "op": "lte", "value": 9},
                    {
                        "not": {
                            "all": [
                                {"fact": "is_sse", "op": "is_false"},
                                {
                                    "any": [
                                        {"fact": "venue_group", "op": "in", "value": ["I", "II"]},
                                        {
                                            "fact": "founded_on",
                                            "op": "between",
                                            "value": ["2000-01-01", "2020-12-31"],
                                        },
                                    ]
                                },
                            ]
                        },
                        "reason": {"es": "No cumple", "eu": "Ez du betetzen"},
                    },
                ],
                "reason": {"es": "Tamaño", "en": "Size"},
            },
            {"fact": "district", "op": "ne", "value": "outside"},
        ]
    },
    "amount": 100,
}

TIERS_WITH_IF = {
    **BASE,
    "window": {"opens": "2027-01-01"},
    "budget": "250000.00",
    "eligibility": {"fact": "employees", "op": "gte", "value": 1},
    "amount": {
        "tiers": {"fact": "employees"},
        "bands": [
            {
                "upto": 9,
                "value": {
                    "if": {
                        "all": [
                            {"fact": "women_led", "op": "is_true"},
                            {"fact": "turnover_drop_pct", "op": "gte", "value": "12.5"},
                        ]
                    },
                    "then": "1500.00",
                    "else": 1000,
                },
            },
            {
                "upto": "49",
                "value": {"round": {"mul": [{"fact": "monthly_rent"}, "0.5"]}, "places": 2},
            },
        ],
        "otherwise": {"min": [{"sub": [3000, {"div": [{"fact": "employees"}, 2]}]}, 2000]},
    },
}


# --- round trips ------------------------------------------------------------------------------


# The blocks do not show sources, evidence, parameters, explicit bands or lookup tables: the
# demo's v2 programmes keep their eligibility and amount in the JSON tab, carried over as
# they are.
JSON_TAB_PARTS = {
    "bilbao-hospitality-establishments": ["eligibility", "amount"],
    "bilbao-nightlife-2022": ["eligibility", "amount"],
    "irun-aurrera-two-lines": ["eligibility", "amount"],
}
V1_DEMO_FILES = [
    path for path in DEMO_FILES if json.loads(path.read_text())["format"].endswith("/v1")
]


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda path: path.stem)
def test_every_demo_definition_round_trips_exactly(path):
    definition = json.loads(path.read_text(encoding="utf-8"))

    values = definition_to_editor(definition)
    result = editor_to_definition(values)

    assert values["fallback"] == JSON_TAB_PARTS.get(path.stem, [])
    assert result == definition
    assert list(result) == list(definition)
    assert json.dumps(result, ensure_ascii=False) == json.dumps(definition, ensure_ascii=False)


def test_the_v2_demo_definitions_fall_back_for_sources():
    for slug in JSON_TAB_PARTS:
        reasons = fallback_reasons(json.loads((DEMO_PROGRAMMES_DIR / f"{slug}.json").read_text()))
        assert reasons["eligibility"] == "eligibility: unexpected keys: source", slug
        assert reasons["amount"] == "amount: not an expression the editor knows", slug


# Only the v1 files: the editor has no fields for the v2 keys (format, parameters, derived,
# lines, obligations, rounding, application_unit), which are carried over from the loaded
# definition.
@pytest.mark.parametrize("path", V1_DEMO_FILES, ids=lambda path: path.stem)
def test_the_visible_fields_alone_rebuild_every_v1_demo_definition_to_the_same_meaning(path):
    definition = json.loads(path.read_text(encoding="utf-8"))

    rebuilt = editor_to_definition(without_originals(definition_to_editor(definition)))

    assert same_meaning(rebuilt) == same_meaning(definition)
    assert validate_definition(rebuilt) == []


@pytest.mark.parametrize("definition", [NESTED_GROUPS, TIERS_WITH_IF], ids=["groups", "tiers"])
def test_nested_groups_and_tiers_with_an_if_round_trip(definition):
    assert validate_definition(definition) == []
    values = definition_to_editor(definition)

    assert values["fallback"] == []
    assert editor_to_definition(values) == definition
    assert same_meaning(editor_to_definition(without_originals(values))) == same_meaning(
        without_empty_texts(definition)
    )


def test_three_levels_of_groups_are_blocks_within_blocks():
    root = definition_to_editor(NESTED_GROUPS)["eligibility"][0]
    size = root["value"]["children"][0]
    negation = size["value"]["children"][1]
    inner_all = negation["value"]["condition"][0]
    inner_any = inner_all["value"]["children"][1]

    assert [root["type"], size["type"], negation["type"], inner_all["type"], inner_any["type"]] == [
        "all", "any", "not", "all", "any"
    ]  # fmt: skip
    assert inner_any["value"]["children"][1]["value"] == {
        "fact": "founded_on",
        "op": "between",
        "value": "2000-01-01, 2020-12-31",
        "id": "",
        "reason": {"es": "", "eu": "", "en": ""},
    }


def test_a_band_holds_an_if_expression_block():
    amount = definition_to_editor(TIERS_WITH_IF)["amount"][0]
    band = amount["value"]["bands"][0]

    assert amount["type"] == "tiers"
    assert band["value"]["upto"] == "9"
    assert band["value"]["value"][0]["type"] == "if"
    assert band["value"]["value"][0]["value"]["then"][0] == {
        "type": "number", "value": "1500.00", "id": band["value"]["value"][0]["value"]["then"][0]["id"]
    }  # fmt: skip


# --- edits ------------------------------------------------------------------------------------


def test_an_edited_node_is_written_anew_and_the_others_are_kept_as_they_were():
    definition = copy.deepcopy(TIERS_WITH_IF)
    values = definition_to_editor(definition)
    band = values["amount"][0]["value"]["bands"][0]["value"]
    band["value"][0]["value"]["then"][0]["value"] = "1750"
    deep_leaf = band["value"][0]["value"]["condition"][0]["value"]["children"][1]["value"]
    deep_leaf["value"] = "15"

    result = editor_to_definition(values)

    expected = copy.deepcopy(TIERS_WITH_IF)
    expected["amount"]["bands"][0]["value"]["then"] = 1750
    expected["amount"]["bands"][0]["value"]["if"]["all"][1]["value"] = 15
    assert result == expected
    assert result["amount"]["bands"][1]["upto"] == "49"  # untouched: still a string


def test_values_are_read_by_the_facts_type():
    assert parse_value("10", "gte", "int") == 10
    assert parse_value("ten", "gte", "int") == "ten"  # the engine will say why
    assert parse_value("12.50", "gte", "decimal") == "12.50"
    assert parse_value("3", "lt", "decimal") == 3
    assert parse_value("2026-01-31", "lt", "date") == "2026-01-31"
    assert parse_value("yes", "eq", "bool") is True
    assert parse_value("No", "eq", "bool") is False
    assert parse_value("retail, culture", "in", "choice") == ["retail", "culture"]
    assert parse_value("0,49", "between", "int") == [0, 49]
    assert parse_value("1.5, 3", "between", "decimal") == ["1.5", 3]
    assert "value" not in editor_leaf({"fact": "employees", "op": "is_set", "value": ""})


def editor_leaf(leaf_values: dict) -> dict:
    values = definition_to_editor({**BASE, "eligibility": {"fact": "employees", "op": "gte"}})
    values["eligibility"][0]["value"].update(leaf_values)
    return editor_to_definition(values)["eligibility"]


def test_question_types_decide_how_values_are_read():
    values = definition_to_editor(NESTED_GROUPS)
    leaf = values["eligibility"][0]["value"]["children"][1]["value"]
    leaf.update({"fact": "venue_group", "op": "eq", "value": "3"})

    assert editor_to_definition(values)["eligibility"]["all"][1] == {
        "fact": "venue_group", "op": "eq", "value": "3"
    }  # fmt: skip


def test_top_level_fields_keep_absent_and_null_apart_until_changed():
    definition = {**BASE, "window": {"opens": "2027-01-01"}, "one_per": None}
    values = definition_to_editor(definition)
    assert editor_to_definition(values) == definition

    values["window_opens"] = "2027-02-01"
    values["one_per"] = "organisation"
    values["de_minimis"] = True
    result = editor_to_definition(values)

    assert result["window"] == {"opens": "2027-02-01"}
    assert result["one_per"] == "organisation"
    assert result["de_minimis"] is True
    assert list(result) == [
        "format", "slug", "title", "benefit", "unit", "window", "budget", "award_mode",
        "one_per", "de_minimis",
    ]  # fmt: skip


def test_empty_optional_parts_are_left_out_and_empty_required_ones_reported():
    result = editor_to_definition(definition_to_editor({}))

    assert result == {"format": "onestop.programme/v1", "budget": None}
    paths = {error.path for error in validate_definition(result)}
    assert {"slug", "title", "eligibility", "amount"} <= paths


# --- what the blocks cannot show --------------------------------------------------------------


def deep_condition(levels: int) -> dict:
    node = {"fact": "employees", "op": "gte", "value": 1}
    for _ in range(levels):
        node = {"all": [node]}
    return node


def deep_expression(levels: int):
    node = {"fact": "employees"}
    for _ in range(levels):
        node = {"add": [node, 1]}
    return node


def test_the_deepest_nesting_the_blocks_allow_is_shown():
    definition = {
        **BASE,
        "eligibility": deep_condition(MAX_CONDITION_LEVEL - 1),
        "amount": deep_expression(MAX_EXPRESSION_LEVEL - 1),
    }
    values = definition_to_editor(definition)

    assert values["fallback"] == []
    assert editor_to_definition(values) == definition


def test_deeper_nesting_falls_back_to_the_json_tab_and_is_kept_untouched():
    definition = {
        **BASE,
        "eligibility": deep_condition(MAX_CONDITION_LEVEL),
        "amount": deep_expression(MAX_EXPRESSION_LEVEL),
        "documents": [{"code": "x", "label": {"es": "X"}, "when": deep_condition(2)}],
    }
    values = definition_to_editor(definition)
    assert values["fallback"] == ["eligibility", "amount"]
    assert "eligibility" not in values and "amount" not in values

    values["budget"] = "1000"
    values["documents"][0]["value"]["code"] = "y"
    result = editor_to_definition(values)

    assert result["eligibility"] == definition["eligibility"]
    assert result["amount"] == definition["amount"]
    assert result["budget"] == "1000"
    assert result["documents"][0]["code"] == "y"
    assert result["documents"][0]["when"] == definition["documents"][0]["when"]


def test_shapes_outside_the_format_fall_back_and_unknown_keys_are_carried_over():
    definition = {
        **BASE,
        "eligibility": {"fact": "employees", "op": "gte", "value": 1, "colour": "red"},
        "amount": 1.5,
        "extra": {"kept": True},
    }
    values = definition_to_editor(definition)

    assert set(values["fallback"]) == {"eligibility", "amount"}
    assert editor_to_definition(values) == definition


# --- errors at fields ------------------------------------------------------------------------


def test_engine_paths_are_parsed_and_formatted_alike():
    for text in ("eligibility.all[2].value", "title.es", 'questions[0]["odd key"]', "amount"):
        assert format_path(parse_path(text)) == text
    assert parse_path("") == ()


def test_engine_errors_are_placed_at_the_block_they_came_from():
    definition = copy.deepcopy(NESTED_GROUPS)
    values = definition_to_editor(definition)
    inner_any = (
        values["eligibility"][0]["value"]["children"][0]["value"]["children"][1]["value"]
        ["condition"][0]["value"]["children"][1]
    )  # fmt: skip
    inner_any["value"]["children"][0]["value"]["value"] = "I, IV"
    values["title_es"] = ""
    assembly = assemble(values)

    errors = validate_definition(assembly.definition)
    by_path = {error.path: error for error in errors}

    assert "title" in by_path or "title.es" in by_path
    assert locate("eligibility.all[0].any[1].not.all[1].any[0].value[1]", assembly.locations) == (
        "eligibility",
        (0, "children", 0, "children", 1, "condition", 0, "children", 1, "children", 0, "value"),
        "[1]",
    )
    placed, unplaced = grouped_errors(errors, assembly.locations, {"eligibility", "title_es"})
    assert unplaced == []
    assert set(placed) == {"eligibility", "title_es"}

    block = ProgrammePageForm.base_fields["rules_eligibility"].block
    error = block_error(block, values["eligibility"], placed["eligibility"])
    data = error.as_json_data()
    leaf = data["blockErrors"][0]["blockErrors"]["children"]["blockErrors"][0]
    leaf = leaf["blockErrors"]["children"]["blockErrors"][1]["blockErrors"]["condition"]
    leaf = leaf["blockErrors"][0]["blockErrors"]["children"]["blockErrors"][1]
    leaf = leaf["blockErrors"]["children"]["blockErrors"][0]
    assert leaf["blockErrors"]["value"]["messages"][0].startswith("[1]: 'IV' is not a choice")


# --- generated definitions --------------------------------------------------------------------

texts = st.text(alphabet="abcdefghij ñ", min_size=1, max_size=8).map(str.strip).filter(bool)
translated = st.fixed_dictionaries(
    {"es": texts}, optional={"eu": st.one_of(texts, st.just("")), "en": texts}
)
integers = st.integers(min_value=-50, max_value=5000)
decimals = st.one_of(
    integers,
    st.decimals(min_value=0, max_value=9999, places=2, allow_nan=False).map(str),
)
LEAVES = {
    "employees": ("int", integers),
    "monthly_rent": ("decimal", decimals),
    "founded_on": ("date", st.dates().map(lambda d: d.isoformat())),
    "sector": ("choice", st.sampled_from(["retail", "culture", "care"])),
    "women_led": ("bool", st.booleans()),
}


@st.composite
def leaves(draw):
    fact = draw(st.sampled_from(sorted(LEAVES)))
    kind, values = LEAVES[fact]
    op = draw(
        st.sampled_from(
            {"bool": ["eq", "is_true", "is_false", "is_set"], "choice": ["eq", "in", "not_in"]}.get(
                kind, ["lt", "gte", "between", "in", "is_set"]
            )
        )
    )
    node = {}
    if draw(st.booleans()):
        node["id"] = f"c{draw(st.integers(0, 10**6))}"
    node.update({"fact": fact, "op": op})
    if op in ("in", "not_in"):
        node["value"] = draw(st.lists(values, min_size=1, max_size=3))
    elif op == "between":
        node["value"] = sorted(draw(st.lists(values, min_size=2, max_size=2)), key=str)
    elif op not in ("is_true", "is_false", "is_set"):
        node["value"] = draw(values)
    if draw(st.booleans()):
        node["reason"] = draw(translated)
    return node


@cache
def conditions(level=1):
    if level >= MAX_CONDITION_LEVEL:
        return leaves()
    inner = conditions(level + 1)
    group = st.one_of(
        st.builds(
            lambda kind, parts: {kind: parts},
            st.sampled_from(["all", "any"]),
            st.lists(inner, max_size=3),
        ),
        st.builds(lambda part: {"not": part}, inner),
    )
    return st.one_of(leaves(), group)


@cache
def expressions(level=1):
    terminal = st.one_of(decimals, st.sampled_from([{"fact": "employees"}, {"fact": "is_sse"}]))
    if level >= MAX_EXPRESSION_LEVEL:
        return terminal
    inner = expressions(level + 1)
    return st.one_of(
        terminal,
        st.builds(
            lambda op, parts: {op: parts},
            st.sampled_from(["add", "mul", "min", "max"]),
            st.lists(inner, min_size=1, max_size=3),
        ),
        st.builds(lambda op, a, b: {op: [a, b]}, st.sampled_from(["sub", "div"]), inner, inner),
        st.builds(lambda e, n: {"round": e, "places": n}, inner, st.integers(0, 6)),
        st.builds(lambda c, a, b: {"if": c, "then": a, "else": b}, conditions(3), inner, inner),
        st.builds(
            lambda subject, uptos, values, otherwise: {
                "tiers": subject,
                "bands": [
                    {"upto": u, "value": v}
                    for u, v in zip(sorted(set(uptos)), values, strict=False)
                ],
                "otherwise": otherwise,
            },
            inner,
            st.lists(integers, min_size=1, max_size=3),
            st.lists(inner, min_size=3, max_size=3),
            inner,
        ),
    )


@st.composite
def definitions(draw):
    definition = {
        "format": "onestop.programme/v1",
        "slug": "generated",
        "title": draw(translated),
    }
    if draw(st.booleans()):
        definition["summary"] = draw(translated)
    definition.update({"benefit": "grant", "unit": "EUR"})
    window = {"opens": "2027-01-01"}
    closes = draw(st.sampled_from(["absent", None, "2027-06-30"]))
    if closes != "absent":
        window["closes"] = closes
    definition["window"] = window
    definition["budget"] = draw(st.one_of(st.none(), decimals))
    definition["award_mode"] = "first_come"
    for key, value in (
        ("one_per", st.sampled_from([None, "organisation"])),
        ("de_minimis", st.booleans()),
        ("exclusive_with", st.lists(st.sampled_from(["a-b", "c-d"]), unique=True)),
    ):
        if draw(st.booleans()):
            definition[key] = draw(value)
    if draw(st.booleans()):
        definition["documents"] = [
            {"code": "doc", "label": draw(translated), "when": draw(conditions(2))}
        ]
    definition["eligibility"] = draw(conditions())
    definition["amount"] = draw(expressions())
    if draw(st.booleans()):
        definition["score"] = draw(expressions())
    return definition


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definitions())
def test_generated_definitions_round_trip_exactly(definition):
    values = definition_to_editor(definition)

    assert values["fallback"] == []
    assert editor_to_definition(values) == definition


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definitions())
def test_generated_definitions_keep_their_meaning_from_the_visible_fields_alone(definition):
    rebuilt = editor_to_definition(without_originals(definition_to_editor(definition)))

    assert same_meaning(rebuilt) == same_meaning(without_empty_texts(definition))


def without_empty_texts(definition):
    if isinstance(definition, dict):
        return {
            key: without_empty_texts(value)
            for key, value in definition.items()
            if not (key in ("eu", "en") and value == "")
        }
    if isinstance(definition, list):
        return [without_empty_texts(item) for item in definition]
    return definition
