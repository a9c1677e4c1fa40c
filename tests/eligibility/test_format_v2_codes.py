"""Format v2 activity codes: the `code` fact type, hierarchical in/not_in, explanations."""

from __future__ import annotations

import pytest

from eligibility.engine import (
    CATALOGUE,
    CompiledProgramme,
    FactError,
    InvalidDefinition,
    codes,
    compile_programme,
    validate_definition,
)
from tests.eligibility.engine_builders import AS_OF, programme

V2 = "onestop.programme/v2"
HOSPITALITY_GROUPS = {
    "id": "activity",
    "fact": "activity_code",
    "op": "in",
    "value": ["561", "563"],
}
NAMES = {
    "561": {"es": "Restaurantes y puestos de comidas", "eu": "Jatetxeak eta janari-postuak",
            "en": "Restaurants and mobile food service activities"},
    "563": {"es": "Establecimientos de bebidas", "eu": "Edariak zerbitzatzeko establezimenduak",
            "en": "Beverage serving activities"},
}  # fmt: skip


@pytest.fixture
def no_names():
    """The engine without names from any app (restored afterwards)."""
    saved = dict(codes._names)
    codes._names.clear()
    yield
    codes._names.clear()
    codes._names.update(saved)


@pytest.fixture
def names(no_names):
    codes.set_code_names("cnae-2009", NAMES)


def v2(eligibility, **overrides):
    return programme(eligibility, format=V2, **overrides)


def both(doc):
    """The generated decision and the tree walker, which must agree."""
    return CompiledProgramme(doc), CompiledProgramme(doc, generate_code=False)


def outcomes(doc, facts):
    return [compiled.evaluate(facts, as_of=AS_OF).outcome for compiled in both(doc)]


def paths(doc):
    return {error.path: error.message for error in validate_definition(doc)}


# --- meaning ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [("5610", "eligible"), ("561", "eligible"), ("5630", "eligible"), ("563", "eligible"),
     ("5621", "ineligible"), ("562", "ineligible"), ("56", "ineligible"), ("4711", "ineligible")],
)  # fmt: skip
def test_in_is_hierarchical_groups_561_and_563_but_not_562(code, expected):
    assert outcomes(v2(HOSPITALITY_GROUPS), {"activity_code": code}) == [expected, expected]


@pytest.mark.parametrize(
    ("code", "expected"),
    [("5621", "eligible"), ("5610", "ineligible"), ("47", "eligible"), ("56", "eligible")],
)
def test_not_in_is_the_opposite_of_in(code, expected):
    leaf = {"fact": "activity_code", "op": "not_in", "value": ["561", "563"]}
    assert outcomes(v2(leaf), {"activity_code": code}) == [expected, expected]


def test_a_division_in_the_list_takes_all_its_groups_and_classes():
    leaf = {"fact": "activity_code", "op": "in", "value": ["47"]}
    for code in ("47", "471", "4711", "4719"):
        assert outcomes(v2(leaf), {"activity_code": code}) == ["eligible", "eligible"]
    assert outcomes(v2(leaf), {"activity_code": "4800"}) == ["ineligible", "ineligible"]


def test_eq_and_ne_compare_codes_exactly():
    eq = {"fact": "activity_code", "op": "eq", "value": "561"}
    assert outcomes(v2(eq), {"activity_code": "561"}) == ["eligible", "eligible"]
    assert outcomes(v2(eq), {"activity_code": "5610"}) == ["ineligible", "ineligible"]
    ne = {"fact": "activity_code", "op": "ne", "value": "561"}
    assert outcomes(v2(ne), {"activity_code": "5610"}) == ["eligible", "eligible"]


def test_unknown_code_is_unknown_and_missing_except_for_is_set():
    for compiled in both(v2(HOSPITALITY_GROUPS)):
        evaluation = compiled.evaluate({}, as_of=AS_OF)
        assert evaluation.outcome == "needs_info"
        assert evaluation.missing_facts == ["activity_code"]
        assert evaluation.met() == [("activity", None)]
    is_set = {"fact": "activity_code", "op": "is_set"}
    assert outcomes(v2(is_set), {}) == ["ineligible", "ineligible"]
    assert outcomes(v2(is_set), {"activity_code": "90"}) == ["eligible", "eligible"]


def test_three_valued_with_other_leaves():
    doc = v2({"any": [HOSPITALITY_GROUPS, {"fact": "employees", "op": "gte", "value": 5}]})
    assert outcomes(doc, {"employees": 7}) == ["eligible", "eligible"]
    assert outcomes(doc, {"employees": 2}) == ["needs_info", "needs_info"]
    assert outcomes(doc, {"employees": 2, "activity_code": "5621"}) == ["ineligible"] * 2
    doc = v2({"not": HOSPITALITY_GROUPS})
    assert outcomes(doc, {"activity_code": "5621"}) == ["eligible", "eligible"]
    assert outcomes(doc, {}) == ["needs_info", "needs_info"]


