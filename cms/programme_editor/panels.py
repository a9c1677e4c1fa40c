"""The programme page's edit screen: its tabs, and the notices beside the rules editor."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    TabbedInterface,
)

from cms.programme_editor.blocks import FACT_DATALIST_ID
from cms.programme_editor.forms import JSON_FIELD, field_name
from eligibility.engine import CATALOGUE
from onestop.i18n import text_in_language

PART_LABELS = {
    "programme": _("Programme settings"),
    "questions": _("Questions"),
    "documents": _("Documents"),
    "eligibility": _("Eligibility"),
    "amount": _("Amount"),
    "score": _("Score"),
}


class RulesNoticePanel(Panel):
    """A short guide, and a warning for each part that only the JSON tab can show.

    With `facts`, it also carries the list of fact names that the fact fields suggest (the
    catalogue's and the programme's own questions).
    """

    def __init__(self, parts=(), content="", facts=False, technical=False, **kwargs):
        super().__init__(**kwargs)
        self.parts = tuple(parts)
        self.content = content
        self.facts = facts
        self.technical = technical

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.update(
            parts=self.parts, content=self.content, facts=self.facts, technical=self.technical
        )
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/admin/programme_editor/notice_panel.html"

        def is_shown(self):
            if self.panel.technical and not getattr(self.form, "engine_errors", None):
                return False
            return super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            fallback = getattr(self.form, "rules_fallback", {}) if self.form else {}
            context["content"] = self.panel.content
            context["fallback"] = [
                (PART_LABELS[part], fallback[part]) for part in self.panel.parts if part in fallback
            ]
            context["datalist_id"] = FACT_DATALIST_ID
            context["facts"] = self.fact_options() if self.panel.facts else None
            context["watch_json"] = bool(self.panel.parts)
            # The engine's own wording and paths, for those who read the JSON.
            engine_errors = getattr(self.form, "engine_errors", []) if self.form else []
            context["technical_errors"] = (
                [str(error) for error in engine_errors] if self.panel.technical else []
            )
            return context

        def fact_options(self) -> list[tuple[str, str]]:
            options = [
                (name, f"{text_in_language(spec.label) or name} ({spec.type})")
                for name, spec in CATALOGUE.items()
            ]
            definition = getattr(self.form, "loaded_definition", None) or {}
            questions = definition.get("questions") if isinstance(definition, dict) else None
            for question in questions if isinstance(questions, list) else []:
                if isinstance(question, dict) and isinstance(question.get("name"), str):
                    label = question.get("label")
                    text = text_in_language(label) if isinstance(label, dict) else ""
                    options.append((question["name"], f"{text} ({question.get('type', '')})"))
            return options


def _fields(*keys):
    return [FieldPanel(field_name(key)) for key in keys]


def programme_panels():
    return [
        RulesNoticePanel(
            parts=["programme", "documents"],
            heading=_("Programme definition"),
            content=_(
                "These settings and the rules in the next tab are the programme's definition, "
                "the same in every language's page. They are checked when you save."
            ),
        ),
        MultiFieldPanel(_fields("slug", "benefit", "unit"), heading=_("Programme")),
        MultiFieldPanel(_fields("title_es", "title_eu", "title_en"), heading=_("Title")),
        MultiFieldPanel(_fields("summary_es", "summary_eu", "summary_en"), heading=_("Summary")),
        FieldRowPanel(_fields("window_opens", "window_closes"), heading=_("Application window")),
        MultiFieldPanel(
            _fields("budget", "award_mode", "one_per", "de_minimis", "exclusive_with"),
            heading=_("Awards"),
        ),
        FieldPanel(field_name("documents")),
    ]


def rules_panels():
    return [
        RulesNoticePanel(
            parts=["questions", "eligibility", "amount", "score"],
            facts=True,
            heading=_("How the rules are written"),
            content=_(
                "Eligibility is one condition: usually 'All of these must hold', with "
                "conditions and groups inside it. A condition tests a fact, one of the standard "
                "facts suggested as you type or a question of this programme, against a value "
                "written as you would say it: 10, 1250.00, 2026-01-31, yes, a choice. The "
                "amount and the score are built from numbers, facts and operations. The cog of "
                "a condition or group opens its identifier and the reason shown to applicants."
            ),
        ),
        FieldPanel(field_name("questions")),
        FieldPanel(field_name("eligibility")),
        FieldPanel(field_name("amount")),
        FieldPanel(field_name("score")),
    ]


def json_panels():
    return [FieldPanel(JSON_FIELD), RulesNoticePanel(technical=True, heading=_("Checks"))]


JSON_TAB_HELP = _(
    "The same definition as JSON, for what the other tabs cannot show. If you change it here, "
    "this JSON is what is saved and changes made in the other tabs are ignored, until the page "
    "is saved and shown again. Leave it as it is to save the other tabs."
)


class ProgrammeTabs(TabbedInterface):
    """Tabs that open on the first tab with an error after a save that failed.

    Wagtail counts the errors on each tab's label but opens the first tab; an editor who
    fixed nothing on it would not see why the save failed. An address naming a tab still
    wins (Wagtail's tabs read `#tab-...` before the active panel value).
    """

    class BoundPanel(TabbedInterface.BoundPanel):
        @property
        def attrs(self):
            attrs = dict(self.panel.attrs)
            tab = self.tab_with_errors()
            if tab:
                attrs["data-w-tabs-active-panel-id-value"] = f"tab-{tab}"
            return attrs

        def tab_with_errors(self) -> str | None:
            if self.form is None or not self.form.is_bound or not self.form.errors:
                return None
            with_errors = set(self.form.errors)
            for child, identifier in self.visible_children_with_identifiers:
                fields = set(child.panel.get_form_options().get("fields", []))
                if fields & with_errors:
                    return identifier
            return None


def programme_edit_handler(*, content_panels, promote_panels, settings_panels):
    return ProgrammeTabs(
        [
            ObjectList(content_panels, heading=_("Programme")),
            ObjectList(rules_panels(), heading=_("Rules")),
            ObjectList(json_panels(), heading=_("Advanced (JSON)"), help_text=JSON_TAB_HELP),
            ObjectList(promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings")),
        ]
    )
