"""Admin wiring of the CMS app: programme definition import/export, the revision diff of
a programme's rules, and the activity code lists as snippets."""

from django.db import models
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.compare import register_comparison_class
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import ActivityCode
from cms.revision_comparison import comparison_class_for_json_field
from cms.services.programme_definitions import programme_transfer_rights
from cms.views import programme_transfer

# Wagtail looks the class up per field; the function picks the definition diff for
# ProgrammePage.definition and leaves every other JSONField to Wagtail's default.
register_comparison_class(models.JSONField, comparison_class=comparison_class_for_json_field)


programme_transfer_urls = (
    [
        path("", programme_transfer.ProgrammeTransferView.as_view(), name="index"),
        path(
            "export/all.zip",
            programme_transfer.ProgrammeDefinitionsZipView.as_view(),
            name="export_zip",
        ),
        path(
            "export/<slug:slug>.json",
            programme_transfer.ProgrammeDefinitionDownloadView.as_view(),
            name="export",
        ),
    ],
    "cms_programme_transfer",
)


@hooks.register("register_admin_urls")
def register_programme_transfer_urls():
    # Wagtail wraps these in its admin-access check: anonymous users go to the login page.
    return [path("programme-definitions/", include(programme_transfer_urls))]


class ProgrammeTransferMenuItem(MenuItem):
    def is_shown(self, request):
        return programme_transfer_rights(request.user).can_export


@hooks.register("register_admin_menu_item")
def register_programme_transfer_menu_item():
    return ProgrammeTransferMenuItem(
        _("Programme definitions"),
        reverse("cms_programme_transfer:index"),
        name="programme-definitions",
        icon_name="code",
        order=250,
    )


@hooks.register("insert_global_admin_css")
def city_branding_css():
    return format_html(
        '<link rel="stylesheet" href="{}"><link rel="stylesheet" href="{}">',
        static("cms/admin/branding.css"),
        static("cms/admin/reflow.css"),
    )


class ActivityCodeViewSet(SnippetViewSet):
    """The activity code lists, for staff to search and correct (names in three languages);
    whole lists come in with `manage.py import_activity_codes`."""

    model = ActivityCode
    icon = "list-ul"
    menu_label = _("Activity codes")
    list_display = ["code", "name_es", "name_eu", "name_en", "scheme"]
    list_filter = ["scheme"]
    search_fields = ["code", "name_es", "name_eu", "name_en"]
    # Plain database filtering: a few hundred short rows need no search index (and an
    # import would otherwise reindex every code).
    search_backend_name = None
    ordering = ["scheme", "code"]
    list_per_page = 100
    panels = [
        FieldPanel("scheme"),
        FieldPanel("code"),
        FieldPanel("name_es"),
        FieldPanel("name_eu"),
        FieldPanel("name_en"),
        FieldPanel("parent"),
    ]


register_snippet(ActivityCodeViewSet)
