"""Blocks of the structured rules editor.

Wagtail blocks cannot contain themselves, so conditions and expressions are nested to a fixed
depth by construction: a condition list at level n offers leaves and groups whose children are
a condition list at level n + 1, down to `MAX_CONDITION_LEVEL`, where only leaves remain;
expressions likewise down to `MAX_EXPRESSION_LEVEL`. A definition nested deeper than that is
edited in the JSON tab instead (see `conversion`).

Every block is optional at the form level: whether something is missing or wrong is for the
engine to say, with its path, when the page is saved. The blocks of one level are built once
and shared by every parent that uses them, so the admin page carries each definition once.
"""

from functools import cache

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import BlockGroup

# Root group + four group levels below it; `not` counts as a level.
MAX_CONDITION_LEVEL = 6
# Four levels of operators; the fifth holds numbers and facts only.
MAX_EXPRESSION_LEVEL = 5

FACT_DATALIST_ID = "programme-editor-facts"

OPERATOR_CHOICES = [
    ("eq", _("equals (eq)")),
    ("ne", _("differs from (ne)")),
    ("lt", _("less than (lt)")),
    ("lte", _("at most (lte)")),
    ("gt", _("more than (gt)")),
    ("gte", _("at least (gte)")),
    ("in", _("one of (in)")),
    ("not_in", _("none of (not_in)")),
    ("between", _("between (between)")),
    ("is_true", _("is true (is_true)")),
    ("is_false", _("is false (is_false)")),
    ("is_set", _("is answered (is_set)")),
]
OPERATORS = tuple(value for value, _label in OPERATOR_CHOICES)

FACT_TYPE_CHOICES = [
    ("bool", _("Yes or no (bool)")),
    ("int", _("Whole number (int)")),
    ("decimal", _("Decimal number (decimal)")),
    ("date", _("Date (date)")),
    ("choice", _("One of a list (choice)")),
]
FACT_TYPES = tuple(value for value, _label in FACT_TYPE_CHOICES)


class TextInputBlock(blocks.FieldBlock):
    """Optional one-line text, with attributes for its input (a placeholder, a datalist)."""

    def __init__(self, required=False, help_text=None, attrs=None, **kwargs):
        self.field_options = {"required": required, "help_text": help_text}
        self.input_attrs = dict(attrs or {})
        super().__init__(**kwargs)

    @cached_property
    def field(self):
        return forms.CharField(widget=forms.TextInput(attrs=self.input_attrs), **self.field_options)

    class Meta:
        icon = "pilcrow"


class FactNameBlock(TextInputBlock):
    """A fact's name: free text, suggested from the catalogue and the programme's questions."""

    def __init__(self, attrs=None, **kwargs):
        attrs = {
            "list": FACT_DATALIST_ID,
            "autocomplete": "off",
            "spellcheck": "false",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, **kwargs)

    class Meta:
        icon = "tag"


def _text(label, help_text=None, **kwargs):
    return blocks.CharBlock(required=False, label=label, help_text=help_text, **kwargs)


class TranslatedTextBlock(blocks.StructBlock):
    """`{"es": ..., "eu": ..., "en": ...}`; an empty language is left out."""

    es = _text(_("Spanish"))
    eu = _text(_("Basque"))
    en = _text(_("English"))

    class Meta:
        icon = "globe"
        form_classname = "programme-editor-translated"
        label_format = "{es}"


class TranslatedLongTextBlock(blocks.StructBlock):
    es = blocks.TextBlock(required=False, label=_("Spanish"), rows=2)
    eu = blocks.TextBlock(required=False, label=_("Basque"), rows=2)
    en = blocks.TextBlock(required=False, label=_("English"), rows=2)

    class Meta:
        icon = "globe"
        form_classname = "programme-editor-translated"
        label_format = "{es}"


def _reason_block():
    return TranslatedLongTextBlock(
        label=_("Reason shown to the applicant when not met"),
        help_text=_("Optional. Without it, an explanation is written from the fact and value."),
    )


def _identifier_block():
    return _text(
        _("Identifier"),
        _("Optional stable name, unique in the programme (letters, digits, _ . -)."),
    )


# --- conditions ----------------------------------------------------------------------------


class ConditionLeafBlock(blocks.StructBlock):
    """`{"fact": NAME, "op": OP, "value": V}`, with the optional `id` and `reason`."""

    fact = FactNameBlock(label=_("Fact"))
    op = blocks.ChoiceBlock(choices=OPERATOR_CHOICES, required=False, label=_("Test"))
    value = TextInputBlock(
        label=_("Value"),
        attrs={"placeholder": _("e.g. 10 · a, b, c · low, high")},
    )
    id = _identifier_block()
    reason = _reason_block()

    class Meta:
        icon = "tick"
        label = _("Condition")
        form_classname = "programme-editor-leaf"
        form_layout = BlockGroup(children=["fact", "op", "value"], settings=["id", "reason"])
        label_format = "{fact} {op} {value}"


