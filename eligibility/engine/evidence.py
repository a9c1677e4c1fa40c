"""Evidence: how each requirement is proven, so that the wizard asks for exactly that and
the caseworker knows what to verify.

A condition may say `"evidence": "declaration"` (the applicant declares it), `"consent"` (the
applicant consents to the city checking it with the administration that holds the data, such
as the tax office for being up to date with tax obligations) or `{"document": CODE}` (one of
the programme's documents proves it). Evidence written on a group applies to the leaves
beneath it that have none of their own, as a `reason` does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eligibility.engine.errors import format_path
from eligibility.engine.explain import language, requirement

if TYPE_CHECKING:
    from eligibility.engine.programme import CompiledProgramme

DECLARATION = "declaration"
CONSENT = "consent"
DOCUMENT = "document"
EVIDENCE_KINDS = (DECLARATION, CONSENT, DOCUMENT)


@dataclass(frozen=True)
class Evidence:
    """One requirement and how it is proven."""

    condition: str  # the leaf's id, else its path: the same name its reason has
    by: str  # DECLARATION, CONSENT or DOCUMENT
    document: str | None
    path: str  # the leaf's path in the definition


def _leaf_evidence(node: Any, path: list, inherited: Any) -> Iterator[tuple[str, Any]]:
    if not isinstance(node, Mapping):
        return
    evidence = node.get("evidence", inherited)
    for key in ("all", "any"):
        if key in node:
            for index, part in enumerate(node[key]):
                yield from _leaf_evidence(part, [*path, key, index], evidence)
            return
    if "not" in node:
        yield from _leaf_evidence(node["not"], [*path, "not"], evidence)
        return
    if evidence is not None:
        yield format_path(path), evidence


def evidence_parse(programme: CompiledProgramme) -> tuple[Evidence, ...]:
    """The evidence of each eligibility leaf that declares (or inherits) one, in document
    order."""
    found = dict(_leaf_evidence(programme.definition.get("eligibility"), ["eligibility"], None))
    items = []
    for use in programme.leaves:
        evidence = found.get(use.leaf.path)
        if evidence is None:
            continue
        if isinstance(evidence, Mapping):
            items.append(Evidence(use.leaf.name, DOCUMENT, evidence["document"], use.leaf.path))
        else:
            items.append(Evidence(use.leaf.name, evidence, None, use.leaf.path))
    return tuple(items)


def evidence_texts(programme: CompiledProgramme, lang: str) -> list[dict[str, Any]]:
    """Each piece of evidence with the requirement it proves written out in `lang`:
    `{"id", "by", "document", "text"}`."""
    lang = language(lang)
    uses = {use.leaf.path: use for use in programme.leaves}
    out = []
    for item in programme.evidence:
        use = uses[item.path]
        text = requirement(use.leaf, use.negated, None, lang, with_answer=False)
        out.append({"id": item.condition, "by": item.by, "document": item.document, "text": text})
    return out
