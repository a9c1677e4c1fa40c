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
    """The responsible declaration, and one box for each requirement the programme proves by
    the applicant's declaration or by consent to verify it (format v2 `evidence`)."""

    declaration = forms.BooleanField(
        label=_(
            "I declare that the information I have given is true and complete, and that my "
            "organisation meets the requirements of this programme."
        ),
        error_messages={
            "required": _("Confirm the declaration by ticking the box, to submit the application.")
        },
    )

    def __init__(self, *args, evidence=(), **kwargs):
        super().__init__(*args, **kwargs)
        # (field name, condition id, kind) of each box beyond the general declaration.
        self.evidence_fields: list[tuple[str, str, str]] = []
        for index, item in enumerate(evidence):
            if item["by"] == "declaration":
                label = _("I declare that this requirement is met: %(requirement)s")
                required = _("Tick the box to declare that this requirement is met.")
            elif item["by"] == "consent":
                label = _(
                    "I consent to the City checking this requirement with the administration "
                    "that holds the data: %(requirement)s"
                )
                required = _(
                    "Tick the box to give your consent: the City needs it to check this "
                    "requirement."
                )
            else:
                continue  # proven by a document: the documents step asks for it
            name = f"evidence_{index}"
            self.fields[name] = forms.BooleanField(
                label=label % {"requirement": item["text"]},
                error_messages={"required": required},
            )
            self.evidence_fields.append((name, item["id"], item["by"]))
        # The requirements one by one first, then the declaration that covers the rest.
        self.order_fields([name for name, _, _ in self.evidence_fields] + ["declaration"])

    def evidence_given(self) -> dict[str, str]:
        """The ticked boxes, by condition id: {"tax": "consent", "staff": "declaration"}."""
        return {
            ident: kind
            for name, ident, kind in self.evidence_fields
            if self.cleaned_data.get(name)
        }
