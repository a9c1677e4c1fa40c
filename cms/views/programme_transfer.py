"""Import and export of programme definitions in the Wagtail admin.

The same documents as `import_programmes` / `export_programmes`, as uploads and downloads; the
services decide what the user may do, these views only parse the request and render.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from cms.selectors import programme_pages_default_locale
from cms.services.programme_definitions import (
    ImportMode,
    ImportRefused,
    ProgrammeState,
    TransferRights,
    UploadOutcome,
    definition_json,
    definitions_export,
    definitions_export_zip,
    definitions_import_uploaded,
    programme_transfer_rights,
)

ACTION_LABELS = {
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("updated"),
    "unchanged": gettext_lazy("unchanged"),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field: Django's FileField cleans only one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".json,application/json"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, list | tuple) and data:
            return [clean_one(item, initial) for item in data]
        return [clean_one(data, initial)]


class ProgrammeImportForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Definition files"),
        help_text=gettext_lazy(
            "One or more .json files in the onestop.programme format (v1 or v2), as exported here or "
            "by export_programmes. A file updates the programme with the same slug."
        ),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("After importing"),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, rights: TransferRights, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the choices the user's rights allow exist: a forged "publish" is an invalid
        # choice, never a quiet publication.
        self.fields["mode"].choices = [(mode.value, mode.label) for mode in rights.import_modes]
        self.fields["mode"].initial = ImportMode.SUBMIT


class ProgrammeTransferRightsMixin:
    """Refuse users who cannot edit programme pages; others get `self.rights`."""

    def dispatch(self, request, *args, **kwargs):
        self.rights = programme_transfer_rights(request.user)
        if not self.rights.can_export:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ProgrammeTransferView(ProgrammeTransferRightsMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "cms/admin/programme_transfer_index.html"
    page_title = gettext_lazy("Programme definitions")
    header_icon = "code"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Download all (.zip)"),
                url=reverse("cms_programme_transfer:export_zip"),
                icon_name="download",
            )
        ]

    def get_context_data(self, form=None, refused=None, **kwargs):
        context = super().get_context_data(**kwargs)
        if form is None and self.rights.can_import:
            form = ProgrammeImportForm(rights=self.rights)
        context.update(
            {
                "rights": self.rights,
                "programmes": programme_pages_default_locale(),
                "form": form,
                "refused": refused,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.rights.can_import:
            raise PermissionDenied
        form = ProgrammeImportForm(request.POST, request.FILES, rights=self.rights)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            outcomes = definitions_import_uploaded(
                files=form.cleaned_data["files"],
                user=request.user,
                mode=ImportMode(form.cleaned_data["mode"]),
            )
        except ImportRefused as refused:
            return self.render_to_response(self.get_context_data(form=form, refused=refused))
        for outcome in outcomes:
            messages.success(request, _outcome_message(outcome))
        return redirect("cms_programme_transfer:index")


class ProgrammeDefinitionDownloadView(ProgrammeTransferRightsMixin, View):
    def get(self, request, slug):
        definitions = definitions_export(slug)
        if not definitions:
            raise Http404
        return _attachment(
            definition_json(definitions[0]).encode("utf-8"),
            content_type="application/json; charset=utf-8",
            file_name=f"{slug}.json",
        )


class ProgrammeDefinitionsZipView(ProgrammeTransferRightsMixin, View):
    def get(self, request):
        return _attachment(
            definitions_export_zip(),
            content_type="application/zip",
            file_name="programme-definitions.zip",
        )


def _attachment(content: bytes, *, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    # The latest revision may be an unpublished draft: never keep it in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _outcome_message(outcome: UploadOutcome) -> str:
    return _("%(file)s: “%(title)s” (%(slug)s) %(action)s; %(state)s.") % {
        "file": outcome.file_name,
        "title": outcome.title,
        "slug": outcome.slug,
        "action": ACTION_LABELS[outcome.action],
        "state": ProgrammeState(outcome.state).label,
    }