CONDITION_LEAF = ConditionLeafBlock()


class ConditionGroupBlock(blocks.StructBlock):
    """`{"all": [...]}` or `{"any": [...]}`: the kind is the stream child's type."""

    def __init__(self, children, **kwargs):
        super().__init__(
            [("children", children), ("id", _identifier_block()), ("reason", _reason_block())],
            **kwargs,
        )

    class Meta:
        form_classname = "programme-editor-group"
        form_layout = BlockGroup(children=["children"], settings=["id", "reason"])
        label_format = ""


class ConditionNotBlock(blocks.StructBlock):
    def __init__(self, condition, **kwargs):
        super().__init__(
            [("condition", condition), ("id", _identifier_block()), ("reason", _reason_block())],
            **kwargs,
        )

    class Meta:
        icon = "cross"
        label = _("Not: the condition below must not hold")
        form_classname = "programme-editor-group programme-editor-not"
        form_layout = BlockGroup(children=["condition"], settings=["id", "reason"])
        label_format = ""


def _level_note(level: int, maximum: int):
    if level >= maximum:
        return _("Deepest level: only single conditions here.")
    return None


@cache
def condition_children(level: int) -> tuple:
    """The stream children offered at `level`: a leaf, and groups while depth allows."""
    children = [("leaf", CONDITION_LEAF)]
    if level < MAX_CONDITION_LEVEL:
        children += [
            (
                "all",
                ConditionGroupBlock(
                    condition_list(level + 1), label=_("All of these must hold"), icon="list-ul"
                ),
            ),
            (
                "any",
                ConditionGroupBlock(
                    condition_list(level + 1),
                    label=_("At least one of these must hold"),
                    icon="list-ol",
                ),
            ),
            ("not", ConditionNotBlock(condition_slot(level + 1))),
        ]
    return tuple(children)


@cache
def condition_list(level: int) -> blocks.StreamBlock:
    return blocks.StreamBlock(
        list(condition_children(level)),
        required=False,
        label=_("Conditions"),
        help_text=_level_note(level, MAX_CONDITION_LEVEL),
        collapsed=False,
    )


@cache
def condition_slot(level: int) -> blocks.StreamBlock:
    """Exactly one condition (as the root of `eligibility`, under `not`, `when` or `if`)."""
    return new_condition_slot(level)


def new_condition_slot(level: int, **kwargs) -> blocks.StreamBlock:
    options = {"label": _("Condition"), "help_text": _level_note(level, MAX_CONDITION_LEVEL)}
    options.update(kwargs)
    return blocks.StreamBlock(list(condition_children(level)), required=False, max_num=1, **options)


# --- expressions ---------------------------------------------------------------------------

NUMBER_BLOCK = TextInputBlock(
    label=_("Number"), icon="decimal", attrs={"placeholder": _("e.g. 1250 or 0.5")}
)
FACT_VALUE_BLOCK = FactNameBlock(
    label=_("Value of a fact"),
    attrs={"placeholder": _("a number or yes/no fact; yes counts as 1")},
)

_OPERAND_LISTS = {
    "add": (_("Sum of"), "plus"),
    "mul": (_("Product of"), "cross"),
    "min": (_("Smallest of"), "arrow-down"),
    "max": (_("Largest of"), "arrow-up"),
}


class PairBlock(blocks.StructBlock):
    """`{"sub": [a, b]}` and `{"div": [a, b]}`."""

    def __init__(self, level: int, first_label, second_label, **kwargs):
        super().__init__(
            [
                ("first", expression_slot(level + 1, first_label)),
                ("second", expression_slot(level + 1, second_label)),
            ],
            **kwargs,
        )

    class Meta:
        form_classname = "programme-editor-expression"
        label_format = ""


class RoundBlock(blocks.StructBlock):
    def __init__(self, level: int, **kwargs):
        super().__init__(
            [
                ("value", expression_slot(level + 1, _("Value to round"))),
                ("places", _text(_("Decimal places"), _("0 to 6; halves are rounded up."))),
            ],
            **kwargs,
        )

    class Meta:
        icon = "decimal"
        label = _("Rounded")
        form_classname = "programme-editor-expression"
        label_format = ""


class IfBlock(blocks.StructBlock):
    def __init__(self, level: int, **kwargs):
        super().__init__(
            [
                ("condition", condition_slot(1)),
                ("then", expression_slot(level + 1, _("Then"))),
                ("otherwise", expression_slot(level + 1, _("Otherwise"))),
            ],
            **kwargs,
        )

    class Meta:
        icon = "help"
        label = _("If … then … otherwise")
        form_classname = "programme-editor-expression"
        label_format = ""


class BandBlock(blocks.StructBlock):
    def __init__(self, level: int, **kwargs):
        super().__init__(
            [
                ("upto", _text(_("Up to (inclusive)"))),
                ("value", expression_slot(level + 1, _("Value"))),
            ],
            **kwargs,
        )

    class Meta:
        icon = "order"
        label = _("Band")
        form_classname = "programme-editor-band"
        label_format = "≤ {upto}"


