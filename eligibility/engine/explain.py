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
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from eligibility.engine.catalogue import DEFAULT_LANGUAGE, LANGUAGES, FactSpec
from eligibility.engine.derived import needed_facts
from eligibility.engine.formatting import (
    date_text,
    join_values,
    money_text,
    number_text,
    percent_text,
)
from eligibility.engine.lines import NO_LINE
from eligibility.engine.messages import MESSAGES, QUOTES
from eligibility.engine.parameters import with_reason_sources
from eligibility.engine.tree import Leaf, LeafUse, facts_read, parse_operand

if TYPE_CHECKING:
    from eligibility.engine.result import Evaluation

NEGATION = {
    "eq": "ne", "ne": "eq", "lt": "gte", "gte": "lt", "lte": "gt", "gt": "lte",
    "in": "not_in", "not_in": "in", "between": "not_between", "not_between": "between",
    "is_true": "is_false", "is_false": "is_true", "is_set": "not_set", "not_set": "is_set",
}  # fmt: skip

# Who reads an explanation: the applicant (second person) or staff (about the applicant).
APPLICANT = "applicant"
STAFF = "staff"
VOICES = (APPLICANT, STAFF)

_TEXTS_PER_LEAF = 512

_DATE_KEYS = frozenset({"eq", "ne", "lt", "lte", "gt", "gte", "between", "not_between"})
_CHOICE_KEYS = frozenset({"eq", "ne", "in", "not_in"})
_COUNT_KEYS = frozenset({"lte", "lt"})


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


def explain_reasons(
    evaluation: Evaluation, lang: str, *, voice: str = APPLICANT, with_unknown: bool = False
) -> list[dict[str, Any]]:
    """One `{"id", "met", "text"}` per leaf. `voice` is who reads it: the applicant ("you
    answered") or staff ("answer: ..."). A leaf whose requirement cannot be settled yet, for
    want of facts (its own, or those of the group its reason speaks for), is explained as
    what is not known; `with_unknown` adds `unknown`, the names of those facts."""
    lang = language(lang)
    reasons = leaf_reasons(evaluation, lang, voice=voice, with_unknown=with_unknown)
    reasons.extend(outcome_reasons(evaluation, lang, with_unknown=with_unknown))
    return reasons


def leaf_reasons(
    evaluation: Evaluation, lang: str, *, voice: str = APPLICANT, with_unknown: bool = False
) -> list[dict[str, Any]]:
    """The part of `explain_reasons` that speaks of the eligibility leaves, one per leaf: it
    depends only on the facts the eligibility reads (see `LeafReasonsMemo`)."""
    r = evaluation.facts
    specs = evaluation.programme.fact_specs
    return [
        leaf_reason(use, r, specs, lang, voice=voice, with_unknown=with_unknown)
        for use in evaluation.programme.leaves
    ]


def leaf_reason(
    use: LeafUse,
    r: Mapping[str, Any],
    specs: Mapping[str, FactSpec],
    lang: str,
    *,
    voice: str = APPLICANT,
    with_unknown: bool = False,
) -> dict[str, Any]:
    """One leaf's `{"id", "met", "text"}` for the facts `r`: it reads only the facts of the
    leaf, or of the group its reason speaks for (see `LeafReasonsMemo`)."""
    met = use.met(r)
    unknown = use.undecided(r, specs)
    # A leaf waiting only for its own answer says so in its sentence ("no answer yet");
    # one waiting for other facts (those it is derived from, or its group's) names them.
    if unknown and unknown != [use.leaf.fact.name]:
        text = not_known(use, [specs[name] for name in unknown if name in specs], lang)
    elif met is False and use.reason:
        text = translated(use.reason, lang)
    else:
        answer = r.get(use.leaf.fact.name)
        # repr, not the value: Decimal("1.0") == Decimal("1") but reads differently.
        key = (lang, voice, repr(answer))
        text = use.texts.get(key)
        if text is None:
            text = requirement(use.leaf, use.negated, answer, lang, voice=voice)
            # Not kept for code facts: the names of codes may change while it is cached.
            if len(use.texts) < _TEXTS_PER_LEAF and use.leaf.fact.type != "code":
                use.texts[key] = text
    reason: dict[str, Any] = {"id": use.leaf.name, "met": met, "text": text}
    if with_unknown:
        reason["unknown"] = unknown
    return reason


