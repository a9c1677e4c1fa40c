"""The engine's errors said as a policy editor would understand them, in the admin language.

The engine writes for the people who write definitions by hand (`eligibility.all[1].value:
must be a whole number ('employees' is a int fact), not 'many'`). The editor's fields show
the same problem as a sentence that names the rule and the fact by their labels:
`Rule «staff» (Eligibility, rule 2): the value must be a whole number, because "Employees"
is counted in whole numbers.` The engine's wording stays on the JSON tab, next to the path.
"""

import re
from typing import Any

from django.utils.translation import gettext as _

from cms.programme_editor.paths import parse_path
from eligibility.engine import CATALOGUE
from onestop.i18n import text_in_language

_FACT = r"'(?P<fact>[A-Za-z_][A-Za-z0-9_]*)'"
_WRONG_TYPE = re.compile(rf"^must be .+ \({_FACT} is a (?P<kind>\w+) fact\), not .+$")
_WRONG_OP = re.compile(rf"^'(?P<op>\w+)' cannot be used with \w+ fact {_FACT}")
_NOT_A_CHOICE = re.compile(rf"^(?P<value>.+) is not a choice of {_FACT}")
_UNKNOWN_FACT = re.compile(rf"^unknown fact {_FACT}(?: \(did you mean '(?P<close>\w+)'\?\))?$")


def fact_label(name: str, definition: Any) -> str:
    """A fact's label in the admin language: the catalogue's, or the programme question's."""
    spec = CATALOGUE.get(name)
    if spec is not None:
        return text_in_language(spec.label) or name
    questions = definition.get("questions") if isinstance(definition, dict) else None
    for question in questions if isinstance(questions, list) else []:
        if isinstance(question, dict) and question.get("name") == name:
            label = question.get("label")
            return (text_in_language(label) if isinstance(label, dict) else None) or name
    return name


def plain_problem(message: str, definition: Any) -> str:
    """The engine's message as a sentence about the policy; unknown ones as they are."""
    found = _WRONG_TYPE.match(message)
    if found:
        label = fact_label(found["fact"], definition)
        sentence = {
            "int": _(
                'the value must be a whole number, because "%(label)s" is counted in whole numbers.'
            ),
            "decimal": _(
                'the value must be a number such as 1250.00, because "%(label)s" is an amount or a quantity.'
            ),
            "date": _('the value must be a date, because "%(label)s" is a date.'),
            "bool": _('the value must be yes or no, because "%(label)s" is answered yes or no.'),
        }.get(found["kind"])
        if sentence:
            return sentence % {"label": label}
    found = _WRONG_OP.match(message)
    if found:
        return _('this comparison cannot be used with "%(label)s": choose another one.') % {
            "label": fact_label(found["fact"], definition)
        }
    found = _NOT_A_CHOICE.match(message)
    if found:
        return _('%(value)s is not one of the answers to "%(label)s".') % {
            "value": found["value"],
            "label": fact_label(found["fact"], definition),
        }
    found = _UNKNOWN_FACT.match(message)
    if found:
        text = _('there is no fact called "%(name)s".') % {"name": found["fact"]}
        if found["close"]:
            text += " " + _('Did you mean "%(label)s" (%(name)s)?') % {
                "label": fact_label(found["close"], definition),
                "name": found["close"],
            }
        return text
    if message.startswith("is required with "):
        return _("this comparison needs a value.")
    if message.startswith("must be left out with "):
        return _("this comparison takes no value: leave the value empty.")
    if message == "must list at least one value":
        return _("choose at least one value.")
    return message


def place(path_text: str, definition: Any) -> str:
    """Where in the editor an engine path is: `Rule «staff» (Eligibility, rule 2)`."""
    from cms.programme_editor.panels import (
        PART_LABELS,  # the panels import the form, which imports this
    )

    parts = parse_path(path_text) or ()
    if not parts or parts[0] not in PART_LABELS:
        return ""
    part = str(PART_LABELS[parts[0]])
    numbers = [step + 1 for step in parts if isinstance(step, int)]
    if not numbers:
        return part
    where = _("%(part)s, rule %(number)d") % {"part": part, "number": numbers[0]}
    for number in numbers[1:]:
        where += ", " + _("option %(number)d") % {"number": number}
    ident = _rule_id(parts, definition)
    if ident:
        return _("Rule «%(id)s» (%(where)s)") % {"id": ident, "where": where}
    return where


def _rule_id(parts, definition: Any) -> str | None:
    """The id of the innermost rule on the path that has one."""
    node, ident = definition, None
    for step in parts:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            ident = node["id"]
    return ident


def plain_error(error, definition: Any) -> str:
    """The whole sentence, place first, for the page's error summary and the fields."""
    where = place(error.path, definition)
    problem = plain_problem(error.message, definition)
    return f"{where}: {problem}" if where else problem
