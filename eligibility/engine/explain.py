"""Explanations: one sentence per eligibility leaf, in the applicant's language.

A leaf under an odd number of `not`s is explained as the requirement it really is ("must not
have debts"), so that the sentence agrees with `met`. A custom `reason` (the leaf's own, or
the nearest group's above it) is shown when the requirement is not met; otherwise the
sentence is generated from the fact, the operator, the value and the answer.

Languages: "es", "eu", "en". A regional tag ("eu-ES") counts as its language; anything else
falls back to Spanish, the city's default, rather than failing a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .catalogue import DEFAULT_LANGUAGE, LANGUAGES, FactSpec
from .formatting import date_text, join_values, money_text, number_text, percent_text
from .messages import MESSAGES, QUOTES
from .tree import Leaf, parse_operand

if TYPE_CHECKING:
    from .result import Evaluation

NEGATION = {
    "eq": "ne", "ne": "eq", "lt": "gte", "gte": "lt", "lte": "gt", "gt": "lte",
    "in": "not_in", "not_in": "in", "between": "not_between", "not_between": "between",
    "is_true": "is_false", "is_false": "is_true", "is_set": "not_set", "not_set": "is_set",
}  # fmt: skip

_TEXTS_PER_LEAF = 512

_DATE_KEYS = frozenset({"eq", "ne", "lt", "lte", "gt", "gte", "between", "not_between"})


def language(lang: Any) -> str:
    """The engine's language for a requested one: es, eu or en; unknown ones fall back to es."""
    if isinstance(lang, str):
        primary = lang.replace("_", "-").split("-", 1)[0].lower()
        if primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


def translated(text: Mapping[str, str], lang: str) -> str:
    """A translated text in `lang`, falling back to Spanish when missing or empty."""
    return text.get(lang) or text.get(DEFAULT_LANGUAGE) or ""


def explain_reasons(evaluation: Evaluation, lang: str) -> list[dict[str, Any]]:
    lang = language(lang)
    r = evaluation.facts
    reasons: list[dict[str, Any]] = []
    for use in evaluation.programme.leaves:
        met = use.met(r)
        if met is False and use.reason:
            text = translated(use.reason, lang)
        else:
            answer = r.get(use.leaf.fact.name)
            # repr, not the value: Decimal("1.0") == Decimal("1") but reads differently.
            key = (lang, repr(answer))
            text = use.texts.get(key)
            if text is None:
                text = requirement(use.leaf, use.negated, answer, lang)
                if len(use.texts) < _TEXTS_PER_LEAF:
                    use.texts[key] = text
        reasons.append({"id": use.leaf.name, "met": met, "text": text})
    check = evaluation.de_minimis
    if check is not None:
        key = "de_minimis.within" if check.passed else "de_minimis.over"
        text = MESSAGES[lang][key].format(
            total=money_text(check.total, lang),
            amount=money_text(check.amount, lang),
            sum=money_text(check.total + check.amount, lang),
            ceiling=money_text(check.ceiling, lang),
        )
        reasons.append({"id": "de_minimis", "met": check.passed, "text": text})
    return reasons


def requirement(
    leaf: Leaf, negated: bool, answer: Any, lang: str, *, with_answer: bool = True
) -> str:
    """The generated sentence for a leaf: the requirement, then the applicant's answer (or,
    `with_answer=False`, the requirement alone, as a programme page states it)."""
    lang = language(lang)
    if not with_answer:
        return _requirement(leaf, negated, "", lang).rstrip()
    return _requirement(leaf, negated, answer_text(leaf.fact, answer, lang), lang)


def _requirement(leaf: Leaf, negated: bool, answered: str, lang: str) -> str:
    words = MESSAGES[lang]
    spec = leaf.fact
    op = NEGATION[leaf.op] if negated else leaf.op
    if op in ("is_set", "not_set"):
        key = "set.required" if op == "is_set" else "set.forbidden"
        return words[key].format(label=label(spec, lang), answer=answered)
    if spec.type == "bool":
        wanted = {"is_true": True, "is_false": False}.get(op)
        if wanted is None:
            wanted = leaf.operand if op == "eq" else not leaf.operand
        if spec.statements:
            return f"{spec.statements[lang][0 if wanted else 1]} {answered}"
        key = "bool.true" if wanted else "bool.false"
        return words[key].format(subject=subject(spec, lang), answer=answered)
    prefix = "date." if spec.type == "date" and op in _DATE_KEYS else "cmp."
    fields: dict[str, str] = {
        "subject": subject(spec, lang),
        "aux": words["aux.plural" if spec.plural.get(lang) else "aux.singular"],
        "answer": answered,
    }
    if op in ("in", "not_in"):
        items = [value_text(spec, parse_operand(spec, item), lang) for item in leaf.raw]
        fields["values"] = join_values(items, words[f"list.last_{op}"])
    elif op in ("between", "not_between"):
        low, high = leaf.operand
        fields["low"] = value_text(spec, low, lang)
        fields["high"] = value_text(spec, high, lang)
    else:
        fields["value"] = value_text(spec, leaf.operand, lang)
    return words[prefix + op].format(**fields)


def answer_text(spec: FactSpec, answer: Any, lang: str) -> str:
    words = MESSAGES[lang]
    if answer is None:
        return words["answer.unknown"]
    shown = value_text(spec, answer, lang)
    if spec.answer == "derived":
        return words["answer.derived"].format(value=shown)
    if spec.answer == "have":
        key = "answer.have_one" if answer == 1 else "answer.have"
        return words[key].format(value=shown)
    return words["answer.given"].format(value=shown)


def label(spec: FactSpec, lang: str) -> str:
    return translated(spec.label, lang)


def subject(spec: FactSpec, lang: str) -> str:
    if spec.standard:
        return translated(spec.subject, lang)
    opening, closing = QUOTES[lang]
    return f"{opening}{label(spec, lang)}{closing}"


def value_text(spec: FactSpec, value: Any, lang: str) -> str:
    """A value of the fact's type as a reader of `lang` would write it."""
    if value is True or value is False:
        return MESSAGES[lang]["yes" if value else "no"]
    if spec.type == "choice":
        labels = spec.choice_labels.get(value)
        return translated(labels, lang) if labels else str(value)
    if spec.type == "date":
        return date_text(value, lang)
    if isinstance(value, Decimal):
        if spec.display == "money":
            return money_text(value, lang)
        if spec.display == "percent":
            return percent_text(value, lang)
    return number_text(value, lang)
