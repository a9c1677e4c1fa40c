"""Format v2 evidence: how each requirement is proven (declared, consent to verify, a
document), inherited from groups, validated at its path and written out in es/eu/en."""

from eligibility.engine import compile_programme, validate_definition
from tests.eligibility.engine_builders import programme

V2 = "onestop.programme/v2"
DOCUMENTS = [{"code": "iae", "label": {"es": "Alta en el IAE"}}]


def doc(eligibility, **overrides):
    return programme(eligibility, 100, format=V2, documents=DOCUMENTS, **overrides)


ELIGIBILITY = {
    "all": [
        {"id": "tax", "fact": "tax_obligations_current", "op": "is_true", "evidence": "consent"},
        {
            "all": [
                {"id": "staff", "fact": "employees", "op": "lte", "value": 10},
                {"id": "sector", "fact": "sector", "op": "eq", "value": "hospitality",
                 "evidence": {"document": "iae"}},
            ],
            "evidence": "declaration",
        },
        {"not": {"id": "debts", "fact": "debts_with_city", "op": "is_true"}},
    ]
}  # fmt: skip


def test_each_leaf_gets_its_own_or_its_groups_evidence():
    compiled = compile_programme(doc(ELIGIBILITY))
    assert [(item.condition, item.by, item.document) for item in compiled.evidence] == [
        ("tax", "consent", None),
        ("staff", "declaration", None),
        ("sector", "document", "iae"),
    ]


def test_the_requirements_are_written_out_in_each_language():
    compiled = compile_programme(doc(ELIGIBILITY))
    for lang in ("es", "eu", "en"):
        texts = compiled.evidence_texts(lang)
        assert [item["id"] for item in texts] == ["tax", "staff", "sector"]
        assert all(item["text"] for item in texts)
    english = compiled.evidence_texts("en")
    assert "10" in english[1]["text"]
    assert english[1]["text"] != compiled.evidence_texts("es")[1]["text"]


def test_evidence_does_not_change_the_outcome():
    with_evidence = compile_programme(doc(ELIGIBILITY))
    plain = compile_programme(doc(_strip(ELIGIBILITY)))
    facts = {"tax_obligations_current": True, "employees": 3, "sector": "hospitality",
             "debts_with_city": False}  # fmt: skip
    assert with_evidence.evaluate(facts).to_dict() == plain.evaluate(facts).to_dict()


def _strip(node):
    if isinstance(node, dict):
        return {key: _strip(value) for key, value in node.items() if key != "evidence"}
    if isinstance(node, list):
        return [_strip(item) for item in node]
    return node


def test_a_document_evidence_must_name_one_of_the_programmes_documents():
    bad = doc({"fact": "employees", "op": "gte", "value": 1, "evidence": {"document": "cnae"}})
    errors = {error.path: error.message for error in validate_definition(bad)}
    assert errors["eligibility.evidence.document"] == (
        "'cnae' is not one of the programme's documents (documents: 'iae')"
    )


def test_an_unknown_kind_of_evidence_is_an_error_at_its_path():
    bad = doc({"fact": "employees", "op": "gte", "value": 1, "evidence": "photo"})
    errors = {error.path: error.message for error in validate_definition(bad)}
    assert errors == {
        "eligibility.evidence": "must be 'declaration', 'consent' or {'document': CODE} (a code "
        "of the programme's documents)"
    }


def test_evidence_needs_v2():
    v1 = programme(ELIGIBILITY, 100, documents=DOCUMENTS)
    errors = {error.path: error.message for error in validate_definition(v1)}
    assert errors["eligibility.all[0].evidence"] == "needs format 'onestop.programme/v2'"
    assert errors["eligibility.all[1].evidence"] == "needs format 'onestop.programme/v2'"
