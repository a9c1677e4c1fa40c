"""How each part of a programme definition looks in the structured editor.

The constants of the format, the values a node shows in the editor's fields (the same function
is used to fill the fields and to tell whether they were changed), and the reading of typed
text back into the format's values.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from cms.programme_editor.blocks import FACT_TYPES, OPERATORS
from cms.programme_editor.paths import Path, format_path
from eligibility.engine import AWARD_MODES, BENEFITS, CATALOGUE, UNITS

FORMAT = "onestop.programme/v1"
LANGUAGES = ("es", "eu", "en")

# The format's top-level table, in its order: assembled definitions follow it.
TOP_LEVEL_KEYS = (
    "format",
    "slug",
    "title",
    "summary",
    "benefit",
    "unit",
    "window",
    "budget",
    "award_mode",
    "one_per",
    "de_minimis",
    "exclusive_with",
    "questions",
    "documents",
    "eligibility",
    "amount",
    "score",
)
ONE_PER = ("organisation", "establishment")

# The programme's scalar fields, grouped by the definition key they make up.
SCALAR_PARTS: dict[str, tuple[str, ...]] = {
    "slug": ("slug",),
    "title": ("title_es", "title_eu", "title_en"),
    "summary": ("summary_es", "summary_eu", "summary_en"),
    "benefit": ("benefit",),
    "unit": ("unit",),
    "window": ("window_opens", "window_closes"),
    "budget": ("budget",),
    "award_mode": ("award_mode",),
    "one_per": ("one_per",),
    "de_minimis": ("de_minimis",),
    "exclusive_with": ("exclusive_with",),
}
# Required by the format: written even when left empty (a null budget is "uncapped").
REQUIRED_SCALARS = frozenset({"slug", "title", "benefit", "unit", "window", "budget", "award_mode"})
SCALAR_FIELDS = tuple(name for names in SCALAR_PARTS.values() for name in names)
BLOCK_FIELDS = ("questions", "documents", "eligibility", "amount", "score")
# Parts that fall back to the JSON tab as a whole; "programme" is every scalar field.
PARTS = ("programme", *BLOCK_FIELDS)

GROUP_KINDS = ("all", "any", "not")
LEAF_KEYS = frozenset({"fact", "op", "value", "id", "reason"})
OPERAND_LISTS = ("add", "mul", "min", "max")
PAIRS = ("sub", "div")
LIST_OPERATORS = frozenset({"in", "not_in", "between"})
TRUE_WORDS = frozenset({"true", "yes", "sí", "si", "bai"})
FALSE_WORDS = frozenset({"false", "no", "ez"})

_INTEGER = re.compile(r"-?\d+")

MISSING = object()


class NotRepresentable(Exception):
    """A part of a definition that the structured editor cannot show."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{format_path(path)}: {reason}")


def fact_types(questions: Any) -> dict[str, str]:
    """The type of every fact a definition with these questions can read."""
    types = {name: spec.type for name, spec in CATALOGUE.items()}
    if isinstance(questions, list):
        for question in questions:
            if isinstance(question, dict) and isinstance(question.get("name"), str):
                types.setdefault(question["name"], question.get("type"))
    return types