def test_a_code_question_works_as_the_catalogue_fact():
    question = {"name": "second_activity", "type": "code", "list": "cnae-2009",
                "label": {"es": "Segunda actividad"}}  # fmt: skip
    leaf = {"fact": "second_activity", "op": "in", "value": ["90"]}
    doc = v2(leaf, questions=[question])
    assert outcomes(doc, {"second_activity": "9001"}) == ["eligible", "eligible"]
    assert outcomes(doc, {"second_activity": "9602"}) == ["ineligible", "ineligible"]
    spec = CompiledProgramme(doc).fact_specs["second_activity"]
    assert spec.type == "code" and spec.code_list == "cnae-2009"


def test_documents_when_may_name_codes():
    doc = v2(None, documents=[{"code": "terrace", "label": {"es": "Licencia de terraza"},
                               "when": HOSPITALITY_GROUPS}])  # fmt: skip
    for compiled in both(doc):
        assert compiled.evaluate({"activity_code": "5630"}, as_of=AS_OF).outcome == "eligible"


# --- input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["56.10", "5", "56100", "abcd", 5610, "", " 561", True, "٥٦١"])
def test_a_code_supplied_in_another_form_is_an_error_naming_the_fact(bad):
    for compiled in both(v2(HOSPITALITY_GROUPS)):
        with pytest.raises(FactError) as raised:
            compiled.evaluate({"activity_code": bad}, as_of=AS_OF)
        assert raised.value.fact == "activity_code"
        assert "2 to 4 digits" in raised.value.message


def test_a_code_not_read_by_the_programme_is_still_checked():
    compiled = compile_programme(v2(None))
    with pytest.raises(FactError):
        compiled.evaluate({"activity_code": "56.1"}, as_of=AS_OF)
    assert compiled.evaluate({"activity_code": "561"}, as_of=AS_OF).outcome == "eligible"


# --- validation ----------------------------------------------------------------------------


def test_code_values_must_be_two_to_four_digits_at_their_path():
    leaf = {"fact": "activity_code", "op": "in", "value": ["561", "56.3", 563]}
    found = paths(v2({"all": [leaf]}))
    assert set(found) == {"eligibility.all[0].value[1]", "eligibility.all[0].value[2]"}
    assert found["eligibility.all[0].value[1]"] == (
        "must be a code of 2 to 4 digits without dots, such as \"5610\" ('activity_code' is a "
        "code fact), not '56.3'"
    )
    eq = {"fact": "activity_code", "op": "eq", "value": "5"}
    assert "eligibility.value" in paths(v2(eq))


@pytest.mark.parametrize("op", ["lt", "gte", "between", "is_true"])
def test_code_facts_take_only_eq_ne_in_not_in_is_set(op):
    leaf = {"fact": "activity_code", "op": op, "value": "561"}
    message = paths(v2(leaf))["eligibility.op"]
    assert "use one of: eq, ne, in, not_in, is_set" in message


def test_activity_code_needs_the_v2_format_at_the_leafs_fact():
    doc = programme({"all": [{"fact": "employees", "op": "gte", "value": 1}, HOSPITALITY_GROUPS]})
    assert paths(doc) == {"eligibility.all[1].fact": "needs format 'onestop.programme/v2'"}
    with pytest.raises(InvalidDefinition):
        compile_programme(doc)


def test_code_questions_need_v2_and_a_known_list():
    question = {"name": "other", "type": "code", "list": "cnae-2009", "label": {"es": "Otra"}}
    assert paths(programme(None, questions=[question])) == {
        "questions[0].type": "needs format 'onestop.programme/v2'"
    }
    no_list = {key: value for key, value in question.items() if key != "list"}
    assert paths(v2(None, questions=[no_list])) == {
        "questions[0].list": "is required for a code question (lists: cnae-2009)"
    }
    unknown = dict(question, list="naics")
    assert paths(v2(None, questions=[unknown])) == {
        "questions[0].list": "'naics' is not a code list (lists: cnae-2009)"
    }
    on_int = {"name": "seats", "type": "int", "list": "cnae-2009", "label": {"es": "Plazas"}}
    assert paths(v2(None, questions=[on_int])) == {
        "questions[0].list": "only code questions have a list, not int"
    }


def test_expressions_cannot_read_a_code():
    doc = v2(None, amount={"fact": "activity_code"})
    assert "amount.fact" in paths(doc)


