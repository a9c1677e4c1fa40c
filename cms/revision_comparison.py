"""How Wagtail's revision comparison shows a programme's rules.

Wagtail shows a field it has no comparison class for as its whole value struck out and
rewritten, which for a definition is two walls of JSON. Here the definition is laid out as
indented JSON in a fixed key order and compared line by line, with a few unchanged lines of
context around each change, so that a reviewer sees exactly which rule or amount moved.
"""

import difflib
import json

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail.admin.compare import FieldComparison

CONTEXT_LINES = 3

# Keys come in the order the format documents them (top level, then conditions, expressions,
# questions and translated texts), whatever order the database returns them in: PostgreSQL's
# jsonb reorders keys, which would otherwise show as changes. Unknown keys follow, sorted.
KEY_ORDER = (
    "format",
    "slug",
    "title",
    "summary",
    "benefit",
    "unit",
    "window",
    "opens",
    "closes",
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
    "id",
    "name",
    "code",
    "type",
    "choices",
    "min",
    "max",
    "all",
    "any",
    "not",
    "fact",
    "op",
    "if",
    "then",
    "else",
    "tiers",
    "bands",
    "upto",
    "value",
    "otherwise",
    "round",
    "places",
    "add",
    "sub",
    "mul",
    "div",
    "when",
    "label",
    "help",
    "reason",
    "es",
    "eu",
    "en",
)
_KEY_RANK = {key: rank for rank, key in enumerate(KEY_ORDER)}


def definition_lines(value) -> list[str]:
    """The value as indented JSON lines, keys in a stable order."""
    if value is None:
        return []
    return json.dumps(_ordered(value), ensure_ascii=False, indent=2).splitlines()


def _ordered(value):
    if isinstance(value, dict):
        keys = sorted(value, key=lambda key: (_KEY_RANK.get(key, len(_KEY_RANK)), key))
        return {key: _ordered(value[key]) for key in keys}
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    return value


class DefinitionComparison(FieldComparison):
    """A line-by-line diff of two programme definitions."""

    def htmldiff(self):
        old, new = definition_lines(self.val_a), definition_lines(self.val_b)
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        rows = []
        for number, group in enumerate(matcher.get_grouped_opcodes(CONTEXT_LINES)):
            first, last = group[0], group[-1]
            rows.append(
                _hunk_heading(
                    old_from=first[1],
                    old_to=last[2],
                    new_from=first[3],
                    new_to=last[4],
                    spaced=number > 0,
                )
            )
            for tag, old_from, old_to, new_from, new_to in group:
                if tag == "equal":
                    rows.extend(_line("", "  ", line) for line in old[old_from:old_to])
                    continue
                rows.extend(
                    _line("deletion", "- ", line, _("Removed:")) for line in old[old_from:old_to]
                )
                rows.extend(
                    _line("addition", "+ ", line, _("Added:")) for line in new[new_from:new_to]
                )
        if not rows:
            rows = [_line("", "  ", line) for line in new]
        # One block element per line inside <pre>: the background of a changed line spans the
        # whole width, and the sign in front of it says the same without colour.
        return format_html(
            '<pre class="w-font-mono w-text-14 w-overflow-x-auto w-m-0">{}</pre>',
            format_html_join("", "{}", ((row,) for row in rows)),
        )


def _hunk_heading(*, old_from: int, old_to: int, new_from: int, new_to: int, spaced: bool) -> str:
    text = _("Lines %(old_from)s–%(old_to)s before, %(new_from)s–%(new_to)s after") % {
        "old_from": old_from + 1,
        "old_to": max(old_to, old_from + 1),
        "new_from": new_from + 1,
        "new_to": max(new_to, new_from + 1),
    }
    return format_html(
        '<span class="w-block w-text-text-meta w-font-bold{}">{}</span>',
        " w-mt-4" if spaced else "",
        text,
    )


def _line(change: str, sign: str, text: str, spoken: str = "") -> str:
    spoken_html = format_html('<span class="w-sr-only">{} </span>', spoken) if spoken else ""
    return format_html(
        '<span class="w-block{}">{}{}{}</span>',
        f" {change}" if change else "",
        spoken_html,
        sign,
        text,
    )


def comparison_class_for_json_field(field):
    """For Wagtail's registry of comparison classes: the definition diff for a programme's
    `definition`, Wagtail's own default for every other JSONField."""
    from cms.models import ProgrammePage

    if issubclass(field.model, ProgrammePage) and field.name == "definition":
        return DefinitionComparison
    return None
