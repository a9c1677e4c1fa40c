"""The wizard's forms: one per step, with a typed, required field per fact it asks.

The fields are the screener's (radios for yes/no and choices, numbers typed the way the
active language writes them), but in an application every fact the rules read must be
answered: there is no "I don't know", and the error messages say what to do instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.uploads import ACCEPT_ATTRIBUTE, max_upload_bytes, megabytes_text
from eligibility.engine import CompiledProgramme, FactSpec
from eligibility.service import (
    facts_from_cleaned_data,
    question_help,
    question_text,
    screener_field,
    screener_initial,
)

_REQUIRED = {
    "bool": _("Select yes or no."),
    "choice": _("Select an answer."),
    "int": _("Enter a number."),
    "decimal": _("Enter an amount."),
    "date": _("Enter a date."),
}


def wizard_field(spec: FactSpec, language: str) -> forms.Field:
    field = screener_field(
        spec, language, label=question_text(spec, language), help_text=question_help(spec, language)
    )
    field.error_messages["required"] = _REQUIRED[spec.type]
    return field


class FactsStepForm(forms.Form):
    """A step's questions; `answers()` gives them in the engine's input format."""

    # Set on each generated class: the facts it asks, in order.
    fact_names: tuple[str, ...] = ()

    def answers(self) -> dict[str, Any]:
        return facts_from_cleaned_data(
            {name: self.cleaned_data.get(name) for name in self.fact_names}
        )

    def radio_fields(self) -> set[str]:
        return {
            name
            for name, field in self.fields.items()
            if isinstance(field.widget, forms.RadioSelect)
        }


def facts_step_form_class(
    programme: CompiledProgramme, names: tuple[str, ...], language: str
) -> type[FactsStepForm]:
    fields: dict[str, Any] = {
        name: wizard_field(programme.fact_specs[name], language) for name in names
    }
    fields["fact_names"] = tuple(names)
    return type("FactsStepForm", (FactsStepForm,), fields)


def initial_from_answers(
    programme: CompiledProgramme, names: tuple[str, ...], answers: Mapping[str, Any]
) -> dict[str, Any]:
    """Saved answers (engine input format) as the step's fields show them."""
    return {
        name: screener_initial(programme.fact_specs[name], answers[name])
        for name in names
        if answers.get(name) is not None
    }


class DocumentsStepForm(FactsStepForm):
    """The documents step's own form has nothing to fill in: files are uploaded one at a
    time with DocumentUploadForm, and "Continue" only moves on."""


class DocumentUploadForm(forms.Form):
    """One file for one of the programme's documents (the form's prefix is the code)."""

    file = forms.FileField(
        label=_("Choose a file"),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A PDF, JPEG or PNG file of %(limit)s MB at most.") % {
            "limit": megabytes_text(max_upload_bytes())
        }


class DeclarationForm(forms.Form):
    declaration = forms.BooleanField(
        label=_(
            "I declare that the information I have given is true and complete, and that my "
            "organisation meets the requirements of this programme."
        ),
        error_messages={
            "required": _("Confirm the declaration by ticking the box, to submit the application.")
        },
    )
