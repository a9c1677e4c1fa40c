"""Format v2 application unit: `application_unit`, `ceiling_per_organisation`, `one_per`
"establishment", and the catalogue fact `surface_m2`."""

from __future__ import annotations

from decimal import Decimal

import pytest

from eligibility.engine import (
    CATALOGUE,
    LANGUAGES,
    CompiledProgramme,
    InvalidDefinition,
    compile_programme,
    validate_definition,
)
from eligibility.service import (
    PER_ESTABLISHMENT,
    programme_application_unit,
    programme_ceiling_per_organisation,
)
from tests.eligibility.engine_builders import AS_OF, programme

V1 = "onestop.programme/v1"
V2 = "onestop.programme/v2"
NEEDS_V2 = f"needs format {V2!r}"


def paths(doc) -> dict[str, str]:
    return {error.path: error.message for error in validate_definition(doc)}


def per_establishment(**changes):
    keys = {
        "format": V2,
        "application_unit": "establishment",
        "one_per": "establishment",
        "ceiling_per_organisation": "3000.00",
        **changes,
    }
    return programme(
        {"id": "area", "fact": "surface_m2", "op": "lte", "value": "150"},
        {"mul": [{"fact": "surface_m2"}, "2"]},
        **keys,
    )


# --- validation -----------------------------------------------------------------------------


def test_a_per_establishment_programme_is_valid_and_exposes_its_unit_and_ceiling():
    doc = per_establishment()
    assert validate_definition(doc) == []
    compiled = compile_programme(doc)
    assert compiled.application_unit == "establishment" == PER_ESTABLISHMENT
    assert compiled.ceiling_per_organisation == Decimal("3000.00")


def test_without_the_keys_a_programme_is_per_organisation_and_uncapped():
    for fmt in (V1, V2):
        compiled = compile_programme(programme(None, "100", format=fmt))
        assert compiled.application_unit == "organisation"
        assert compiled.ceiling_per_organisation is None


def test_application_unit_organisation_may_be_written_in_v2():
    compiled = compile_programme(programme(None, "100", format=V2, application_unit="organisation"))
    assert compiled.application_unit == "organisation"


def test_the_app_layer_reads_the_unit_and_ceiling_from_a_frozen_definition():
    assert programme_application_unit(per_establishment()) == "establishment"
    assert programme_application_unit(programme()) == "organisation"
    assert programme_ceiling_per_organisation(per_establishment()) == Decimal("3000.00")
    assert programme_ceiling_per_organisation(programme()) is None
    assert programme_ceiling_per_organisation({"ceiling_per_organisation": 2500}) == 2500


def test_every_new_key_in_a_v1_document_is_an_error_at_its_path():
    doc = per_establishment(format=V1)
    assert paths(doc) == {
        "application_unit": NEEDS_V2,
        "ceiling_per_organisation": NEEDS_V2,
        "one_per": f"'establishment' {NEEDS_V2}",
    }
    with pytest.raises(InvalidDefinition):
        compile_programme(doc)


def test_application_unit_organisation_in_v1_is_refused_too():
    assert paths(programme(application_unit="organisation")) == {"application_unit": NEEDS_V2}


def test_one_per_organisation_stays_valid_in_v1():
    assert validate_definition(programme(one_per="organisation")) == []
    assert validate_definition(programme(one_per=None)) == []


def test_ceiling_needs_a_per_establishment_programme():
    doc = programme(format=V2, ceiling_per_organisation="3000")
    assert paths(doc) == {
        "ceiling_per_organisation": "is allowed only with application_unit 'establishment': "
        "an organisation applying once is capped by its amount"
    }
    doc = programme(format=V2, application_unit="organisation", ceiling_per_organisation="1")
    assert list(paths(doc)) == ["ceiling_per_organisation"]


def test_one_per_establishment_needs_a_per_establishment_programme():
    doc = programme(format=V2, one_per="establishment")
    assert paths(doc) == {
        "one_per": "'establishment' is allowed only with application_unit 'establishment'"
    }


def test_a_negative_ceiling_is_refused_at_its_path():
    assert paths(per_establishment(ceiling_per_organisation="-1")) == {
        "ceiling_per_organisation": "must not be negative"
    }


def test_a_zero_ceiling_is_allowed():
    assert validate_definition(per_establishment(ceiling_per_organisation="0")) == []


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"application_unit": "venue"}, "application_unit"),
        ({"application_unit": None}, "application_unit"),
        ({"ceiling_per_organisation": 12.5}, "ceiling_per_organisation"),
        ({"ceiling_per_organisation": "lots"}, "ceiling_per_organisation"),
        ({"one_per": "programme"}, "one_per"),
    ],
)
def test_values_of_the_wrong_shape_are_errors_at_their_path(changes, path):
    errors = paths(per_establishment(**changes))
    assert path in errors, errors


def test_one_per_may_be_left_out_of_a_per_establishment_programme():
    doc = per_establishment()
    del doc["one_per"]
    assert validate_definition(doc) == []
    assert validate_definition(per_establishment(one_per="organisation")) == []