def outcome_reasons(
    evaluation: Evaluation, lang: str, *, with_unknown: bool = False
) -> list[dict[str, Any]]:
    """The part of `explain_reasons` that speaks of the outcome's own checks: the de minimis
    ceiling, the programme line."""
    reasons: list[dict[str, Any]] = []
    check = evaluation.de_minimis
    if check is not None:
        key = "de_minimis.within" if check.passed else "de_minimis.over"
        text = MESSAGES[lang][key].format(
            total=money_text(check.total, lang),
            amount=money_text(check.amount, lang),
            sum=money_text(check.total + check.amount, lang),
            ceiling=money_text(check.ceiling, lang),
        )
        reason = {"id": "de_minimis", "met": check.passed, "text": text}
        if with_unknown:
            reason["unknown"] = []
        reasons.append(reason)
    if evaluation.line == NO_LINE:
        names = join_values(
            [translated(line.label, lang) for line in evaluation.programme.lines],
            MESSAGES[lang]["list.last_in"],
        )
        reason = {
            "id": NO_LINE,
            "met": False,
            "text": MESSAGES[lang]["line.none"].format(lines=names),
        }
        if with_unknown:
            reason["unknown"] = []
        reasons.append(reason)
    return reasons


def not_known(use: LeafUse, facts: list[FactSpec], lang: str) -> str:
    """What is missing to settle a requirement, and the requirement itself, in any voice:
    "Todavía no se sabe: Fecha de constitución. Hace falta para comprobar ..."."""
    if use.reason:
        wanted = translated(use.reason, lang)
    else:
        wanted = requirement(use.leaf, use.negated, None, lang, with_answer=False)
    names = join_values([label(spec, lang) for spec in facts], MESSAGES[lang]["list.last_and"])
    return MESSAGES[lang]["unknown.needed"].format(facts=names, requirement=wanted)


def requirement(
    leaf: Leaf,
    negated: bool,
    answer: Any,
    lang: str,
    *,
    with_answer: bool = True,
    voice: str = APPLICANT,
) -> str:
    """The generated sentence for a leaf: the requirement, then the applicant's answer (or,
    `with_answer=False`, the requirement alone, as a programme page states it)."""
    lang = language(lang)
    if not with_answer:
        return _requirement(leaf, negated, "", lang, voice).rstrip()
    answered = answer_text(leaf.fact, answer, lang, voice)
    return _requirement(leaf, negated, answered, lang, voice)


def _requirement(
    leaf: Leaf, negated: bool, answered: str, lang: str, voice: str = APPLICANT
) -> str:
    words = MESSAGES[lang]
    spec = leaf.fact
    op = NEGATION[leaf.op] if negated else leaf.op
    if op in ("is_set", "not_set"):
        key = "set.required" if op == "is_set" else "set.forbidden"
        return words[voiced(key, voice)].format(label=label(spec, lang), answer=answered)
    if spec.type == "bool":
        wanted = {"is_true": True, "is_false": False}.get(op)
        if wanted is None:
            wanted = leaf.operand if op == "eq" else not leaf.operand
        if spec.statements:
            return f"{spec.statements[lang][0 if wanted else 1]} {answered}"
        key = "bool.true" if wanted else "bool.false"
        return words[key].format(subject=subject(spec, lang), answer=answered)
    if op in ("between", "not_between") and spec.min is not None and leaf.operand[0] <= spec.min:
        # "between 0 and 49" for a fact that cannot be below 0 is simply "at most 49".
        op = "lte" if op == "between" else "gt"
        operand: Any = leaf.operand[1]
    else:
        operand = leaf.operand
    prefix = "date." if spec.type == "date" and op in _DATE_KEYS else "cmp."
    if spec.type == "choice" and op in _CHOICE_KEYS:
        prefix = "choice." if spec.standard else "question."
    elif spec.type == "int" and op in _COUNT_KEYS:
        prefix = "count."
    elif spec.type == "code" and op in _CHOICE_KEYS:
        prefix = "code."
    fields: dict[str, str] = {
        "subject": subject(spec, lang),
        "aux": words["aux.plural" if spec.plural.get(lang) else "aux.singular"],
        "can": words["can.plural" if spec.plural.get(lang) else "can.singular"],
        "answer": answered,
    }
    if op in ("in", "not_in") and spec.type == "code":
        # Named codes may hold commas and "y"/"o" of their own: a plain list reads better.
        fields["values"] = ", ".join(value_text(spec, item, lang) for item in leaf.raw)
    elif op in ("in", "not_in"):
        items = [shown(spec, parse_operand(spec, item), lang) for item in leaf.raw]
        fields["values"] = join_values(items, words[f"list.last_{op}"])
    elif op in ("between", "not_between"):
        low, high = leaf.operand
        fields["low"] = value_text(spec, low, lang)
        fields["high"] = value_text(spec, high, lang)
    else:
        fields["value"] = shown(spec, operand, lang)
    return words[prefix + op].format(**fields)


def shown(spec: FactSpec, value: Any, lang: str) -> str:
    """A value inside a requirement: choices are quoted, with a capital, so that any label
    reads as the option it is ("no puede ser «Fuera de la ciudad»")."""
    text = value_text(spec, value, lang)
    if spec.type != "choice":
        return text
    opening, closing = QUOTES[lang]
    return f"{opening}{text[:1].upper()}{text[1:]}{closing}"


def voiced(key: str, voice: str) -> str:
    """The message key for `voice`: staff read about the applicant, never to it."""
    return f"staff.{key}" if voice == STAFF else key


