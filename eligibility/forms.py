"""Form fields for facts: one question per fact, typed as the engine types it.

Used wherever a person answers facts: the rule trial on the programme editor, the screener
and the application wizard. Every field is optional: an unanswered fact is unknown, which
the engine treats as such.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from eligibility.engine import FactSpec
from eligibility.engine.explain import code_text, translated
from eligibility.questions import choice_label

UNANSWERED = ("", "—")


def fact_field(spec: FactSpec, language: str) -> forms.Field:
    """A form field asking for one fact, labelled in `language`."""
    common = {
        "label": translated(spec.label, language),
        "help_text": translated(spec.help, language) if spec.help else "",
        "required": False,
    }
    if spec.type == "bool":
        return forms.TypedChoiceField(
            choices=[UNANSWERED, ("true", _("Yes")), ("false", _("No"))],
            coerce=lambda value: value == "true",
            empty_value=None,
            **common,
        )
    if spec.type == "int":
        return forms.IntegerField(min_value=_whole(spec.min), max_value=_whole(spec.max), **common)
    if spec.type == "decimal":
        return forms.DecimalField(
            min_value=spec.min, max_value=spec.max, decimal_places=2, localize=True, **common
        )
    if spec.type == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if spec.type == "code":
        return code_field(spec, language, **common)
    choices = [
        (value, translated(spec.choice_labels.get(value) or {"es": value}, language))
        for value in spec.choices
    ]
    return forms.ChoiceField(choices=[UNANSWERED, *choices], **common)


def facts_form_class(specs: Iterable[FactSpec], language: str) -> type[forms.Form]:
    """A form class with one optional field per fact, in the order given."""
    fields = {spec.name: fact_field(spec, language) for spec in specs}
    return type("FactsForm", (forms.Form,), fields)


def facts_from_cleaned_data(cleaned_data: Mapping[str, Any]) -> dict[str, Any]:
    """The answered facts as the engine's input: dates and decimals as strings."""
    facts = {}
    for name, value in cleaned_data.items():
        if value is None or value == "":
            continue
        if isinstance(value, Decimal):
            value = str(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, str):
            value = str(value)  # a choice may still be its enum member, a str subclass
        facts[name] = value
    return facts


def _whole(limit) -> int | None:
    return None if limit is None else int(limit)


# --- the screener: one question per page ------------------------------------------------


def screener_field(
    spec: FactSpec, language: str, *, label: str, help_text: str = ""
) -> forms.Field:
    """A required field asking one fact on a page of its own.

    Radio buttons for yes/no and choices; text inputs with a numeric keyboard for numbers,
    which accept the separators of the active language ("1.250,50" in es/eu, "1,250.50" in
    en); a date input for dates. Not answering at all is an error: a person who does not
    know says so with the page's "I don't know" button, which bypasses the form.
    """
    common: dict[str, Any] = {"label": label, "help_text": help_text, "required": True}
    if spec.type == "bool":
        return forms.TypedChoiceField(
            choices=[("true", _("Yes")), ("false", _("No"))],
            coerce=lambda value: value == "true",
            widget=forms.RadioSelect,
            error_messages={"required": _("Select yes or no, or choose “I don't know”.")},
            **common,
        )
    if spec.type == "choice":
        return forms.ChoiceField(
            choices=[(value, choice_label(spec, value, language)) for value in spec.choices],
            widget=forms.RadioSelect,
            error_messages={"required": _("Select an answer, or choose “I don't know”.")},
            **common,
        )
    if spec.type == "int":
        return LocalizedIntegerField(
            min_value=_whole(spec.min),
            max_value=_whole(spec.max),
            widget=forms.TextInput(attrs=_NUMBER_ATTRS | {"inputmode": "numeric"}),
            error_messages=_number_messages(whole=True),
            **common,
        )
    if spec.type == "decimal":
        return LocalizedDecimalField(
            min_value=spec.min,
            max_value=spec.max,
            decimal_places=2,
            localize=True,
            widget=forms.TextInput(attrs=_NUMBER_ATTRS | {"inputmode": "decimal"}),
            error_messages=_number_messages(whole=False),
            **common,
        )
    if spec.type == "code":
        return code_field(
            spec,
            language,
            error_messages={"required": _("Select an activity, or choose “I don't know”.")},
            **common,
        )
    return forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter a date, or choose “I don't know”."),
            "invalid": _("Enter a real date, like %(example)s.")
            % {"example": "2020-01-31" if language == "eu" else "31/01/2020"},
        },
        **common,
    )