def test_the_schema_lists_the_new_keys():
    import json
    from pathlib import Path

    import eligibility.engine

    schema = json.loads(
        (Path(eligibility.engine.__file__).parent / "programme.schema.json").read_text()
    )
    properties = schema["properties"]
    assert properties["application_unit"] == {"enum": ["organisation", "establishment"]}
    assert properties["ceiling_per_organisation"] == {"$ref": "#/$defs/decimal"}
    assert "establishment" in properties["one_per"]["enum"]


# --- the surface_m2 fact --------------------------------------------------------------------


def test_surface_m2_is_a_decimal_catalogue_fact_labelled_in_three_languages():
    spec = CATALOGUE["surface_m2"]
    assert spec.type == "decimal"
    assert spec.min == 0
    assert spec.display == "number"
    assert spec.standard and not spec.derived
    assert {lang: spec.label[lang] for lang in LANGUAGES} == {
        "es": "Superficie del local (m²)",
        "eu": "Lokalaren azalera (m²)",
        "en": "Floor area of the premises (m²)",
    }


def test_surface_m2_evaluates_three_valued_with_explanations():
    compiled = compile_programme(per_establishment())
    met = compiled.evaluate({"surface_m2": "120.5"}, as_of=AS_OF)
    assert met.outcome == "eligible"
    assert met.amount == Decimal("241.00")
    assert [reason["text"] for reason in met.reasons("es")] == [
        "La superficie del local debe ser como máximo 150 (ha respondido 120,5)"
    ]
    assert [reason["text"] for reason in met.reasons("eu")] == [
        "Lokalaren azalera gehienez 150 izan behar da (120,5 erantzun duzu)"
    ]
    assert [reason["text"] for reason in met.reasons("en")] == [
        "The floor area of the premises must be at most 150 (you answered 120.5)"
    ]
    unmet = compiled.evaluate({"surface_m2": "200"}, as_of=AS_OF)
    assert unmet.outcome == "ineligible"
    assert unmet.reasons("en")[0]["met"] is False
    unknown = compiled.evaluate({}, as_of=AS_OF)
    assert unknown.outcome == "needs_info"
    assert unknown.missing_facts == ["surface_m2"]
    assert unknown.reasons("en")[0]["met"] is None


def test_surface_m2_refuses_a_negative_area():
    compiled = compile_programme(per_establishment())
    assert [str(error) for error in compiled.check_facts({"surface_m2": "-1"})] == [
        "surface_m2: must be at least 0, not -1"
    ]


@pytest.mark.parametrize("facts", [{"surface_m2": "120.5"}, {"surface_m2": "151"}, {}])
def test_the_compiled_evaluator_agrees_with_the_tree_walker(facts):
    doc = per_establishment()
    compiled = CompiledProgramme(doc)
    walked = CompiledProgramme(doc, generate_code=False)
    assert compiled.application_unit == walked.application_unit
    one, other = compiled.evaluate(facts, as_of=AS_OF), walked.evaluate(facts, as_of=AS_OF)
    assert (one.outcome, one.amount, one.missing_facts) == (
        other.outcome,
        other.amount,
        other.missing_facts,
    )
    assert one.reasons("eu") == other.reasons("eu")


# --- a condition chooses the unit -------------------------------------------------------------

# Travel agencies file one application for all their branches; every other business applies
# for each establishment (a sector the organisation's profile holds).
ONE_FOR_ALL = {"id": "agency", "fact": "sector", "op": "eq", "value": "tourism"}


def test_a_condition_makes_an_organisation_apply_once_for_all_its_establishments():
    compiled = compile_programme(per_establishment(one_application_when=ONE_FOR_ALL))
    assert compiled.unit_for({"sector": "tourism", "employees": 40}, AS_OF) == "organisation"
    assert compiled.unit_for({"sector": "hospitality"}, AS_OF) == "establishment"
    # Not known to hold: each establishment applies, as the programme says.
    assert compiled.unit_for({}, AS_OF) == "establishment"
    # An answer the rules would refuse is not one they hold on.
    assert compiled.unit_for({"sector": "no-such-sector"}, AS_OF) == "establishment"


def test_the_condition_may_read_derived_facts():
    doc = per_establishment(one_application_when={"fact": "years_active", "op": "gte", "value": 10})
    compiled = compile_programme(doc)
    assert compiled.unit_for({"founded_on": "2001-05-01"}, AS_OF) == "organisation"
    assert compiled.unit_for({"founded_on": "2024-05-01"}, AS_OF) == "establishment"


def test_without_the_condition_the_programmes_unit_is_everyones():
    assert compile_programme(per_establishment()).unit_for({"sector": "tourism"}) == (
        "establishment"
    )
    assert compile_programme(programme()).unit_for({"sector": "tourism"}) == "organisation"


def test_the_condition_needs_v2_and_a_per_establishment_programme():
    assert paths(programme(format=V1, one_application_when=ONE_FOR_ALL)) == {
        "one_application_when": NEEDS_V2
    }
    assert "one_application_when" in paths(programme(format=V2, one_application_when=ONE_FOR_ALL))


def test_an_invalid_condition_is_an_error_at_its_path():
    doc = per_establishment(
        one_application_when={"all": [{"fact": "sector", "op": "eq", "value": "shipyards"}]}
    )
    errors = paths(doc)
    assert list(errors) == ["one_application_when.all[0].value"]
    assert "shipyards" in errors["one_application_when.all[0].value"]
