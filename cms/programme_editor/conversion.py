"""Between a programme definition and the values of the structured editor, without loss.

`definition_to_editor(definition)` gives the editor's values: plain values for the programme's
scalar fields, and the JSON-ish "prep values" of Wagtail blocks (lists of
`{"type", "value", "id"}`) for questions, documents, eligibility, amount and score. It also
keeps the definition itself under `"loaded"`. `editor_to_definition(values)` assembles the
definition back; `assemble(values)` also says where in the editor each part of the definition
came from, so that an engine error at `eligibility.all[2].value` can be shown at that field.

Lossless: `editor_to_definition(definition_to_editor(d)) == d`. The fields show what a person
edits (text), which cannot tell `"1000"` from `1000`, `"closes": null` from no `closes`, or an
empty English reason from none. So every node keeps a stable block id made from its path in
the loaded definition, and a node (or a top-level field) whose visible values are unchanged is
taken back from the loaded definition exactly as it was; only what was edited is written
anew, in the format's canonical shape and key order.

A part the blocks cannot show (nested deeper than the blocks allow, or not in the format's
shape at all) is left out of the values and listed under `"fallback"`; it is then carried over
from the loaded definition untouched, and edited in the JSON tab.

No database and no forms here: plain data in, plain data out (`shapes` says how each
kind of node is shown, `reader` and `writer` walk the two ways).
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

from cms.programme_editor.paths import Location, Path, format_path, parse_path
from cms.programme_editor.reader import Reader, part_readers
from cms.programme_editor.shapes import (
    BLOCK_FIELDS,
    PARTS,
    SCALAR_FIELDS,
    NotRepresentable,
    fact_types,
    parse_value,
)
from cms.programme_editor.writer import Assembly, Writer

__all__ = [
    "BLOCK_FIELDS",
    "PARTS",
    "SCALAR_FIELDS",
    "Assembly",
    "Location",
    "NotRepresentable",
    "Path",
    "assemble",
    "definition_fingerprint",
    "definition_to_editor",
    "editor_to_definition",
    "fact_types",
    "fallback_reasons",
    "format_path",
    "parse_path",
    "parse_value",
]


def definition_to_editor(definition: Any) -> dict[str, Any]:
    """The structured editor's values for a definition (see the module's docstring)."""
    values: dict[str, Any] = {"loaded": copy.deepcopy(definition), "fallback": []}
    if not isinstance(definition, dict):
        values["fallback"] = list(PARTS)
        return values
    for part, read in part_readers(Reader()).items():
        try:
            values.update(read(definition))
        except NotRepresentable:
            values["fallback"].append(part)
    return values


def editor_to_definition(values: dict[str, Any]) -> dict[str, Any]:
    """The definition the editor's values stand for."""
    return assemble(values).definition


def assemble(values: dict[str, Any]) -> Assembly:
    """The definition, and where each of its paths came from in the editor."""
    loaded = values.get("loaded")
    if not isinstance(loaded, dict):
        loaded = {}
    return Writer(loaded).assemble(values)


def fallback_reasons(definition: Any) -> dict[str, str]:
    """Why each part that the structured editor cannot show is not shown."""
    if not isinstance(definition, dict):
        return dict.fromkeys(PARTS, "the definition is not a JSON object")
    reasons = {}
    for part, read in part_readers(Reader()).items():
        try:
            read(definition)
        except NotRepresentable as error:
            reasons[part] = str(error)
    return reasons


def definition_fingerprint(definition: Any) -> str:
    """A digest that changes when the definition's content does (not its key order)."""
    text = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
