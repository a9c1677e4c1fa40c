import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms import rule_trial
from cms.blocks import StandardBodyBlock
from cms.constants import Benefit, WindowStatus
from cms.programme_editor import panels as programme_editor_panels
from cms.programme_editor.forms import ProgrammePageForm
from eligibility import service as eligibility_service
from onestop.i18n import active_language, text_in_language


class HomePage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True, features=["bold", "italic", "link", "ul"])

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.ProgrammeIndexPage", "cms.StandardPage"]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import programme_pages_for_locale

        context = super().get_context(request, *args, **kwargs)
        programmes = programme_pages_for_locale(self.locale)
        today = timezone.localdate()
        context["open_programmes"] = [p for p in programmes if p.window_status(today) == "open"]
        context["upcoming_programmes"] = [
            p for p in programmes if p.window_status(today) == "upcoming"
        ]
        context["programme_index"] = (
            ProgrammeIndexPage.objects.live().filter(locale=self.locale).first()
        )
        return context


class ProgrammeIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProgrammePage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("programme index")

    def get_context(self, request, *args, **kwargs):
        from cms.forms import ProgrammeFilterForm
        from cms.selectors import programme_pages_filtered

        context = super().get_context(request, *args, **kwargs)
        form = ProgrammeFilterForm(request.GET or None)
        context["filter_form"] = form
        context["filters"] = form.filters()
        context["programmes"] = programme_pages_filtered(
            self.locale, context["filters"], today=timezone.localdate()
        )
        return context


def window_status(
    opens_on: datetime.date | None, closes_on: datetime.date | None, today: datetime.date
) -> str:
    """A programme page's window on `today`, from its copied window fields."""
    if opens_on and today < opens_on:
        return WindowStatus.UPCOMING
    if closes_on and today > closes_on:
        return WindowStatus.CLOSED
    return WindowStatus.OPEN


class ProgrammePage(Page):
    """One support programme. Its rules are `definition`, a document in the programme format;
    each saved revision of the page is a version of the rules."""

    definition = models.JSONField(
        _("programme definition"),
        default=dict,
        help_text=_("The programme's rules in the onestop.programme format (v1 or v2)."),
    )
    # Read from the definition on save, so that listings can filter without parsing JSON.
    programme_slug = models.SlugField(_("programme identifier"), max_length=80, editable=False)
    benefit = models.CharField(
        _("benefit"), max_length=20, choices=Benefit.choices, editable=False, blank=True
    )
    opens_on = models.DateField(_("opens on"), null=True, editable=False)
    closes_on = models.DateField(_("closes on"), null=True, editable=False)

    parent_page_types = ["cms.ProgrammeIndexPage"]
    subpage_types = []
    base_form_class = ProgrammePageForm
    content_panels = Page.content_panels + programme_editor_panels.programme_panels()
    edit_handler = programme_editor_panels.programme_edit_handler(
        content_panels=content_panels,
        promote_panels=Page.promote_panels,
        settings_panels=Page.settings_panels,
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary_text"),
        index.FilterField("programme_slug"),
    ]

    class Meta:
        verbose_name = _("programme")

    preview_modes = [("", _("Public page")), ("try", _("Try these rules"))]

    def make_preview_request(
        self, original_request=None, preview_mode=None, extra_request_attrs=None
    ):
        # Wagtail renders previews on a fresh request; the rule trial needs the editor's
        # sample answers and the address of the preview to send its form back to.
        if preview_mode == rule_trial.PREVIEW_MODE and original_request is not None:
            extra_request_attrs = {
                **(extra_request_attrs or {}),
                "rule_trial_answers": rule_trial.answers_for_preview(original_request, self),
                "rule_trial_action": original_request.path,
                # Wagtail has activated the admin language for the view asking for the preview.
                "rule_trial_admin_language": active_language(),
            }
        return super().make_preview_request(original_request, preview_mode, extra_request_attrs)

    def serve_preview(self, request, mode_name):
        if mode_name == rule_trial.PREVIEW_MODE:
            return rule_trial.render_trial(request, self)
        return super().serve_preview(request, mode_name)

    def clean(self):
        super().clean()
        errors = eligibility_service.definition_errors(self.definition)
        if errors:
            raise ValidationError({"definition": errors})

    def save(self, *args, **kwargs):
        self.copy_definition_fields()
        return super().save(*args, **kwargs)

    def copy_definition_fields(self) -> None:
        definition = self.definition or {}
        window = definition.get("window") or {}
        # The definition holds the programme's title in every language; the page shows it.
        if definition.get("title") and self.locale_id:
            self.title = text_in_language(definition["title"], self.locale.language_code)
        self.programme_slug = definition.get("slug", "")
        self.benefit = definition.get("benefit", "")
        self.opens_on = _parse_date(window.get("opens"))
        self.closes_on = _parse_date(window.get("closes"))

    def summary_text(self) -> str:
        return text_in_language(self.definition.get("summary"), self.locale.language_code)

    def window_status(self, today: datetime.date | None = None) -> str:
        return window_status(self.opens_on, self.closes_on, today or timezone.localdate())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = self.locale.language_code
        definition = self.definition
        context["summary"] = text_in_language(definition.get("summary"), language)
        context["window_status"] = self.window_status()
        context["documents"] = [
            text_in_language(document.get("label"), language)
            for document in definition.get("documents", [])
        ]
        context.update(eligibility_service.programme_description(definition, language))
        context["parameters"] = eligibility_service.programme_parameters(definition, language)
        # Apps above cms add what they know of the reader (applications: whether the rules on
        # other applications let them apply) through this hook, so cms imports none of them.
        for add_context in hooks.get_hooks("programme_page_context"):
            context.update(add_context(page=self, request=request, definition=definition))
        return context


class StandardPage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(StandardBodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")


def _parse_date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