def test_code_values_lists_every_code_with_its_path_in_document_order():
    question = {"name": "other", "type": "code", "list": "cnae-2009", "label": {"es": "Otra"}}
    doc = v2(
        {"all": [HOSPITALITY_GROUPS, {"fact": "other", "op": "eq", "value": "9001"},
                 {"fact": "employees", "op": "gte", "value": 1}]},
        amount={"if": {"fact": "activity_code", "op": "eq", "value": "5630"},
                "then": "10", "else": "5"},
        questions=[question],
    )  # fmt: skip
    assert list(codes.code_values(doc)) == [
        ("eligibility.all[0].value[0]", "cnae-2009", "561"),
        ("eligibility.all[0].value[1]", "cnae-2009", "563"),
        ("eligibility.all[1].value", "cnae-2009", "9001"),
        ("amount.if.value", "cnae-2009", "5630"),
    ]


# --- explanations --------------------------------------------------------------------------


def reason_texts(doc, facts):
    evaluation = compile_programme(doc).evaluate(facts, as_of=AS_OF)
    return {lang: evaluation.reasons(lang)[0]["text"] for lang in ("es", "eu", "en")}


def test_explanations_name_the_codes_when_names_are_given(names):
    texts = reason_texts(v2(HOSPITALITY_GROUPS), {"activity_code": "5621"})
    assert texts == {
        "es": "La actividad (CNAE) debe estar entre: 561 Restaurantes y puestos de comidas, "
        "563 Establecimientos de bebidas (la suya: 5621)",
        "eu": "Jarduera (EJSN) hauetako batean egon behar da: 561 Jatetxeak eta "
        "janari-postuak, 563 Edariak zerbitzatzeko establezimenduak (zurea: 5621)",
        "en": "The activity (CNAE) must be among: 561 Restaurants and mobile food service "
        "activities, 563 Beverage serving activities (yours: 5621)",
    }


def test_explanations_show_the_codes_alone_without_names(no_names):
    texts = reason_texts(v2(HOSPITALITY_GROUPS), {"activity_code": "5621"})
    assert texts == {
        "es": "La actividad (CNAE) debe estar entre: 561, 563 (la suya: 5621)",
        "eu": "Jarduera (EJSN) hauetako batean egon behar da: 561, 563 (zurea: 5621)",
        "en": "The activity (CNAE) must be among: 561, 563 (yours: 5621)",
    }


def test_names_given_later_are_used_by_a_programme_compiled_before(no_names):
    compiled = compile_programme(v2(HOSPITALITY_GROUPS))
    evaluation = compiled.evaluate({"activity_code": "5621"}, as_of=AS_OF)
    assert evaluation.reasons("es")[0]["text"].endswith("561, 563 (la suya: 5621)")
    codes.set_code_names("cnae-2009", NAMES)
    assert "561 Restaurantes y puestos de comidas" in evaluation.reasons("es")[0]["text"]


def test_negated_and_exact_explanations(names):
    doc = v2({"all": [{"not": HOSPITALITY_GROUPS},
                      {"fact": "activity_code", "op": "eq", "value": "561"}]})  # fmt: skip
    evaluation = compile_programme(doc).evaluate({"activity_code": "5610"}, as_of=AS_OF)
    es = [reason["text"] for reason in evaluation.reasons("es")]
    assert es == [
        "La actividad (CNAE) no puede estar entre: 561 Restaurantes y puestos de comidas, "
        "563 Establecimientos de bebidas (la suya: 5610)",
        "La actividad (CNAE) debe ser 561 Restaurantes y puestos de comidas (la suya: 5610)",
    ]
    en = [reason["text"] for reason in evaluation.reasons("en")]
    assert en[0].startswith("The activity (CNAE) cannot be among: 561 Restaurants")
    staff = evaluation.reasons("es", voice="staff")[0]["text"]
    assert staff.endswith("(la del caso: 5610)")


def test_unanswered_code_is_explained_as_not_answered(no_names):
    texts = reason_texts(v2(HOSPITALITY_GROUPS), {})
    assert texts["es"] == "La actividad (CNAE) debe estar entre: 561, 563 (aún sin respuesta)"


def test_the_catalogue_fact_is_labelled_in_three_languages():
    spec = CATALOGUE["activity_code"]
    assert spec.type == "code" and spec.code_list == "cnae-2009" and not spec.derived
    assert all(spec.label[lang] and spec.subject[lang] for lang in ("es", "eu", "en"))
    assert codes.CODE_LISTS == ("cnae-2009",)


def test_names_only_for_known_lists():
    with pytest.raises(ValueError, match="not a code list"):
        codes.set_code_names("naics", {})
