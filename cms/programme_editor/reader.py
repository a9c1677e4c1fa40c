"""Definition -> the structured editor's values, remembering the node behind every block id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cms.programme_editor.blocks import MAX_CONDITION_LEVEL, MAX_EXPRESSION_LEVEL
from cms.programme_editor.paths import Path, node_id
from cms.programme_editor.shapes import (
    DOCUMENT_KEYS,
    GROUP_KINDS,
    OPERAND_LISTS,
    PAIRS,
    NotRepresentable,
    check_keys,
    expression_kind,
    group_kind,
    group_meta_values,
    leaf_values,
    optional_str,
    programme_values,
    question_values,
    text_values,
)


def part_readers(reader: Reader) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
    """Each part's reader: it gives the part's editor values or raises NotRepresentable."""
    return {
        "programme": programme_values,
        "questions": reader.questions,
        "documents": reader.documents,
        "eligibility": reader.eligibility,
        "amount": lambda d: reader.expression_field(d, "amount"),
        "score": lambda d: reader.expression_field(d, "score"),
    }


class Reader:
    """Definition -> editor values; remembers the node behind every block id."""

    def __init__(self) -> None:
        self.originals: dict[str, Any] = {}

    def questions(self, definition: dict[str, Any]) -> dict[str, Any]:
        questions = definition.get("questions", [])
        if not isinstance(questions, list):
            raise NotRepresentable(("questions",), "not a list")
        items = []
        for index, question in enumerate(questions):
            path = ("questions", index)
            value = question_values(question, path)
            items.append(self._item("questions", path, question, value, "question"))
        return {"questions": items}

    def documents(self, definition: dict[str, Any]) -> dict[str, Any]:
        documents = definition.get("documents", [])
        if not isinstance(documents, list):
            raise NotRepresentable(("documents",), "not a list")
        items = []
        for index, document in enumerate(documents):
            path: Path = ("documents", index)
            check_keys(document, DOCUMENT_KEYS, path)
            value = {
                "code": optional_str(document, "code", path),
                "label": text_values(document.get("label"), (*path, "label")),
                "when": (
                    [self.condition(document["when"], 1, "documents", (*path, "when"))]
                    if "when" in document
                    else []
                ),
            }
            items.append(self._item("documents", path, document, value, "document"))
        return {"documents": items}

    def eligibility(self, definition: dict[str, Any]) -> dict[str, Any]:
        if "eligibility" not in definition:
            return {"eligibility": []}
        return {
            "eligibility": [
                self.condition(definition["eligibility"], 1, "eligibility", ("eligibility",))
            ]
        }

    def expression_field(self, definition: dict[str, Any], key: str) -> dict[str, Any]:
        if key not in definition:
            return {key: []}
        return {key: [self.expression(definition[key], 1, key, (key,))]}

    def _item(
        self, key: str, path: Path, node: Any, value: Any, kind: str = "item"
    ) -> dict[str, Any]:
        block_id = node_id(key, path)
        self.originals[block_id] = node
        return {"type": kind, "value": value, "id": block_id}

    def _child(self, kind: str, value: Any, key: str, path: Path, node: Any) -> dict[str, Any]:
        block_id = node_id(key, path)
        self.originals[block_id] = node
        return {"type": kind, "value": value, "id": block_id}

    def condition(self, node: Any, level: int, key: str, path: Path) -> dict[str, Any]:
        if not isinstance(node, dict):
            raise NotRepresentable(path, "a condition is an object")
        kind = group_kind(node)
        if kind is None:
            if any(k in node for k in GROUP_KINDS) or "fact" not in node:
                raise NotRepresentable(path, "not a condition the editor knows")
            return self._child("leaf", leaf_values(node, path), key, path, node)
        if level >= MAX_CONDITION_LEVEL:
            raise NotRepresentable(path, "groups nested deeper than the editor allows")
        value = group_meta_values(node, kind, path)
        if kind == "not":
            value["condition"] = [self.condition(node["not"], level + 1, key, (*path, "not"))]
        else:
            parts = node[kind]
            if not isinstance(parts, list):
                raise NotRepresentable((*path, kind), "not a list")
            value["children"] = [
                self.condition(part, level + 1, key, (*path, kind, index))
                for index, part in enumerate(parts)
            ]
        return self._child(kind, value, key, path, node)

    def _slot(self, node: dict[str, Any], name: str, level: int, key: str, path: Path) -> list:
        if name not in node:
            return []
        return [self.expression(node[name], level, key, (*path, name))]

    def expression(self, node: Any, level: int, key: str, path: Path) -> dict[str, Any]:
        kind = expression_kind(node)
        if kind is None:
            raise NotRepresentable(path, "not an expression the editor knows")
        if kind == "number":
            return self._child("number", str(node), key, path, node)
        if kind == "fact":
            if not isinstance(node["fact"], str):
                raise NotRepresentable((*path, "fact"), "not a fact name")
            return self._child("fact", node["fact"], key, path, node)
        if level >= MAX_EXPRESSION_LEVEL:
            raise NotRepresentable(path, "expressions nested deeper than the editor allows")
        if kind in OPERAND_LISTS:
            operands = node[kind]
            if not isinstance(operands, list):
                raise NotRepresentable((*path, kind), "not a list")
            value: Any = [
                self.expression(operand, level + 1, key, (*path, kind, index))
                for index, operand in enumerate(operands)
            ]
        elif kind in PAIRS:
            operands = node[kind]
            if not isinstance(operands, list) or len(operands) != 2:
                raise NotRepresentable((*path, kind), "not a pair")
            value = {
                "first": [self.expression(operands[0], level + 1, key, (*path, kind, 0))],
                "second": [self.expression(operands[1], level + 1, key, (*path, kind, 1))],
            }
        elif kind == "round":
            places = node.get("places", "")
            if isinstance(places, bool) or not isinstance(places, int | str):
                raise NotRepresentable((*path, "places"), "not a number")
            value = {
                "value": self._slot(node, "round", level + 1, key, path),
                "places": str(places),
            }
        elif kind == "if":
            value = {
                "condition": (
                    [self.condition(node["if"], 1, key, (*path, "if"))] if "if" in node else []
                ),
                "then": self._slot(node, "then", level + 1, key, path),
                "otherwise": self._slot(node, "else", level + 1, key, path),
            }
        else:
            value = {
                "subject": self._slot(node, "tiers", level + 1, key, path),
                "bands": self._bands(node.get("bands", []), level, key, (*path, "bands")),
                "otherwise": self._slot(node, "otherwise", level + 1, key, path),
            }
        return self._child(kind, value, key, path, node)

    def _bands(self, bands: Any, level: int, key: str, path: Path) -> list[dict[str, Any]]:
        if not isinstance(bands, list):
            raise NotRepresentable(path, "not a list")
        items = []
        for index, band in enumerate(bands):
            band_path = (*path, index)
            check_keys(band, {"upto", "value"}, band_path)
            upto = band.get("upto", "")
            if isinstance(upto, bool) or not isinstance(upto, int | str):
                raise NotRepresentable((*band_path, "upto"), "not a number")
            value = {
                "upto": str(upto),
                "value": self._slot(band, "value", level + 1, key, band_path),
            }
            items.append(self._item(key, band_path, band, value))
        return items
