"""The programme page's admin form: the structured rules editor and the JSON tab.

The structured fields are not model fields: the form fills them from the page's `definition`
and, when it is saved, assembles the definition back from them (`conversion`), runs the
engine's validation, and shows each error at its field and all of them in the summary.

Which tab wins. The JSON tab (`definition`) and the structured tabs are two views of one
definition, both posted with every save:

- The JSON tab wins when its content differs from what the server last put in it (a digest
  of that is posted in `rules_json_base`; key order and white space do not count). Then the
  JSON is the definition and the structured tabs are ignored for that save.
- Otherwise the structured tabs are the definition. Parts they cannot show (nested deeper
  than the blocks allow) are carried over from the definition the page was loaded with.
- After an invalid save the form is shown again with both views in step: the structured tabs
  as typed and the JSON of what they make, or, when the JSON won, the JSON as typed and the
  structured tabs redrawn from it. After an autosave in the background, the JSON tab is
  brought up to date when the structured tabs won; when the JSON won, the JSON keeps winning
  until the page is reloaded (the structured tabs cannot be redrawn in place, so edits made
  in them meanwhile are ignored, and the editor is told so next to them).
"""

import copy
import dataclasses
import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.fields import InvalidJSONInput
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminDateInput
from wagtail.blocks import BlockField, BlockWidget
from wagtail.models import Locale

from cms.constants import AwardMode, Benefit
from cms.programme_editor import blocks as editor_blocks
from cms.programme_editor.conversion import (
    BLOCK_FIELDS,
    SCALAR_FIELDS,
    assemble,
    definition_fingerprint,
    definition_to_editor,
    fallback_reasons,
)
from cms.programme_editor.errors import block_error, grouped_errors
from cms.programme_editor.formdata import value_post_data
from cms.programme_editor.messages import place, plain_error
from eligibility.service import definition_problems

PREFIX = "rules_"
LOADED_FIELD = "rules_loaded"
JSON_BASE_FIELD = "rules_json_base"
JSON_FIELD = "definition"

PART_FIELDS: dict[str, tuple[str, ...]] = {
    "programme": tuple(PREFIX + name for name in SCALAR_FIELDS),
    **{key: (PREFIX + key,) for key in BLOCK_FIELDS},
}


def field_name(key: str) -> str:
    return PREFIX + key


def pretty_json(definition: Any) -> str:
    return json.dumps(definition, ensure_ascii=False, indent=2)


def compact_json(definition: Any) -> str:
    return json.dumps(definition, ensure_ascii=False, separators=(",", ":"))


# What the JSON parser's complaints mean to someone who typed the definition by hand.
JSON_PROBLEMS = [
    ("Expecting ',' delimiter", _("a comma or a closing bracket is missing")),
    ("Expecting ':' delimiter", _("a colon is missing after a name")),
    (
        "Expecting property name",
        _('a name in double quotes was expected (is there a comma too many before "}"?)'),
    ),
    ("Expecting value", _("a value is missing (is there a comma too many?)")),
    ("Extra data", _("there is more text after the end of the definition")),
    ("Unterminated string", _("a text is not closed with a double quote")),
    ("Invalid control character", _("a text runs onto the next line")),
    ("Invalid \\escape", _("a backslash in a text starts no known escape")),
]


def json_problem(error: json.JSONDecodeError) -> str:
    """'Invalid JSON at line 12, column 5: a comma or a closing bracket is missing.'"""
    problem = next(
        (text for start, text in JSON_PROBLEMS if error.msg.startswith(start)),
        _("this is not valid JSON"),
    )
    return _("Invalid JSON at line %(line)d, column %(column)d: %(problem)s.") % {
        "line": error.lineno,
        "column": error.colno,
        "problem": problem,
    }


class DefinitionJSONField(forms.JSONField):
    """The definition as indented JSON text."""

    def to_python(self, value):
        # Django's own message ("Enter a valid JSON.") says neither where nor what.
        if isinstance(value, str) and value not in self.empty_values:
            try:
                json.loads(value)
            except json.JSONDecodeError as error:
                raise ValidationError(json_problem(error), code="invalid") from error
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, InvalidJSONInput):
            return value
        return pretty_json(value)


