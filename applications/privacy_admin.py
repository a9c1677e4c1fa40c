"""Data protection in the Wagtail admin, for the data protection officers: find an
organisation by tax id or name and download its subject-access export (the full one, with
the desk's internal entries, to review before answering a request); the latest exports and
anonymisations from the register."""

from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from applications import roles
from applications.models.lifecycle import VIA_ADMIN
from applications.selectors_lifecycle import (
    data_protection_events_recent,
    data_protection_officer_required,
    organisation_for_data_protection,
    organisations_search,
)
from applications.services.subject_access import organisation_export
from applications.views.privacy import export_response


def may_use_data_protection(user) -> bool:
    return roles.is_data_protection_officer(user)


class DataProtectionView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "applications/privacy_admin/index.html"
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        data_protection_officer_required(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Data protection")

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context["query"] = query
        context["organisations"] = organisations_search(self.request.user, query)
        context["events"] = data_protection_events_recent(self.request.user)
        return context


@require_POST
def organisation_export_download(request, pk: int):
    organisation = organisation_for_data_protection(request.user, pk)
    return export_response(
        organisation_export(organisation=organisation, user=request.user, via=VIA_ADMIN, full=True)
    )


data_protection_urls = (
    [
        path("", DataProtectionView.as_view(), name="index"),
        path("organisations/<int:pk>/export/", organisation_export_download, name="export"),
    ],
    "data_protection",
)
