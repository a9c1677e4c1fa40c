"""The structured editor's values -> a definition, and where each of its paths came from."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from cms.programme_editor.paths import Location, Path
from cms.programme_editor.reader import Reader, part_readers
from cms.programme_editor.shapes import (
    FORMAT,
    LANGUAGES,
    MISSING,
    OPERAND_LISTS,
    PAIRS,
    QUESTION_KEYS,
    REQUIRED_SCALARS,
    SCALAR_PARTS,
    TOP_LEVEL_KEYS,
    NotRepresentable,
    choices_from_text,
    clean_text,
    compact,
    expression_kind,
    fact_types,
    group_kind,
    group_meta_values,
    leaf_values,
    norm,
    optional_str,
    parse_number,
    parse_value,
    programme_values,
    question_values,
    reuse,
    scalar_part_values,
    text_from_values,
    text_values,
)


@dataclass
class Assembly:
    definition: dict[str, Any]
    locations: dict[Path, Location] = field(default_factory=dict)


class Writer:
    """Assembles a definition from the editor's values. A node whose visible values are as
    they were loaded is taken back from `loaded` (found by its block id) exactly; anything
    else is written anew in the format's canonical shape and key order."""

    def __init__(self, loaded: dict[str, Any]) -> None:
        self.loaded = loaded
        reader = Reader()
        for read in part_readers(reader).values():
            try:
                read(loaded)  # for the node behind each block id
            except NotRepresentable:
                continue
        self.originals = reader.originals
        self.locations: dict[Path, Location] = {}
        self.types: dict[str, str] = {}

    def at(self, path: Path, key: str, block_path: Path = ()) -> None:
        self.locations[path] = (key, block_path)

    def original(self, block_id: Any) -> Any:
        return self.originals.get(block_id) if isinstance(block_id, str) else None

    def assemble(self, values: dict[str, Any]) -> Assembly:
        loaded = self.loaded
        built: dict[str, Any] = {"format": loaded.get("format", FORMAT)}
        if "slug" in values:
            self.programme(values, built)
        else:
            for key in SCALAR_PARTS:
                if key in loaded:
                    built[key] = copy.deepcopy(loaded[key])
        if "questions" in values:
            questions = [
                self.question(item, index) for index, item in enumerate(values["questions"])
            ]
            self.at(("questions",), "questions")
            if questions or "questions" in loaded:
                built["questions"] = questions
        elif "questions" in loaded:
            built["questions"] = copy.deepcopy(loaded["questions"])
        self.types = fact_types(built.get("questions"))
        if "documents" in values:
            documents = [
                self.document(item, index) for index, item in enumerate(values["documents"])
            ]
            self.at(("documents",), "documents")
            if documents or "documents" in loaded:
                built["documents"] = documents
        elif "documents" in loaded:
            built["documents"] = copy.deepcopy(loaded["documents"])
        if "eligibility" in values:
            node = self.condition_slot(values["eligibility"], "eligibility", ("eligibility",), ())
            if node is not MISSING:
                built["eligibility"] = node
        elif "eligibility" in loaded:
            built["eligibility"] = copy.deepcopy(loaded["eligibility"])
        for key in ("amount", "score"):
            if key in values:
                node = self.expression_slot(values[key], key, (key,), ())
                if node is not MISSING:
                    built[key] = node
            elif key in loaded:
                built[key] = copy.deepcopy(loaded[key])
        definition = {key: built[key] for key in TOP_LEVEL_KEYS if key in built}
        for key, value in loaded.items():
            if key not in TOP_LEVEL_KEYS:
                definition[key] = copy.deepcopy(value)
        return Assembly(definition, self.locations)

    # --- programme --------------------------------------------------------------------------

    def programme(self, values: dict[str, Any], built: dict[str, Any]) -> None:
        try:
            shown = programme_values(self.loaded)
        except NotRepresentable:
            shown = None
        for part in SCALAR_PARTS:
            unchanged = shown is not None and scalar_part_values(shown, part) == scalar_part_values(
                values, part
            )
            if unchanged and (part in self.loaded or part not in REQUIRED_SCALARS):
                if part in self.loaded:
                    built[part] = copy.deepcopy(self.loaded[part])
            else:
                value = self.scalar(part, values)
                if value is not MISSING:
                    built[part] = value
        for part, names in SCALAR_PARTS.items():
            self.at((part,), names[0])
        for text in ("title", "summary"):
            for language in LANGUAGES:
                self.at((text, language), f"{text}_{language}")
        self.at(("window", "opens"), "window_opens")
        self.at(("window", "closes"), "window_closes")

    def scalar(self, part: str, values: dict[str, Any]) -> Any:
        if part in ("title", "summary"):
            return text_from_values(
                {language: values.get(f"{part}_{language}") for language in LANGUAGES}
            )
        if part == "window":
            opens = clean_text(values.get("window_opens"))
            closes = clean_text(values.get("window_closes"))
            if not opens and not closes:
                return MISSING
            window: dict[str, Any] = {"opens": opens} if opens else {}
            loaded_window = self.loaded.get("window")
            if closes or not isinstance(loaded_window, dict) or "closes" in loaded_window:
                window["closes"] = closes or None  # null: open-ended
            return window
        if part == "budget":
            return clean_text(values.get("budget")) or None
        if part == "one_per":
            return clean_text(values.get("one_per")) or None
        if part == "de_minimis":
            return bool(values.get("de_minimis"))
        if part == "exclusive_with":
            return list(values.get("exclusive_with") or [])
        return clean_text(values.get(part)) or MISSING

    # --- questions and documents --------------------------------------------------------------

    def question(self, item: dict[str, Any], index: int) -> dict[str, Any]:
        value = item.get("value") or {}
        path: Path = ("questions", index)
        self.at(path, "questions", (index,))
        for key in QUESTION_KEYS:
            self.at((*path, key), "questions", (index, key))
        for text in ("label", "help"):
            for language in LANGUAGES:
                self.at((*path, text, language), "questions", (index, text, language))
        original = self.original(item.get("id"))
        if original is not None:
            try:
                if norm(question_values(original, path)) == norm(value):
                    return copy.deepcopy(original)
            except NotRepresentable:
                pass
        choices = choices_from_text(clean_text(value.get("choices")))
        return compact(
            {
                "name": clean_text(value.get("name")) or MISSING,
                "type": value.get("type") or MISSING,
                "choices": choices or MISSING,
                "min": parse_number(value.get("min", ""))
                if clean_text(value.get("min"))
                else MISSING,
                "max": parse_number(value.get("max", ""))
                if clean_text(value.get("max"))
                else MISSING,
                "label": text_from_values(value.get("label") or {}),
                "help": text_from_values(value.get("help") or {}),
            }
        )

    def document(self, item: dict[str, Any], index: int) -> dict[str, Any]:
        value = item.get("value") or {}
        path: Path = ("documents", index)
        self.at(path, "documents", (index,))
        for key in ("code", "label"):
            self.at((*path, key), "documents", (index, key))
        for language in LANGUAGES:
            self.at((*path, "label", language), "documents", (index, "label", language))
        when = self.condition_slot(
            value.get("when") or [], "documents", (*path, "when"), (index, "when")
        )
        original = self.original(item.get("id"))
        if isinstance(original, dict):
            try:
                shown = {
                    "code": optional_str(original, "code", path),
                    "label": text_values(original.get("label"), (*path, "label")),
                }
            except NotRepresentable:
                shown = None
            if shown is not None and norm(shown) == norm(
                {"code": value.get("code"), "label": value.get("label")}
            ):
                return reuse(original, {"when": when})
        return compact(
            {
                "code": clean_text(value.get("code")) or MISSING,
                "label": text_from_values(value.get("label") or {}),
                "when": when,
            }
        )

    # --- conditions ---------------------------------------------------------------------------

    def condition_slot(self, items: list, key: str, path: Path, block_path: Path) -> Any:
        if not items:
            self.at(path, key, block_path)
            return MISSING
        return self.condition(items[0], key, path, (*block_path, 0))

    def condition(self, item: dict[str, Any], key: str, path: Path, block_path: Path) -> Any:
        kind = item.get("type")
        value = item.get("value") or {}
        original = self.original(item.get("id"))
        self.at(path, key, block_path)
        for attr in ("id", "reason"):
            self.at((*path, attr), key, (*block_path, attr))
        for language in LANGUAGES:
            self.at((*path, "reason", language), key, (*block_path, "reason", language))
        meta = {
            "id": clean_text(value.get("id")) or MISSING,
            "reason": text_from_values(value.get("reason") or {}),
        }
        shown_meta = {"id": value.get("id"), "reason": value.get("reason")}
        if kind == "leaf":
            return self.leaf(value, original, meta, key, path, block_path)
        if kind == "not":
            inner = self.condition_slot(
                value.get("condition") or [], key, (*path, "not"), (*block_path, "condition")
            )
            children: Any = inner
        elif kind in ("all", "any"):
            self.at((*path, kind), key, (*block_path, "children"))
            children = [
                self.condition(child, key, (*path, kind, index), (*block_path, "children", index))
                for index, child in enumerate(value.get("children") or [])
            ]
        else:
            return MISSING
        if group_kind(original) == kind:
            try:
                unchanged = norm(group_meta_values(original, kind, path)) == norm(shown_meta)
            except NotRepresentable:
                unchanged = False
            if unchanged:
                return reuse(original, {kind: children})
        return compact({"id": meta["id"], kind: children, "reason": meta["reason"]})

    def leaf(
        self,
        value: dict[str, Any],
        original: Any,
        meta: dict[str, Any],
        key: str,
        path: Path,
        block_path: Path,
    ) -> dict[str, Any]:
        for attr in ("fact", "op", "value"):
            self.at((*path, attr), key, (*block_path, attr))
        if isinstance(original, dict) and group_kind(original) is None:
            try:
                if norm(leaf_values(original, path)) == norm(value):
                    return copy.deepcopy(original)
            except NotRepresentable:
                pass
        fact = clean_text(value.get("fact"))
        op = clean_text(value.get("op"))
        return compact(
            {
                "id": meta["id"],
                "fact": fact or MISSING,
                "op": op or MISSING,
                "value": parse_value(value.get("value") or "", op, self.types.get(fact)),
                "reason": meta["reason"],
            }
        )

    # --- expressions --------------------------------------------------------------------------

    def expression_slot(self, items: list, key: str, path: Path, block_path: Path) -> Any:
        if not items:
            self.at(path, key, block_path)
            return MISSING
        return self.expression(items[0], key, path, (*block_path, 0))

    def expression(self, item: dict[str, Any], key: str, path: Path, block_path: Path) -> Any:
        kind = item.get("type")
        value = item.get("value")
        self.at(path, key, block_path)
        if kind == "number":
            original = self.original(item.get("id"))
            if expression_kind(original) == "number" and norm(str(original)) == norm(value):
                return original
            return parse_number(value or "")
        if kind == "fact":
            return {"fact": clean_text(value)}
        value = value if value is not None else {}
        if kind in OPERAND_LISTS:
            self.at((*path, kind), key, block_path)
            return {
                kind: [
                    self.expression(child, key, (*path, kind, index), (*block_path, index))
                    for index, child in enumerate(value or [])
                ]
            }
        if kind in PAIRS:
            self.at((*path, kind), key, block_path)
            operands = []
            for name in ("first", "second"):
                operand = self.expression_slot(
                    value.get(name) or [],
                    key,
                    (*path, kind, len(operands)),
                    (*block_path, name),
                )
                if operand is not MISSING:
                    operands.append(operand)
            return {kind: operands}
        if kind == "round":
            self.at((*path, "places"), key, (*block_path, "places"))
            places = clean_text(value.get("places"))
            return compact(
                {
                    "round": self.expression_slot(
                        value.get("value") or [], key, (*path, "round"), (*block_path, "value")
                    ),
                    "places": parse_number(places) if places else MISSING,
                }
            )
        if kind == "if":
            return compact(
                {
                    "if": self.condition_slot(
                        value.get("condition") or [], key, (*path, "if"), (*block_path, "condition")
                    ),
                    "then": self.expression_slot(
                        value.get("then") or [], key, (*path, "then"), (*block_path, "then")
                    ),
                    "else": self.expression_slot(
                        value.get("otherwise") or [],
                        key,
                        (*path, "else"),
                        (*block_path, "otherwise"),
                    ),
                }
            )
        if kind == "tiers":
            self.at((*path, "bands"), key, (*block_path, "bands"))
            bands = [
                self.band(band, key, (*path, "bands", index), (*block_path, "bands", index))
                for index, band in enumerate(value.get("bands") or [])
            ]
            return compact(
                {
                    "tiers": self.expression_slot(
                        value.get("subject") or [], key, (*path, "tiers"), (*block_path, "subject")
                    ),
                    "bands": bands,
                    "otherwise": self.expression_slot(
                        value.get("otherwise") or [],
                        key,
                        (*path, "otherwise"),
                        (*block_path, "otherwise"),
                    ),
                }
            )
        return MISSING

    def band(self, item: dict[str, Any], key: str, path: Path, block_path: Path) -> dict[str, Any]:
        value = item.get("value") or {}
        self.at(path, key, block_path)
        self.at((*path, "upto"), key, (*block_path, "upto"))
        text = clean_text(value.get("upto"))
        original = self.original(item.get("id"))
        if (
            isinstance(original, dict)
            and expression_kind(original.get("upto")) == "number"
            and norm(str(original["upto"])) == text
        ):
            upto: Any = original["upto"]
        else:
            upto = parse_number(text) if text else MISSING
        return compact(
            {
                "upto": upto,
                "value": self.expression_slot(
                    value.get("value") or [], key, (*path, "value"), (*block_path, "value")
                ),
            }
        )