class TiersBlock(blocks.StructBlock):
    def __init__(self, level: int, **kwargs):
        super().__init__(
            [
                ("subject", expression_slot(level + 1, _("Tiered on"))),
                (
                    "bands",
                    blocks.ListBlock(
                        BandBlock(level),
                        label=_("Bands, lowest first"),
                        help_text=_("The first band whose 'up to' is at least the value applies."),
                        collapsed=False,
                    ),
                ),
                ("otherwise", expression_slot(level + 1, _("Above the last band"))),
            ],
            **kwargs,
        )

    class Meta:
        icon = "order"
        label = _("Tiers")
        form_classname = "programme-editor-expression"
        label_format = ""


@cache
def expression_children(level: int) -> tuple:
    children = [("number", NUMBER_BLOCK), ("fact", FACT_VALUE_BLOCK)]
    if level < MAX_EXPRESSION_LEVEL:
        for key, (label, icon) in _OPERAND_LISTS.items():
            children.append((key, expression_list(level + 1, label, icon)))
        children += [
            ("sub", PairBlock(level, _("Value"), _("Minus"), label=_("Difference"), icon="minus")),
            (
                "div",
                PairBlock(level, _("Value"), _("Divided by"), label=_("Quotient"), icon="sliders"),
            ),
            ("round", RoundBlock(level)),
            ("if", IfBlock(level)),
            ("tiers", TiersBlock(level)),
        ]
    return tuple(children)


@cache
def expression_list(level: int, label, icon: str) -> blocks.StreamBlock:
    return blocks.StreamBlock(
        list(expression_children(level)),
        required=False,
        label=label,
        icon=icon,
        help_text=_level_note_expression(level),
        collapsed=False,
    )


@cache
def expression_slot(level: int, label) -> blocks.StreamBlock:
    return new_expression_slot(level, label=label)


def new_expression_slot(level: int, **kwargs) -> blocks.StreamBlock:
    options = {"help_text": _level_note_expression(level)}
    options.update(kwargs)
    return blocks.StreamBlock(
        list(expression_children(level)), required=False, max_num=1, **options
    )


def _level_note_expression(level: int):
    if level >= MAX_EXPRESSION_LEVEL:
        return _("Deepest level: only numbers and facts here.")
    return None


# --- questions and documents ---------------------------------------------------------------


class QuestionBlock(blocks.StructBlock):
    name = _text(
        _("Name"),
        _("The fact's name: lowercase letters, digits and _, starting with a letter."),
    )
    type = blocks.ChoiceBlock(choices=FACT_TYPE_CHOICES, required=False, label=_("Answer type"))
    choices = blocks.TextBlock(
        required=False,
        rows=4,
        label=_("Choices"),
        help_text=_(
            "Only for 'one of a list': one answer per line, as "
            "value | Spanish | Basque | English, e.g. online_shop | Tienda online | "
            "Lineako denda | Online shop. Applicants see the labels, never the value."
        ),
    )
    min = _text(_("Minimum"), _("Optional, for whole and decimal numbers."))
    max = _text(_("Maximum"), _("Optional, for whole and decimal numbers."))
    label = TranslatedLongTextBlock(label=_("Question"))
    help = TranslatedLongTextBlock(label=_("Help text"))

    class Meta:
        icon = "help"
        label = _("Question")
        label_format = "{name}"
        form_layout = BlockGroup(
            children=["name", "type", "choices", "label", "help"], settings=["min", "max"]
        )


class DocumentBlock(blocks.StructBlock):
    code = _text(_("Code"), _("Lowercase letters, digits and _, starting with a letter; unique."))
    label = TranslatedTextBlock(label=_("Document name"))

    def __init__(self, **kwargs):
        super().__init__(
            [
                (
                    "when",
                    new_condition_slot(
                        1,
                        label=_("Required only when"),
                        help_text=_(
                            "Optional. Without a condition, the document is always required."
                        ),
                    ),
                )
            ],
            **kwargs,
        )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        label_format = "{code}"


# Streams with one kind of child rather than ListBlocks: the admin cannot draw a ListBlock as
# a form field of its own (only inside other blocks).
def questions_block() -> blocks.StreamBlock:
    return blocks.StreamBlock(
        [("question", QuestionBlock())], required=False, label=_("Questions"), collapsed=True
    )


def documents_block() -> blocks.StreamBlock:
    return blocks.StreamBlock(
        [("document", DocumentBlock())], required=False, label=_("Documents"), collapsed=True
    )


def eligibility_block() -> blocks.StreamBlock:
    return new_condition_slot(1, label=_("Eligibility"))


def amount_block() -> blocks.StreamBlock:
    return new_expression_slot(1, label=_("Amount"))


def score_block() -> blocks.StreamBlock:
    return new_expression_slot(1, label=_("Score"))
