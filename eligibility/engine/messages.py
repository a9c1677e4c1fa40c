"""The engine's sentences in Spanish, Basque and English.

The engine cannot use Django's translation machinery, so its few sentences live here, one
table per language with the same keys (a test checks that). Placeholders:

- `{subject}`: the fact as a sentence subject ("El número de personas empleadas",
  "Langileak", "Employees"); `{aux}`: the verb agreeing with it ("debe"/"deben",
  "da"/"dira", "must"); `{can}`: the same for "may not be" ("no puede ser", "ezin da");
- `{value}`, `{low}`, `{high}`, `{values}`: the requirement's value(s), already formatted;
- `{answer}`: the applicant's answer in parentheses, from the `answer.*` keys;
  `staff.*` keys say the same to staff, about the applicant rather than to it;
- `{facts}`, `{requirement}`: what is not known yet, and the requirement it is needed for;
- `{label}`: the question's label as the form shows it.

Basque puts the verb last and moves it forward in negative clauses ("ez da ... izan behar"),
so its sentences are not word-for-word translations of the others.
"""

from __future__ import annotations

from collections.abc import Mapping

MESSAGES: Mapping[str, Mapping[str, str]] = {
    "es": {
        "answer.code": "(la suya: {value})",
        "staff.answer.code": "(la del caso: {value})",
        "code.eq": "{subject} {aux} ser {value} {answer}",
        "code.ne": "{subject} no {can} ser {value} {answer}",
        "code.in": "{subject} {aux} estar entre: {values} {answer}",
        "code.not_in": "{subject} no {can} estar entre: {values} {answer}",
        "aux.singular": "debe",
        "aux.plural": "deben",
        "yes": "sí",
        "no": "no",
        "answer.unknown": "(aún sin respuesta)",
        "answer.given": "(ha respondido {value})",
        "answer.have": "(tiene {value})",
        "answer.have_one": "(tiene {value})",
        "answer.derived": "(en su caso: {value})",
        "staff.answer.unknown": "(sin respuesta)",
        "staff.answer.given": "(respuesta: {value})",
        "staff.answer.have": "(respuesta: {value})",
        "staff.answer.have_one": "(respuesta: {value})",
        "staff.answer.derived": "(en este caso: {value})",
        "staff.set.required": "Hace falta respuesta a: {label} {answer}",
        "staff.set.forbidden": "Debe quedar sin respuesta: {label} {answer}",
        "unknown.needed": (
            "Todavía no se sabe: {facts}. Hace falta para comprobar este requisito: {requirement}"
        ),
        "list.last_and": " y ",
        "cmp.eq": "{subject} {aux} ser {value} {answer}",
        "cmp.ne": "{subject} no {aux} ser {value} {answer}",
        "cmp.lt": "{subject} {aux} ser menos de {value} {answer}",
        "cmp.lte": "{subject} {aux} ser como máximo {value} {answer}",
        "cmp.gt": "{subject} {aux} ser más de {value} {answer}",
        "cmp.gte": "{subject} {aux} ser como mínimo {value} {answer}",
        "cmp.between": "{subject} {aux} estar entre {low} y {high} {answer}",
        "cmp.not_between": "{subject} no {aux} estar entre {low} y {high} {answer}",
        "cmp.in": "{subject} {aux} ser {values} {answer}",
        "cmp.not_in": "{subject} no {aux} ser {values} {answer}",
        "can.singular": "puede",
        "can.plural": "pueden",
        "choice.eq": "{subject} {aux} ser {value} {answer}",
        "choice.ne": "{subject} no {can} ser {value} {answer}",
        "choice.in": "{subject} {aux} ser {values} {answer}",
        "choice.not_in": "{subject} no {can} ser {values} {answer}",
        "count.lt": "{subject} {aux} ser menos de {value} {answer}",
        "question.eq": "La respuesta a {subject} debe ser {value} {answer}",
        "question.ne": "La respuesta a {subject} no puede ser {value} {answer}",
        "question.in": "La respuesta a {subject} debe ser {values} {answer}",
        "question.not_in": "La respuesta a {subject} no puede ser {values} {answer}",
        "count.lte": "{subject} {aux} ser como máximo {value} {answer}",
        "date.eq": "{subject} {aux} ser el {value} {answer}",
        "date.ne": "{subject} no {aux} ser el {value} {answer}",
        "date.lt": "{subject} {aux} ser anterior al {value} {answer}",
        "date.lte": "{subject} {aux} ser el {value} o anterior {answer}",
        "date.gt": "{subject} {aux} ser posterior al {value} {answer}",
        "date.gte": "{subject} {aux} ser el {value} o posterior {answer}",
        "date.between": "{subject} {aux} estar entre el {low} y el {high} {answer}",
        "date.not_between": "{subject} no {aux} estar entre el {low} y el {high} {answer}",
        "bool.true": "La respuesta a {subject} debe ser sí {answer}",
        "bool.false": "La respuesta a {subject} debe ser no {answer}",
        "set.required": "Debe responder a: {label} {answer}",
        "set.forbidden": "Debe dejar sin respuesta: {label} {answer}",
        "list.last_in": " o ",
        "list.last_not_in": " ni ",
        "de_minimis.within": (
            "Ayudas de minimis: {total} ya recibidos más {amount} de este programa suman "
            "{sum}, dentro del límite de {ceiling}"
        ),
        "de_minimis.over": (
            "Ayudas de minimis: {total} ya recibidos más {amount} de este programa suman "
            "{sum}, por encima del límite de {ceiling}"
        ),
        "line.none": (
            "Su caso no encaja en ninguna de las líneas de la convocatoria ({lines})"
        ),
    },
    "eu": {
        "answer.code": "(zurea: {value})",
        "staff.answer.code": "(kasu honetakoa: {value})",
        "code.eq": "{subject} {value} izan behar {aux} {answer}",
        "code.ne": "{subject} ezin {can} {value} izan {answer}",
        "code.in": "{subject} hauetako batean egon behar {aux}: {values} {answer}",
        "code.not_in": "{subject} ezin {can} hauetako batean egon: {values} {answer}",
        "aux.singular": "da",
        "aux.plural": "dira",
        "yes": "«bai»",
        "no": "«ez»",
        "answer.unknown": "(oraindik ez duzu erantzun)",
        "answer.given": "({value} erantzun duzu)",
        "answer.have": "({value} dituzu)",
        "answer.have_one": "({value} duzu)",
        "answer.derived": "(zure kasuan: {value})",
        "staff.answer.unknown": "(erantzunik gabe)",
        "staff.answer.given": "(erantzuna: {value})",
        "staff.answer.have": "(erantzuna: {value})",
        "staff.answer.have_one": "(erantzuna: {value})",
        "staff.answer.derived": "(kasu honetan: {value})",
        "staff.set.required": "Erantzun behar da: {label} {answer}",
        "staff.set.forbidden": "Erantzun gabe geratu behar da: {label} {answer}",
        "unknown.needed": (
            "Oraindik ez dakigu: {facts}. Baldintza hau egiaztatzeko behar da: {requirement}"
        ),
        "list.last_and": " eta ",
        "cmp.eq": "{subject} {value} izan behar {aux} {answer}",
        "cmp.ne": "{subject} ez {aux} {value} izan behar {answer}",
        "cmp.lt": "{subject} {value} baino gutxiago izan behar {aux} {answer}",
        "cmp.lte": "{subject} gehienez {value} izan behar {aux} {answer}",
        "cmp.gt": "{subject} {value} baino gehiago izan behar {aux} {answer}",
        "cmp.gte": "{subject} gutxienez {value} izan behar {aux} {answer}",
        "cmp.between": "{subject} {low} eta {high} artean egon behar {aux} {answer}",
        "cmp.not_between": "{subject} ez {aux} {low} eta {high} artean egon behar {answer}",
        "cmp.in": "{subject} hauetako bat izan behar {aux}: {values} {answer}",
        "cmp.not_in": "{subject} ez {aux} hauetako bat ere izan behar: {values} {answer}",
        "can.singular": "da",
        "can.plural": "dira",
        "choice.eq": "{subject} {value} izan behar {aux} {answer}",
        "choice.ne": "{subject} ezin {can} {value} izan {answer}",
        "choice.in": "{subject} {values} izan behar {aux} {answer}",
        "choice.not_in": "{subject} ezin {can} {values} izan {answer}",
        "count.lt": "{subject} {value} baino gutxiago izan behar {aux} {answer}",
        "question.eq": "{subject} galderaren erantzuna {value} izan behar da {answer}",
        "question.ne": "{subject} galderaren erantzuna ezin da {value} izan {answer}",
        "question.in": "{subject} galderaren erantzuna {values} izan behar da {answer}",
        "question.not_in": "{subject} galderaren erantzuna ezin da {values} izan {answer}",
        "count.lte": "{subject} gehienez {value} izan behar {aux} {answer}",
        "date.eq": "{subject} {value} izan behar {aux} {answer}",
        "date.ne": "{subject} ez {aux} {value} izan behar {answer}",
        "date.lt": "{subject} {value} baino lehenagokoa izan behar {aux} {answer}",
        "date.lte": "{subject} {value} edo lehenagokoa izan behar {aux} {answer}",
        "date.gt": "{subject} {value} baino geroagokoa izan behar {aux} {answer}",
        "date.gte": "{subject} {value} edo geroagokoa izan behar {aux} {answer}",
        "date.between": "{subject} {low} eta {high} artekoa izan behar {aux} {answer}",
        "date.not_between": "{subject} ez {aux} {low} eta {high} artekoa izan behar {answer}",
        "bool.true": "{subject} galderaren erantzuna «bai» izan behar da {answer}",
        "bool.false": "{subject} galderaren erantzuna «ez» izan behar da {answer}",
        "set.required": "Erantzun behar duzu: {label} {answer}",
        "set.forbidden": "Erantzun gabe utzi behar duzu: {label} {answer}",
        "list.last_in": " edo ",
        "list.last_not_in": " edo ",
        "de_minimis.within": (
            "Minimis laguntzak: lehendik jasotako {total} gehi programa honetako {amount}, "
            "guztira {sum}; muga ({ceiling}) ez da gainditzen"
        ),
        "de_minimis.over": (
            "Minimis laguntzak: lehendik jasotako {total} gehi programa honetako {amount}, "
            "guztira {sum}; muga ({ceiling}) gaindituko litzateke"
        ),
        "line.none": (
            "Zure kasua ez dator bat deialdiaren lerroetako batekin ere ({lines})"
        ),
    },
    "en": {
        "answer.code": "(yours: {value})",
        "staff.answer.code": "(in this case: {value})",
        "code.eq": "{subject} {aux} be {value} {answer}",
        "code.ne": "{subject} {can} be {value} {answer}",
        "code.in": "{subject} {aux} be among: {values} {answer}",
        "code.not_in": "{subject} {can} be among: {values} {answer}",
        "aux.singular": "must",
        "aux.plural": "must",
        "yes": "yes",
        "no": "no",
        "answer.unknown": "(no answer yet)",
        "answer.given": "(you answered {value})",
        "answer.have": "(you have {value})",
        "answer.have_one": "(you have {value})",
        "answer.derived": "(in your case: {value})",
        "staff.answer.unknown": "(no answer)",
        "staff.answer.given": "(answer: {value})",
        "staff.answer.have": "(answer: {value})",
        "staff.answer.have_one": "(answer: {value})",
        "staff.answer.derived": "(in this case: {value})",
        "staff.set.required": "An answer is required to: {label} {answer}",
        "staff.set.forbidden": "Must be left unanswered: {label} {answer}",
        "unknown.needed": "Not known yet: {facts}. It is needed to check this requirement: "
        "{requirement}",
        "list.last_and": " and ",
        "cmp.eq": "{subject} {aux} be {value} {answer}",
        "cmp.ne": "{subject} {aux} not be {value} {answer}",
        "cmp.lt": "{subject} {aux} be less than {value} {answer}",
        "cmp.lte": "{subject} {aux} be at most {value} {answer}",
        "cmp.gt": "{subject} {aux} be more than {value} {answer}",
        "cmp.gte": "{subject} {aux} be at least {value} {answer}",
        "cmp.between": "{subject} {aux} be between {low} and {high} {answer}",
        "cmp.not_between": "{subject} {aux} not be between {low} and {high} {answer}",
        "cmp.in": "{subject} {aux} be one of: {values} {answer}",
        "cmp.not_in": "{subject} {aux} not be any of: {values} {answer}",
        "can.singular": "cannot",
        "can.plural": "cannot",
        "choice.eq": "{subject} {aux} be {value} {answer}",
        "choice.ne": "{subject} {can} be {value} {answer}",
        "choice.in": "{subject} {aux} be {values} {answer}",
        "choice.not_in": "{subject} {can} be {values} {answer}",
        "count.lt": "{subject} {aux} be fewer than {value} {answer}",
        "question.eq": "The answer to {subject} must be {value} {answer}",
        "question.ne": "The answer to {subject} cannot be {value} {answer}",
        "question.in": "The answer to {subject} must be {values} {answer}",
        "question.not_in": "The answer to {subject} cannot be {values} {answer}",
        "count.lte": "{subject} {aux} be {value} or fewer {answer}",
        "date.eq": "{subject} {aux} be {value} {answer}",
        "date.ne": "{subject} {aux} not be {value} {answer}",
        "date.lt": "{subject} {aux} be before {value} {answer}",
        "date.lte": "{subject} {aux} be on or before {value} {answer}",
        "date.gt": "{subject} {aux} be after {value} {answer}",
        "date.gte": "{subject} {aux} be on or after {value} {answer}",
        "date.between": "{subject} {aux} be between {low} and {high} {answer}",
        "date.not_between": "{subject} {aux} not be between {low} and {high} {answer}",
        "bool.true": "The answer to {subject} must be yes {answer}",
        "bool.false": "The answer to {subject} must be no {answer}",
        "set.required": "You must answer: {label} {answer}",
        "set.forbidden": "You must leave unanswered: {label} {answer}",
        "list.last_in": " or ",
        "list.last_not_in": " or ",
        "de_minimis.within": (
            "De minimis aid: {total} already received plus {amount} from this programme "
            "makes {sum}, within the {ceiling} ceiling"
        ),
        "de_minimis.over": (
            "De minimis aid: {total} already received plus {amount} from this programme "
            "makes {sum}, over the {ceiling} ceiling"
        ),
        "line.none": (
            "Your case fits none of the call's lines ({lines})"
        ),
    },
}

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Basque dates name the month in the genitive: "2026ko urtarrilaren 15a".
MONTHS_EU_GENITIVE = (
    "urtarrilaren", "otsailaren", "martxoaren", "apirilaren", "maiatzaren", "ekainaren",
    "uztailaren", "abuztuaren", "irailaren", "urriaren", "azaroaren", "abenduaren",
)  # fmt: skip

# Quotation marks around a programme question's label, used as a sentence subject.
QUOTES = {"es": ("«", "»"), "eu": ("«", "»"), "en": ("“", "”")}


def message(lang: str, key: str) -> str:
    return MESSAGES[lang][key]