def answer_text(spec: FactSpec, answer: Any, lang: str, voice: str = APPLICANT) -> str:
    words = MESSAGES[lang]
    if answer is None:
        return words[voiced("answer.unknown", voice)]
    shown = value_text(spec, answer, lang)
    if spec.answer == "derived":
        return words[voiced("answer.derived", voice)].format(value=shown)
    if spec.answer == "code":
        # The applicant's own code named as the list names it, so that a refusal for the
        # wrong activity says which activity was read: "(la suya: 5621 Provisión de comidas
        # preparadas para eventos)".
        return words[voiced("answer.code", voice)].format(value=code_text(spec, answer, lang))
    if spec.answer == "have":
        key = "answer.have_one" if answer == 1 else "answer.have"
        return words[voiced(key, voice)].format(value=shown)
    return words[voiced("answer.given", voice)].format(value=shown)


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
        if labels:
            return translated(labels, lang)
        # A choice without labels of its own is shown as words, never as its code.
        return str(value).replace("_", " ").replace("-", " ")
    if spec.type == "code":
        return code_text(spec, value, lang)
    if spec.type == "date":
        return date_text(value, lang)
    if isinstance(value, Decimal):
        if spec.display == "money":
            return money_text(value, lang)
        if spec.display == "percent":
            return percent_text(value, lang)
    return number_text(value, lang)


def code_text(spec: FactSpec, code: str, lang: str) -> str:
    """A code with its name when the code list gives one: "561 Restaurantes y puestos de
    comidas"; else the code alone."""
    names = spec.code_names.get(code)
    name = translated(names, lang) if names else ""
    return f"{code} {name}" if name else code


class LeafReasonsMemo:
    """The leaf reasons of one programme in one language and voice, each kept by the values
    of the facts it reads, for a batch that explains thousands of applicants against one
    programme (`batch.evaluate_lines`): most answer each question alike, and a leaf's reason
    is a function of the facts of the leaf (or of the group its reason speaks for), the
    inputs of those facts when derived, the reference date and the desk's de minimis.

    The reasons handed out are shared between applicants: a caller may read them, never
    change them. Bounded: past `size` distinct answers to one leaf, further ones are
    explained each time. Leaves that read activity codes are never memoised (the names of
    codes may change while a memo lives); decimals are keyed by repr, as Decimal("1.0") ==
    Decimal("1") but reads differently.
    """

    def __init__(
        self, programme: Any, lang: str, *, voice: str = APPLICANT, size: int = 1024
    ) -> None:
        self.lang = language(lang)
        self.voice = voice
        self.size = size
        self._programme = programme
        self._context: tuple[Any, ...] | None = None
        specs = programme.fact_specs
        names = programme.read_names
        sources = programme.leaf_sources if programme.reasons_have_sources else None
        self._sources = sources
        # Per leaf: where its facts are among the decision's inputs, whether they are keyed
        # by repr, its source, and the reasons seen so far (None: never memoised).
        self._plan: list[tuple[LeafUse, Any, bool, Any, dict[Any, dict[str, Any]] | None]] = []
        for index, use in enumerate(programme.leaves):
            read = facts_read(use.owner if use.owner is not None else use.leaf)
            read |= needed_facts(read, specs)
            for name in list(read):
                read.update(specs[name].inputs)
            at = [position for position, name in enumerate(names) if name in read]
            types = {specs[name].type for name in read}
            memoised = bool(at) and "code" not in types
            self._plan.append(
                (
                    use,
                    itemgetter(*at) if memoised else None,
                    "decimal" in types,
                    sources[index] if sources is not None and index < len(sources) else None,
                    {} if memoised else None,
                )
            )

    def reasons(self, evaluation: Evaluation) -> list[dict[str, Any]]:
        """`evaluation.reasons(lang, voice=voice)`, each leaf's shared when seen before."""
        lang = self.lang
        context = (evaluation.as_of, evaluation._desk)
        if context != self._context:  # derived facts read the reference date and the desk
            self._context = context
            for *_, seen in self._plan:
                if seen is not None:
                    seen.clear()
        values = evaluation._resolved  # the decision's inputs, in programme.read_names order
        r: Mapping[str, Any] | None = None
        reasons: list[dict[str, Any]] = []
        for use, key_of, by_repr, source, seen in self._plan:
            if seen is not None:
                key = key_of(values)
                if by_repr:
                    key = repr(key)
                reason = seen.get(key)
                if reason is not None:
                    reasons.append(reason)
                    continue
            if r is None:
                r = evaluation.facts
            reason = leaf_reason(use, r, self._programme.fact_specs, lang, voice=self.voice)
            if self._sources is not None:
                reason["source"] = translated(source, lang) if source else None
            if seen is not None and len(seen) < self.size:
                seen[key] = reason
            reasons.append(reason)
        tail = outcome_reasons(evaluation, lang)
        if self._sources is not None:
            with_reason_sources(tail, self._sources[len(self._plan) :], lang)
        reasons.extend(tail)
        return reasons