def screener_form(
    spec: FactSpec,
    language: str,
    *,
    label: str,
    help_text: str = "",
    data=None,
    initial: Any = None,
) -> forms.Form:
    """A form of one field named after the fact, bound to `data` when given."""
    form_class = type(
        "ScreenerQuestionForm",
        (forms.Form,),
        {spec.name: screener_field(spec, language, label=label, help_text=help_text)},
    )
    initial_data = {} if initial is None else {spec.name: screener_initial(spec, initial)}
    return form_class(data=data, initial=initial_data)


def screener_initial(spec: FactSpec, value: Any) -> Any:
    """An answer in the engine's input format as the field shows it."""
    if spec.type == "bool":
        return "true" if value is True else "false" if value is False else None
    if spec.type == "decimal" and value is not None:
        try:
            return Decimal(str(value))
        except ArithmeticError:
            return None
    return value


_NUMBER_ATTRS = {"spellcheck": "false", "autocomplete": "off", "class": "input--number"}


def _number_messages(*, whole: bool) -> dict[str, Any]:
    messages: dict[str, Any] = {
        "required": _("Enter a number, or choose “I don't know”."),
        "min_value": _("Enter a number of %(limit_value)s or more."),
        "max_value": _("Enter a number of %(limit_value)s or less."),
    }
    if whole:
        messages["invalid"] = _("Enter a whole number using digits only, like 5.")
    else:
        messages["invalid"] = _("Enter an amount using digits only, like %(example)s.") % {
            "example": _number_example()
        }
        messages["max_decimal_places"] = _("Enter an amount with no more than 2 decimals.")
    return messages


def sanitize_number(text: str) -> str:
    """A number typed the active language's way, written the way Python reads it.

    "1.250,50" (es, eu) and "1,250.50" (en) both give "1250.50"; spaces (also non-breaking
    ones, which Django's Spanish format groups with) and a euro sign are ignored. A single dot
    not followed by three digits in es/eu ("12.5") is taken as a decimal point, as people
    often type it so. Anything else is left for the field to reject.
    """
    decimal_separator = get_format("DECIMAL_SEPARATOR")
    grouping = {get_format("THOUSAND_SEPARATOR"), " ", "\u00a0", "\u202f"}
    grouping.add("." if decimal_separator == "," else ",")
    text = text.strip().replace("€", "").strip()
    decimals: str | None = None
    if decimal_separator in text:
        text, decimals = text.rsplit(decimal_separator, 1)
    elif decimal_separator == "," and text.count(".") == 1 and len(text.split(".")[1]) != 3:
        text, decimals = text.split(".")
    for separator in grouping:
        text = text.replace(separator, "")
    return text if decimals is None else f"{text}.{decimals}"


def _number_example() -> str:
    return "1,250.50" if get_format("DECIMAL_SEPARATOR") == "." else "1.250,50"


class LocalizedDecimalField(forms.DecimalField):
    """A decimal field that accepts thousands separators of the active language."""

    def to_python(self, value):
        if isinstance(value, str):
            value = sanitize_number(value)
        return super().to_python(value)


class LocalizedIntegerField(forms.IntegerField):
    """A whole-number field that accepts thousands separators of the active language."""

    def to_python(self, value):
        if isinstance(value, str):
            value = sanitize_number(value)
        return super().to_python(value)


# --- activity codes ------------------------------------------------------------------------

_CODE_TEXT = RegexValidator(
    r"^[0-9]{2,4}$", _("Enter the code with 2 to 4 digits and no dots, like 5610.")
)


def code_options(spec: FactSpec, language: str) -> list[tuple[str, str]]:
    """The codes an applicant may choose, with their names in `language`: the list's classes
    (4 digits, the level an activity is registered at), or every code when the list as
    loaded has no classes."""
    names = spec.code_names
    codes = sorted(code for code in names if len(code) == 4) or sorted(names)
    return [(code, code_text(spec, code, language)) for code in codes]


def code_field(spec: FactSpec, language: str, **common: Any) -> forms.Field:
    """A select over the code list when its names are loaded; else the code as text,
    checked for its form (the engine checks it again)."""
    options = code_options(spec, language)
    if options:
        return forms.ChoiceField(choices=[UNANSWERED, *options], **common)
    return forms.CharField(
        max_length=4,
        validators=[_CODE_TEXT],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        **common,
    )
