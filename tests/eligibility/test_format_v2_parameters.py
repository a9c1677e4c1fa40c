"""Format v2: parameters (`parameters`, `{"param": NAME}`) and legal sources (`source`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from eligibility.engine import CompiledProgramme, validate_definition
from tests.eligibility.v2_facts_examples import bilbao_2022

AS_OF = dt.date(2022, 3, 10)
FULL = {"founded_on": "2020-01-01", "full_time_staff": 3, "part_time_staff": 3}
NEEDS_V2 = "needs format 'onestop.programme/v2'"


def paths(doc):
    return {error.path: error.message for error in validate_definition(doc)}


def both(doc):
    return CompiledProgramme(doc), CompiledProgramme(doc, generate_code=False)


def test_parameters_are_offered_with_their_values_and_sources():
    compiled = CompiledProgramme(bilbao_2022())
    first, per_worker, limit = compiled.parameters
    assert (first.name, first.type, first.value) == (
        "publication_date", "date", dt.date(2022, 3, 1),
    )  # fmt: skip
    assert first.source_in("en") == "Decreto de Alcaldía de 1 de marzo de 2022"
    assert per_worker.value == Decimal("400") and per_worker.label_in("eu").startswith("Pertsona")
    assert limit.value == 10 and limit.source is None and limit.source_in("es") is None
    # The definition keeps its references: export writes what was imported.
    assert compiled.definition["eligibility"]["all"][0]["value"] == {"param": "publication_date"}


@pytest.mark.parametrize(
    ("founded", "outcome"),
    [("2022-02-28", "eligible"), ("2022-03-01", "ineligible"), (None, "needs_info")],
)
def test_a_date_parameter_in_a_condition(founded, outcome):
    for compiled in both(bilbao_2022()):
        evaluation = compiled.evaluate({**FULL, "founded_on": founded}, as_of=AS_OF)
        assert evaluation.outcome == outcome


def test_a_parameter_in_an_expression_is_a_constant():
    for compiled in both(bilbao_2022()):
        assert compiled.evaluate(FULL, as_of=AS_OF).amount == Decimal("1800.00")


def test_a_bool_parameter_counts_one_or_zero_and_between_takes_params():
    doc = bilbao_2022()
    doc["parameters"].append({"name": "bonus_on", "type": "bool", "value": True,
                              "label": {"es": "Bonificación"}})  # fmt: skip
    doc["parameters"].append({"name": "low", "type": "int", "value": 1, "label": {"es": "Mín."}})
    doc["amount"] = {"mul": [{"param": "bonus_on"}, "250"]}
    doc["eligibility"]["all"].append(
        {"id": "staff", "fact": "full_time_staff", "op": "between",
         "value": [{"param": "low"}, {"param": "headcount_limit"}]}
    )  # fmt: skip
    for compiled in both(doc):
        assert compiled.evaluate(FULL, as_of=AS_OF).amount == Decimal("250.00")
        none = compiled.evaluate({**FULL, "full_time_staff": 0}, as_of=AS_OF)
        assert none.outcome == "ineligible"
    text = CompiledProgramme(doc).evaluate(FULL, as_of=AS_OF).reasons("en")[2]["text"]
    assert "between 1 and 10" in text


def test_explanations_show_the_parameter_value_in_each_language():
    reasons = {
        lang: CompiledProgramme(bilbao_2022()).evaluate(FULL, as_of=AS_OF).reasons(lang)[0]
        for lang in ("es", "eu", "en")
    }
    assert "01/03/2022" in reasons["es"]["text"]
    assert "2022ko martxoaren 1a" in reasons["eu"]["text"]
    assert "before 1 March 2022" in reasons["en"]["text"]


# --- sources ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "founded", "small"),
    [("es", "Base 3.1", "Base 3"), ("eu", "3.1 oinarria", "3. oinarria"),
     ("en", "Rule 3.1", "Rule 3")],
)  # fmt: skip
def test_reasons_carry_their_own_or_the_nearest_source(lang, founded, small):
    reasons = CompiledProgramme(bilbao_2022()).evaluate(FULL, as_of=AS_OF).to_dict(lang)["reasons"]
    assert [(reason["id"], reason["source"]) for reason in reasons] == [
        ("founded", founded),
        ("small", small),
    ]


def test_a_reason_without_any_source_has_null_and_v1_reasons_are_unchanged():
    doc = bilbao_2022()
    del doc["eligibility"]["source"]
    reasons = CompiledProgramme(doc).evaluate(FULL, as_of=AS_OF).reasons("es")
    assert reasons[1]["source"] is None
    v1 = {key: value for key, value in doc.items() if key not in ("parameters", "derived")}
    v1["format"] = "onestop.programme/v1"
    v1["eligibility"] = {"all": [{"id": "staff", "fact": "employees", "op": "lte", "value": 9}]}
    v1["amount"] = "100"
    reason = CompiledProgramme(v1).evaluate({"employees": 3}, as_of=AS_OF).reasons("es")[0]
    assert set(reason) == {"id", "met", "text"}


def test_de_minimis_reason_has_a_null_source():
    doc = bilbao_2022()
    doc["de_minimis"] = True
    evaluation = CompiledProgramme(doc).evaluate({**FULL, "de_minimis_declared": "0"}, as_of=AS_OF)
    assert evaluation.reasons("en")[-1] == {**evaluation.reasons("en")[-1], "source": None}
    assert evaluation.reasons("en")[-1]["id"] == "de_minimis"


def test_amount_sources_on_the_decided_branch_in_order_once_each():
    doc = bilbao_2022()
    doc["amount"] = {
        "if": {"fact": "full_time_staff", "op": "gte", "value": 5},
        "then": {"mul": ["500", {"fact": "weighted_headcount"}],
                 "source": {"es": "Base 5.2", "en": "Rule 5.2"}},
        "else": {"mul": [{"param": "amount_per_worker", "source": {"es": "Base 5.1"}},
                         {"fact": "weighted_headcount"}],
                 "source": {"es": "Base 5.1", "en": "Rule 5.1"}},
        "source": {"es": "Base 5", "en": "Rule 5"},
    }  # fmt: skip
    for compiled in both(doc):
        small = compiled.evaluate(FULL, as_of=AS_OF)
        assert small.amount_sources("en") == ["Rule 5", "Rule 5.1", "Base 5.1"]
        assert small.amount_sources("es") == ["Base 5", "Base 5.1"]
        larger = compiled.evaluate({**FULL, "full_time_staff": 6, "part_time_staff": 0},
                                   as_of=AS_OF)  # fmt: skip
        assert larger.amount_sources("en") == ["Rule 5", "Rule 5.2"]
        refused = compiled.evaluate({**FULL, "founded_on": "2023-01-01"}, as_of=AS_OF)
        assert refused.amount_sources("en") == []


def test_sources_are_allowed_on_every_node_kind():
    doc = bilbao_2022()
    source = {"es": "Base 9"}
    doc["eligibility"] = {"not": {"any": [{"fact": "founded_on", "op": "is_set",
                                           "source": source}], "source": source},
                          "source": source}  # fmt: skip
    doc["amount"] = {
        "tiers": {"fact": "weighted_headcount", "source": source},
        "bands": [{"upto": 3, "value": {"round": "1", "places": 0, "source": source}}],
        "otherwise": {"sub": ["2", "1"], "source": source},
        "source": source,
    }
    assert validate_definition(doc) == []


# --- validation ---------------------------------------------------------------------------


def test_parameter_errors_at_their_path():
    doc = bilbao_2022()
    doc["parameters"] += [
        {"name": "amount_per_worker", "type": "decimal", "value": "1", "label": {"es": "x"}},
        {"name": "sector", "type": "int", "value": 1, "label": {"es": "x"}},
        {"name": "full_time_staff", "type": "int", "value": 1, "label": {"es": "x"}},
        {"name": "count", "type": "int", "value": "3", "label": {"es": "x"}},
        {"name": "opening", "type": "date", "value": "2022-02-30", "label": {"es": "x"}},
        {"name": "rate", "type": "decimal", "value": "1,5", "label": {"es": "x"}},
    ]
    found = paths(doc)
    assert found["parameters[3].name"] == "'amount_per_worker' is already declared by parameters[1]"
    assert "standard fact of the catalogue" in found["parameters[4].name"]
    assert found["parameters[5].name"] == "'full_time_staff' is already declared by questions[0]"
    assert found["parameters[6].value"] == (
        "must be a whole number (the parameter is int), not '3'"
    )
    assert found["parameters[7].value"] == "'2022-02-30' is not a valid calendar date"
    assert "parameters[8].value" in found


def test_a_parameter_must_fit_the_fact():
    doc = bilbao_2022()
    doc["eligibility"]["all"].append(
        {"fact": "full_time_staff", "op": "gte", "value": {"param": "publication_date"}}
    )
    doc["eligibility"]["all"].append(
        {"fact": "founded_on", "op": "in", "value": [{"param": "amount_per_worker"}]}
    )
    found = paths(doc)
    assert found["eligibility.all[2].value.param"] == (
        "parameter 'publication_date' is a date, but 'full_time_staff' is an int fact"
    )
    assert found["eligibility.all[3].value[0].param"] == (
        "parameter 'amount_per_worker' is a decimal, but 'founded_on' is a date fact"
    )


def test_unknown_and_date_parameters_in_expressions():
    doc = bilbao_2022()
    doc["amount"] = {"add": [{"param": "amount_per_workr"}, {"param": "publication_date"}]}
    found = paths(doc)
    assert found["amount.add[0].param"] == (
        "unknown parameter 'amount_per_workr' (did you mean 'amount_per_worker'?)"
    )
    assert found["amount.add[1].param"] == (
        "parameter 'publication_date' is a date; expressions can use only int, decimal and "
        "bool parameters"
    )


def test_unknown_parameter_in_a_condition_value():
    doc = bilbao_2022()
    doc["eligibility"]["all"][0]["value"] = {"param": "published"}
    assert paths(doc) == {"eligibility.all[0].value.param": "unknown parameter 'published'"}


def test_between_with_params_checks_its_ends():
    doc = bilbao_2022()
    doc["parameters"].append({"name": "low", "type": "int", "value": 20, "label": {"es": "x"}})
    doc["eligibility"]["all"].append(
        {"fact": "full_time_staff", "op": "between",
         "value": [{"param": "low"}, {"param": "headcount_limit"}]}
    )  # fmt: skip
    assert "greater than the high end" in paths(doc)["eligibility.all[2].value"]


def test_a_source_must_be_translated_text():
    doc = bilbao_2022()
    doc["amount"]["source"] = "Base 5"
    assert "amount.source" in paths(doc)


def test_two_operators_are_still_refused_with_a_source():
    doc = bilbao_2022()
    doc["amount"] = {"add": ["1"], "mul": ["2"], "source": {"es": "Base 5"}}
    assert paths(doc) == {"amount": "must have exactly one operator, found: add, mul"}


def test_v1_documents_refuse_parameters_params_and_sources():
    doc = bilbao_2022()
    doc["format"] = "onestop.programme/v1"
    found = paths(doc)
    assert found["parameters"] == NEEDS_V2
    assert found["eligibility.source"] == NEEDS_V2
    assert found["eligibility.all[0].source"] == NEEDS_V2
    assert found["eligibility.all[0].value.param"] == NEEDS_V2
    assert found["amount.source"] == NEEDS_V2
    assert found["amount.mul[0].param"] == NEEDS_V2