class PackedOnceBlockWidget(BlockWidget):
    """A block field's widget that packs the block definitions once per language.

    The definitions are the same for every page and request, and packing them (a few hundred
    nested blocks) is most of the time it takes to draw the edit screen.
    """

    _packed: dict = {}

    def _build_block_json(self):
        key = (id(self.block_def), translation.get_language())
        if key not in self._packed:
            super()._build_block_json()
            self._packed[key] = (self._js_context, self._block_json)
        self._js_context, self._block_json = self._packed[key]


def _block_field(block, label, help_text=None):
    return BlockField(
        block=block,
        widget=PackedOnceBlockWidget(block),
        required=False,
        label=label,
        help_text=help_text,
    )


def _text_field(label, help_text=None, *, rows=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, help_text=help_text, required=False, widget=widget)


def _choice_field(label, choices, help_text=None, blank=True):
    options = [("", "---------")] + list(choices) if blank else list(choices)
    return forms.ChoiceField(label=label, choices=options, help_text=help_text, required=False)


UNIT_CHOICES = [
    ("EUR", _("Euros (EUR)")),
    ("percent", _("Per cent (percent)")),
    ("hours", _("Hours (hours)")),
    ("vouchers", _("Vouchers (vouchers)")),
]
ONE_PER_CHOICES = [
    ("", _("No limit")),
    ("organisation", _("One application per organisation")),
    ("establishment", _("One application per establishment (format v2)")),
]


