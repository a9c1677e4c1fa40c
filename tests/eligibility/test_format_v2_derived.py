"""Format v2: derived facts a programme declares (`derived`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from eligibility.engine import CompiledProgramme, FactError, validate_definition
from tests.eligibility.v2_facts_examples import bilbao_2022

AS_OF = dt.date(2022, 3, 10)
FULL = {"founded_on": "2020-01-01", "full_time_staff": 3, "part_time_staff": 3}


def paths(doc):
    return {error.path: error.message for error in validate_definition(doc)}


def both(doc):
    return CompiledProgramme(doc), CompiledProgramme(doc, generate_code=False)


def test_the_example_is_valid():
    assert validate_definition(bilbao_2022()) == []


def test_a_derived_fact_is_computed_from_its_formula():
    for compiled in both(bilbao_2022()):
        evaluation = compiled.evaluate(FULL, as_of=AS_OF)
        assert evaluation.facts["weighted_headcount"] == Decimal("4.5")
        assert evaluation.facts["small_venue"] is True
        assert evaluation.outcome == "eligible"
        assert evaluation.amount == Decimal("1800.00")


@pytest.mark.parametrize(
    ("facts", "outcome", "missing"),
    [
        ({**FULL, "full_time_staff": 9}, "ineligible", []),
        ({"founded_on": "2020-01-01", "full_time_staff": 3}, "needs_info", ["part_time_staff"]),
        ({"founded_on": "2020-01-01"}, "needs_info", ["full_time_staff", "part_time_staff"]),
        ({}, "needs_info", ["founded_on", "full_time_staff", "part_time_staff"]),
        # Founded too late: false, whatever the staff.
        ({"founded_on": "2022-03-05"}, "ineligible", []),
    ],
)
def test_three_valued_and_missing_facts_through_a_derived_fact(facts, outcome, missing):
    for compiled in both(bilbao_2022()):
        evaluation = compiled.evaluate(facts, as_of=AS_OF)
        assert (evaluation.outcome, evaluation.missing_facts) == (outcome, missing)


def test_a_derived_fact_unknown_when_its_formula_is():
    evaluation = CompiledProgramme(bilbao_2022()).evaluate({"full_time_staff": 2}, as_of=AS_OF)
    assert evaluation.facts["weighted_headcount"] is None
    assert evaluation.facts["small_venue"] is None


def test_missing_facts_follow_the_formula_branch_taken():
    doc = bilbao_2022()
    # Part-time staff count only for venues with full-time staff: with none, it is not asked.
    doc["derived"][0]["formula"] = {
        "if": {"fact": "full_time_staff", "op": "gte", "value": 1},
        "then": {"add": [{"fact": "full_time_staff"},
                         {"mul": ["0.5", {"fact": "part_time_staff"}]}]},
        "else": "0",
    }  # fmt: skip
    for compiled in both(doc):
        zero = compiled.evaluate({"founded_on": "2020-01-01", "full_time_staff": 0}, as_of=AS_OF)
        assert zero.outcome == "eligible" and zero.amount == Decimal("0.00")
        some = compiled.evaluate({"founded_on": "2020-01-01", "full_time_staff": 1}, as_of=AS_OF)
        assert some.missing_facts == ["part_time_staff"]


def test_compiled_and_tree_walker_agree():
    generated, walked = both(bilbao_2022())
    assert generated.source and "f_weighted_headcount" in generated.source
    for full in (None, 0, 1, 7, 10, 11):
        for part in (None, 0, 1, 5, 6):
            for founded in (None, "2021-01-01", "2022-03-01"):
                facts = {"founded_on": founded, "full_time_staff": full, "part_time_staff": part}
                a = generated.evaluate(facts, as_of=AS_OF)
                b = walked.evaluate(facts, as_of=AS_OF)
                assert a.to_dict("en") == b.to_dict("en"), facts


def test_a_derived_fact_cannot_be_supplied():
    compiled = CompiledProgramme(bilbao_2022())
    with pytest.raises(FactError) as raised:
        compiled.evaluate({**FULL, "weighted_headcount": 4}, as_of=AS_OF)
    assert raised.value.fact == "weighted_headcount"
    assert "derived (from full_time_staff, part_time_staff)" in str(raised.value)
    assert "weighted_headcount" not in compiled.accepted_facts


def test_the_spec_is_derived_and_not_standard():
    spec = CompiledProgramme(bilbao_2022()).fact_specs["small_venue"]
    assert spec.derived and not spec.standard
    assert spec.inputs == ("full_time_staff", "part_time_staff")


def test_a_derived_fact_may_read_catalogue_derived_facts():
    doc = bilbao_2022()
    doc["derived"].append(
        {"name": "veteran", "type": "bool", "label": {"es": "Veterana"},
         "condition": {"fact": "years_active", "op": "gte", "value": 2}}
    )  # fmt: skip
    doc["eligibility"]["all"].append({"id": "veteran", "fact": "veteran", "op": "is_true"})
    for compiled in both(doc):
        assert compiled.fact_specs["veteran"].inputs == ("founded_on",)
        assert compiled.evaluate(FULL, as_of=AS_OF).outcome == "eligible"
        late = compiled.evaluate({**FULL, "founded_on": "2021-01-01"}, as_of=AS_OF)
        assert late.outcome == "ineligible"


@pytest.mark.parametrize(
    ("lang", "met_text", "unknown_text"),
    [
        ("es", "La respuesta a «Local pequeño» debe ser sí (en su caso: sí)",
         "Todavía no se sabe: Personas a jornada parcial."),
        ("eu", "«Lokal txikia» galderaren erantzuna «bai» izan behar da (zure kasuan: «bai»)",
         "Lanaldi partzialeko langileak"),
        ("en", "The answer to “Small venue” must be yes (in your case: yes)",
         "Not known yet: Part-time staff."),
    ],
)  # fmt: skip
def test_explanations_use_the_label_and_the_computed_value(lang, met_text, unknown_text):
    compiled = CompiledProgramme(bilbao_2022())
    reasons = compiled.evaluate(FULL, as_of=AS_OF).reasons(lang)
    assert reasons[1]["text"] == met_text
    partial = {"founded_on": "2020-01-01", "full_time_staff": 3}
    assert unknown_text in compiled.evaluate(partial, as_of=AS_OF).reasons(lang)[1]["text"]


def test_a_decimal_derived_fact_is_explained_with_in_your_case():
    doc = bilbao_2022()
    doc["eligibility"]["all"][1] = {"id": "small", "fact": "weighted_headcount", "op": "lte",
                                    "value": 10}  # fmt: skip
    reasons = CompiledProgramme(doc).evaluate(FULL, as_of=AS_OF).reasons("en")
    assert reasons[1]["text"] == "“Weighted headcount” must be at most 10 (in your case: 4.5)"


# --- validation --------------------------------------------------------------------------


def test_name_clashes_are_errors_at_the_name():
    doc = bilbao_2022()
    doc["derived"] += [
        {"name": "employees", "type": "bool", "label": {"es": "x"}, "condition": {"all": []}},
        {"name": "part_time_staff", "type": "bool", "label": {"es": "x"}, "condition": {"all": []}},
        {"name": "publication_date", "type": "bool", "label": {"es": "x"},
         "condition": {"all": []}},
        {"name": "small_venue", "type": "bool", "label": {"es": "x"}, "condition": {"all": []}},
    ]  # fmt: skip
    found = paths(doc)
    assert "standard fact of the catalogue" in found["derived[2].name"]
    assert found["derived[3].name"] == "'part_time_staff' is already declared by questions[1]"
    assert found["derived[4].name"] == "'publication_date' is already declared by parameters[0]"
    assert found["derived[5].name"] == "'small_venue' is already declared by derived[1]"


def test_a_cycle_is_an_error_with_its_path():
    doc = bilbao_2022()
    doc["derived"][0]["formula"] = {"add": [{"fact": "full_time_staff"}, {"fact": "x"}]}
    doc["derived"].insert(
        0, {"name": "x", "type": "decimal", "label": {"es": "X"},
            "formula": {"fact": "weighted_headcount"}}
    )  # fmt: skip
    assert paths(doc) == {
        "derived[1].formula": "weighted_headcount depends on itself "
        "(weighted_headcount -> x -> weighted_headcount)"
    }


def test_a_fact_depending_on_itself_directly():
    doc = bilbao_2022()
    doc["derived"][1]["condition"] = {"fact": "small_venue", "op": "is_true"}
    assert paths(doc) == {
        "derived[1].condition": "small_venue depends on itself (small_venue -> small_venue)"
    }


def test_unknown_facts_and_wrong_definitions_at_their_path():
    doc = bilbao_2022()
    doc["derived"][0]["formula"]["add"][0] = {"fact": "full_time_staf"}
    doc["derived"][1]["formula"] = "1"
    found = paths(doc)
    assert found["derived[0].formula.add[0].fact"] == (
        "unknown fact 'full_time_staf' (did you mean 'full_time_staff'?)"
    )
    assert found["derived[1].formula"] == (
        "a bool derived fact is defined by its condition, not by a formula"
    )


def test_a_definition_is_required_and_types_are_limited():
    doc = bilbao_2022()
    del doc["derived"][0]["formula"]
    doc["derived"][1]["type"] = "date"
    found = paths(doc)
    assert found["derived[0].formula"] == "is required for a decimal derived fact"
    assert found["derived[1].type"].startswith("'date' is not one of")


def test_later_derived_facts_may_be_read_before_their_declaration():
    doc = bilbao_2022()
    doc["derived"].reverse()
    assert validate_definition(doc) == []
    compiled = CompiledProgramme(doc)
    assert compiled.evaluate(FULL, as_of=AS_OF).amount == Decimal("1800.00")


def test_v1_documents_refuse_derived():
    doc = bilbao_2022()
    doc["format"] = "onestop.programme/v1"
    assert paths(doc)["derived"] == "needs format 'onestop.programme/v2'"