def norm(value: Any) -> Any:
    """A value as the editor shows it, for telling whether it was changed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        return [norm(item) for item in value]
    if isinstance(value, dict):
        return {key: norm(item) for key, item in value.items()}
    return value


def clean_text(value: Any) -> str:
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else ""


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | str):
        return str(value)
    raise TypeError(value)


def parse_number(text: str) -> int | str:
    """An integer when written as one, else the text as a decimal string for the engine."""
    text = clean_text(text)
    return int(text) if _INTEGER.fullmatch(text) else text


def _parse_scalar(text: str, fact_type: str | None) -> Any:
    lowered = text.lower()
    if fact_type in ("int", "decimal"):
        return int(text) if _INTEGER.fullmatch(text) else text
    if fact_type == "bool":
        if lowered in TRUE_WORDS:
            return True
        if lowered in FALSE_WORDS:
            return False
        return text
    if fact_type in ("date", "choice"):
        return text
    # A fact the engine will not know: guess, it will say what is wrong.
    if _INTEGER.fullmatch(text):
        return int(text)
    if lowered in ("true", "false"):
        return lowered == "true"
    return text


def parse_value(text: str, op: str, fact_type: str | None) -> Any:
    """A leaf's value from what was typed, by the fact's type (`MISSING` when empty)."""
    text = clean_text(text)
    if not text:
        return MISSING
    if op in LIST_OPERATORS:
        items = [item.strip() for item in text.split(",")]
        return [_parse_scalar(item, fact_type) for item in items if item]
    return _parse_scalar(text, fact_type)


def value_text(value: Any, path: Path) -> str:
    if isinstance(value, list):
        texts = []
        for item in value:
            if not isinstance(item, int | str) or (isinstance(item, str) and "," in item):
                raise NotRepresentable(path, "a list item that cannot be written as text")
            texts.append(_scalar_text(item))
        return ", ".join(texts)
    if isinstance(value, int | str):
        return _scalar_text(value)
    raise NotRepresentable(path, "a value that cannot be written as text")


def text_values(text: Any, path: Path) -> dict[str, str]:
    """A translated text as the three fields show it."""
    if text is None:
        return dict.fromkeys(LANGUAGES, "")
    if not isinstance(text, dict) or not set(text) <= set(LANGUAGES):
        raise NotRepresentable(path, "a text with languages other than es, eu and en")
    if not all(isinstance(item, str) for item in text.values()):
        raise NotRepresentable(path, "a text that is not a string")
    return {language: text.get(language, "") for language in LANGUAGES}


def text_from_values(values: dict[str, Any]) -> dict[str, str] | object:
    text = {
        language: clean_text(values.get(language))
        for language in LANGUAGES
        if clean_text(values.get(language))
    }
    return text or MISSING


def optional_str(node: dict[str, Any], key: str, path: Path) -> str:
    value = node.get(key, "")
    if not isinstance(value, str):
        raise NotRepresentable((*path, key), "not a string")
    return value


def check_keys(node: Any, allowed: frozenset[str] | set[str], path: Path) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise NotRepresentable(path, "not an object")
    unknown = set(node) - set(allowed)
    if unknown:
        raise NotRepresentable(path, f"unexpected keys: {', '.join(sorted(unknown))}")
    return node


def reuse(original: dict[str, Any], replacements: dict[str, Any]) -> dict[str, Any]:
    """The original node, with its nested parts replaced (or removed when `MISSING`)."""
    node = {}
    for key, value in original.items():
        if key in replacements:
            if replacements[key] is not MISSING:
                node[key] = replacements[key]
        else:
            node[key] = copy.deepcopy(value)
    for key, value in replacements.items():
        if key not in original and value is not MISSING:
            node[key] = value
    return node


def compact(node: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in node.items() if value is not MISSING}


# --- the values a node shows ------------------------------------------------------------------


def programme_values(definition: dict[str, Any]) -> dict[str, Any]:
    d = definition
    for key, allowed in (
        ("benefit", BENEFITS),
        ("unit", UNITS),
        ("award_mode", AWARD_MODES),
    ):
        if key in d and d[key] not in allowed:
            raise NotRepresentable((key,), "not one of the format's values")
    if d.get("one_per") not in (None, *ONE_PER):
        raise NotRepresentable(("one_per",), "not one of the format's values")
    if "de_minimis" in d and not isinstance(d["de_minimis"], bool):
        raise NotRepresentable(("de_minimis",), "not true or false")
    exclusive = d.get("exclusive_with", [])
    if not isinstance(exclusive, list) or not all(isinstance(s, str) for s in exclusive):
        raise NotRepresentable(("exclusive_with",), "not a list of programme identifiers")
    window = d.get("window", {})
    check_keys(window, {"opens", "closes"}, ("window",))
    for key in ("opens", "closes"):
        if window.get(key) is not None and not isinstance(window[key], str):
            raise NotRepresentable(("window", key), "not a date")
    budget = d.get("budget")
    if budget is not None and (isinstance(budget, bool) or not isinstance(budget, int | str)):
        raise NotRepresentable(("budget",), "not a decimal")
    if not isinstance(d.get("slug", ""), str):
        raise NotRepresentable(("slug",), "not a string")
    title = text_values(d.get("title"), ("title",))
    summary = text_values(d.get("summary"), ("summary",))
    return {
        "slug": d.get("slug", ""),
        **{f"title_{language}": title[language] for language in LANGUAGES},
        **{f"summary_{language}": summary[language] for language in LANGUAGES},
        "benefit": d.get("benefit", ""),
        "unit": d.get("unit", ""),
        "window_opens": window.get("opens") or "",
        "window_closes": window.get("closes") or "",
        "budget": "" if budget is None else str(budget),
        "award_mode": d.get("award_mode", ""),
        "one_per": d.get("one_per") or "",
        "de_minimis": bool(d.get("de_minimis", False)),
        "exclusive_with": list(exclusive),
    }


def scalar_part_values(values: dict[str, Any], part: str) -> list[Any]:
    normalised = []
    for name in SCALAR_PARTS[part]:
        value = norm(values.get(name))
        if name == "exclusive_with":
            value = sorted(set(value or []))
        normalised.append(value)
    return normalised


QUESTION_KEYS = frozenset({"name", "type", "choices", "min", "max", "label", "help"})
DOCUMENT_KEYS = frozenset({"code", "label", "when"})


def question_values(question: Any, path: Path) -> dict[str, Any]:
    check_keys(question, QUESTION_KEYS, path)
    kind = question.get("type", "")
    if kind and kind not in FACT_TYPES:
        raise NotRepresentable((*path, "type"), "not a fact type")
    choices = question.get("choices", [])
    if not isinstance(choices, list):
        raise NotRepresentable((*path, "choices"), "choices that cannot be written as text")
    bounds = {}
    for key in ("min", "max"):
        bound = question.get(key, "")
        if isinstance(bound, bool) or not isinstance(bound, int | str):
            raise NotRepresentable((*path, key), "not a number")
        bounds[key] = str(bound)
    return {
        "name": optional_str(question, "name", path),
        "type": kind,
        "choices": choices_text(choices, (*path, "choices")),
        **bounds,
        "label": text_values(question.get("label"), (*path, "label")),
        "help": text_values(question.get("help"), (*path, "help")),
    }


CHOICE_SEPARATOR = "|"


def choices_text(choices: list[Any], path: Path) -> str:
    """Choices as the editor's text: "a, b, c" while none has labels (format v1), else one
    line per choice, "value | Español | Euskara | English"."""
    if all(isinstance(c, str) and "," not in c and "\n" not in c for c in choices):
        return ", ".join(choices)
    lines = []
    for index, choice in enumerate(choices):
        if isinstance(choice, str):
            choice = {"value": choice}
        if not isinstance(choice, dict) or not set(choice) <= {"value", "label"}:
            raise NotRepresentable((*path, index), "a choice that cannot be written as text")
        labels = text_values(choice.get("label"), (*path, index, "label"))
        parts = [choice.get("value"), *(labels[language] for language in LANGUAGES)]
        if not all(
            isinstance(part, str) and CHOICE_SEPARATOR not in part and "\n" not in part
            for part in parts
        ):
            raise NotRepresentable((*path, index), "a choice that cannot be written as text")
        lines.append(f" {CHOICE_SEPARATOR} ".join(parts).rstrip(f" {CHOICE_SEPARATOR}"))
    return "\n".join(lines)


def choices_from_text(text: str) -> list[Any]:
    """The editor's choices text back as the format's choices: a bare value where a choice
    has no label (so that v1 documents stay v1), else `{"value", "label"}`."""
    if CHOICE_SEPARATOR not in text and "\n" not in text:
        return [c.strip() for c in text.split(",") if c.strip()]
    choices: list[Any] = []
    for line in text.splitlines():
        parts = [part.strip() for part in line.split(CHOICE_SEPARATOR)]
        if not parts[0]:
            continue
        labels = {
            language: part for language, part in zip(LANGUAGES, parts[1:], strict=False) if part
        }
        choices.append({"value": parts[0], "label": labels} if labels else parts[0])
    return choices


def leaf_values(node: dict[str, Any], path: Path) -> dict[str, Any]:
    check_keys(node, LEAF_KEYS, path)
    op = node.get("op", "")
    if op and op not in OPERATORS:
        raise NotRepresentable((*path, "op"), "not an operator")
    return {
        "fact": optional_str(node, "fact", path),
        "op": op,
        "value": value_text(node["value"], (*path, "value")) if "value" in node else "",
        "id": optional_str(node, "id", path),
        "reason": text_values(node.get("reason"), (*path, "reason")),
    }


def group_kind(node: Any) -> str | None:
    if isinstance(node, dict):
        kinds = [kind for kind in GROUP_KINDS if kind in node]
        if len(kinds) == 1:
            return kinds[0]
    return None


def group_meta_values(node: dict[str, Any], kind: str, path: Path) -> dict[str, Any]:
    check_keys(node, {kind, "id", "reason"}, path)
    return {
        "id": optional_str(node, "id", path),
        "reason": text_values(node.get("reason"), (*path, "reason")),
    }


def expression_kind(node: Any) -> str | None:
    """Which form of expression a node is; None when it is none of them."""
    if isinstance(node, bool):
        return None
    if isinstance(node, int | str):
        return "number"
    if not isinstance(node, dict) or not node:
        return None
    keys = set(node)
    if keys == {"fact"}:
        return "fact"
    if len(keys) == 1 and keys <= {*OPERAND_LISTS, *PAIRS}:
        return next(iter(keys))
    if "round" in keys and keys <= {"round", "places"}:
        return "round"
    if keys <= {"if", "then", "else"}:
        return "if"
    if keys <= {"tiers", "bands", "otherwise"}:
        return "tiers"
    return None