class ProgrammePageForm(WagtailAdminPageForm):
    rules_slug = _text_field(
        _("Programme identifier"),
        _(
            "Lowercase words joined by hyphens, e.g. hospitality-direct-aid. Imports update the "
            "programme with this identifier, so change it only with care."
        ),
    )
    rules_title_es = _text_field(_("Title in Spanish"))
    rules_title_eu = _text_field(_("Title in Basque"))
    rules_title_en = _text_field(_("Title in English"))
    rules_summary_es = _text_field(_("Summary in Spanish"), rows=3)
    rules_summary_eu = _text_field(_("Summary in Basque"), rows=3)
    rules_summary_en = _text_field(_("Summary in English"), rows=3)
    rules_benefit = _choice_field(_("Benefit"), Benefit.choices)
    rules_unit = _choice_field(_("Unit of the amount"), UNIT_CHOICES)
    # The format's dates are written YYYY-MM-DD: the picker writes them so, whatever date
    # format the rest of the admin shows.
    rules_window_opens = forms.CharField(
        label=_("Opens on"),
        required=False,
        widget=AdminDateInput(format="%Y-%m-%d"),
        help_text=_("The first day applications are accepted."),
    )
    rules_window_closes = forms.CharField(
        label=_("Closes on"),
        required=False,
        widget=AdminDateInput(format="%Y-%m-%d"),
        help_text=_("Leave empty for a programme that stays open."),
    )
    rules_budget = _text_field(
        _("Budget (EUR)"),
        _("Total money awards may commit, e.g. 1500000.00. Leave empty for an uncapped programme."),
    )
    rules_award_mode = _choice_field(_("Award mode"), AwardMode.choices)
    rules_one_per = _choice_field(_("Applications per organisation"), ONE_PER_CHOICES, blank=False)
    rules_de_minimis = forms.BooleanField(
        label=_("Counts toward the EU de minimis ceiling"),
        required=False,
        help_text=_("Requires the unit to be euros."),
    )
    rules_exclusive_with = forms.MultipleChoiceField(
        label=_("Not combinable with"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("An organisation with an award from one of these cannot get this one."),
    )
    rules_questions = _block_field(editor_blocks.questions_block(), _("Questions"))
    rules_documents = _block_field(editor_blocks.documents_block(), _("Documents to upload"))
    rules_eligibility = _block_field(editor_blocks.eligibility_block(), _("Eligibility"))
    rules_amount = _block_field(editor_blocks.amount_block(), _("Amount"))
    rules_score = _block_field(
        editor_blocks.score_block(),
        _("Score"),
        _("Only for competitive programmes: applications are ranked by it, highest first."),
    )
    rules_loaded = forms.CharField(required=False, widget=forms.HiddenInput)
    rules_json_base = forms.CharField(required=False, widget=forms.HiddenInput)
    definition = DefinitionJSONField(
        label=_("Programme definition (JSON)"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 40, "class": "programme-editor-json", "spellcheck": "false"}
        ),
    )

    class Media:
        css = {"all": ["cms/admin/programme-editor.css"]}
        js = ["cms/admin/programme-editor.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: "editor" or "json" once cleaned: which view the saved definition came from.
        self.rules_source: str | None = None
        self._engine_checked = False
        self._field_updates: list[tuple[str, str]] = []
        self._block_values: dict[str, Any] = {}
        self.loaded_definition = self._posted_loaded_definition()
        self.rules_fallback = fallback_reasons(self.loaded_definition)
        self._exclusive_choices(self.loaded_definition)
        if self.is_bound:
            self._keep_submitted_parts()
            posted_base = self.data.get(JSON_BASE_FIELD)
            self.json_base = posted_base or definition_fingerprint(self.loaded_definition)
        else:
            self._fill_initial(self.loaded_definition)
            self.json_base = definition_fingerprint(self.loaded_definition)

    # --- building ------------------------------------------------------------------------

    def _posted_loaded_definition(self) -> Any:
        current = copy.deepcopy(self.instance.definition)
        if current is None:
            current = {}
        if not self.is_bound or not self.data.get(LOADED_FIELD):
            return current
        try:
            return json.loads(self.data[LOADED_FIELD])
        except ValueError:
            return current

    def _fill_initial(self, definition: Any) -> None:
        values = definition_to_editor(definition)
        self._show_parts(values["fallback"])
        for key in SCALAR_FIELDS:
            if key in values:
                self.initial[field_name(key)] = values[key]
        for key in BLOCK_FIELDS:
            name = field_name(key)
            if key in values and name in self.fields:
                self.initial[name] = self.fields[name].block.to_python(values[key])
        self.initial[LOADED_FIELD] = compact_json(definition)
        self.initial[JSON_BASE_FIELD] = definition_fingerprint(definition)
        self.initial[JSON_FIELD] = definition

    def _show_parts(self, fallback) -> None:
        """Structured fields for every part but those the blocks cannot show."""
        for part, names in PART_FIELDS.items():
            for name in names:
                if part in fallback:
                    self.fields.pop(name, None)
                elif name not in self.fields:
                    self.fields[name] = copy.deepcopy(self.base_fields[name])

    def _keep_submitted_parts(self) -> None:
        """Leave out the parts that were not shown (so not posted): they stay as loaded."""
        hidden = set(self.rules_fallback)
        if field_name("slug") not in self.data:
            hidden.add("programme")
        for key in BLOCK_FIELDS:
            if f"{field_name(key)}-count" not in self.data:
                hidden.add(key)
        self._show_parts(hidden)

    def _exclusive_choices(self, definition: Any) -> None:
        field = self.fields.get(field_name("exclusive_with"))
        if field is None:
            return
        own_slug = definition.get("slug") if isinstance(definition, dict) else None
        choices = []
        try:
            pages = type(self.instance).objects.filter(locale=Locale.get_default())
            if self.instance.pk:
                pages = pages.exclude(translation_key=self.instance.translation_key)
            for page in pages.exclude(programme_slug="").order_by("programme_slug"):
                if page.programme_slug != own_slug:
                    choices.append((page.programme_slug, f"{page.title} ({page.programme_slug})"))
        except Locale.DoesNotExist:
            pass
        listed = {value for value, _label in choices}
        current = definition.get("exclusive_with") if isinstance(definition, dict) else None
        for slug in current if isinstance(current, list) else []:
            if isinstance(slug, str) and slug not in listed:
                choices.append((slug, _("%(slug)s (no such programme)") % {"slug": slug}))
                listed.add(slug)
        field.choices = choices

    # --- cleaning ------------------------------------------------------------------------

    def structured_field_names(self) -> list[str]:
        return [name for names in PART_FIELDS.values() for name in names if name in self.fields]

    def clean(self):
        cleaned_data = super().clean()
        if JSON_FIELD in self.errors:
            return cleaned_data  # not JSON at all: said at the field; nothing else to check
        posted_json = cleaned_data.get(JSON_FIELD)
        assembly = None
        json_posted = JSON_FIELD in self.data
        if json_posted and definition_fingerprint(posted_json) != self.json_base:
            self.rules_source = "json"
            definition = posted_json
        else:
            if any(name in self.errors for name in self.structured_field_names()):
                return cleaned_data
            self.rules_source = "editor"
            assembly = assemble(self._editor_values(cleaned_data))
            definition = assembly.definition
        if not isinstance(definition, dict):
            self.add_error(JSON_FIELD, _("The definition must be a JSON object: { ... }."))
            return cleaned_data
        cleaned_data[JSON_FIELD] = definition
        errors = definition_problems(definition)
        self._engine_checked = True
        if self.rules_source == "editor":
            self._show_json(definition)
        elif errors:
            assembly = self._redraw_from(definition)
        if errors:
            self._report(errors, assembly)
        return cleaned_data

    def _editor_values(self, cleaned_data: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {"loaded": self.loaded_definition}
        for key in SCALAR_FIELDS:
            name = field_name(key)
            if name in self.fields:
                values[key] = cleaned_data.get(name)
        for key in BLOCK_FIELDS:
            name = field_name(key)
            if name in self.fields:
                block = self.fields[name].block
                values[key] = block.get_prep_value(cleaned_data.get(name) or [])
                self._block_values[key] = values[key]
        return values

    def _show_json(self, definition: dict[str, Any]) -> None:
        """Put the definition the structured tabs make into the JSON tab (and its digest)."""
        text = pretty_json(definition)
        fingerprint = definition_fingerprint(definition)
        self._replace_data({JSON_FIELD: text, JSON_BASE_FIELD: fingerprint}, {})
        self._field_updates = [(JSON_FIELD, text), (JSON_BASE_FIELD, fingerprint)]

    def _redraw_from(self, definition: dict[str, Any]):
        """Show the structured tabs as the JSON that won makes them; its assembly."""
        values = definition_to_editor(definition)
        self.loaded_definition = definition
        self.rules_fallback = fallback_reasons(definition)
        self._show_parts(values["fallback"])
        plain: dict[str, Any] = {
            LOADED_FIELD: compact_json(definition),
            JSON_BASE_FIELD: definition_fingerprint(definition),
        }
        block_data: dict[str, dict[str, str]] = {}
        for key in SCALAR_FIELDS:
            if key in values:
                plain[field_name(key)] = values[key]
        for key in BLOCK_FIELDS:
            name = field_name(key)
            if key in values and name in self.fields:
                block = self.fields[name].block
                self._block_values[key] = values[key]
                block_data[name] = value_post_data(block, block.to_python(values[key]), name)
        self._exclusive_choices(definition)
        self._replace_data(plain, block_data)
        return assemble(values)

    def _replace_data(self, plain: dict[str, Any], block_data: dict[str, dict[str, str]]) -> None:
        """Show other values than were posted when the form is drawn again."""
        data = self.data.copy()
        for name, value in plain.items():
            if isinstance(value, bool):
                value = "true" if value else "false"
            if isinstance(value, list):
                if hasattr(data, "setlist"):
                    data.setlist(name, value)
                else:
                    data[name] = value
            else:
                data[name] = value
        for name, items in block_data.items():
            for key in [k for k in data if k == name or k.startswith(f"{name}-")]:
                del data[key]
            for key, value in items.items():
                data[key] = value
        self.data = data

    def _report(self, errors, assembly) -> None:
        self.engine_errors = errors
        definition = self.cleaned_data.get(JSON_FIELD)
        locations = assembly.locations if assembly is not None else {}
        shown = {name.removeprefix(PREFIX) for name in self.structured_field_names()}
        # At the fields and in the summary, sentences about the policy; the engine's own
        # wording, with its path, only on the JSON tab.
        plain = [
            dataclasses.replace(error, message=plain_error(error, definition)) for error in errors
        ]
        placed, unplaced = grouped_errors(plain, locations, shown)
        for key, items in placed.items():
            name = field_name(key)
            if key in BLOCK_FIELDS:
                block = self.fields[name].block
                self.add_error(name, block_error(block, self._block_values.get(key, []), items))
            else:
                self.add_error(name, [message for _path, message in items])
        if unplaced:
            technical = {id(said): error for said, error in zip(plain, errors, strict=True)}
            self.add_error(
                JSON_FIELD,
                [f"{error.message} ({technical[id(error)]})" for error in unplaced],
            )
        self.add_error(
            None,
            [
                said.message if place(error.path, definition) else str(said)
                for said, error in zip(plain, errors, strict=True)
            ],
        )

    def _update_errors(self, errors):
        # The model's clean() runs the engine again on the same definition; its errors are
        # already shown, each at its field.
        if self._engine_checked and hasattr(errors, "error_dict"):
            errors.error_dict.pop(JSON_FIELD, None)
            if not errors.error_dict:
                return
        super()._update_errors(errors)

    def get_field_updates_for_resave(self):
        return [*super().get_field_updates_for_resave(), *self._field_updates]
