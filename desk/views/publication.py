"""The public list of awards (transparency law) and the BDNS export for staff."""

import json

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from applications import roles
from desk.selectors.publication import awards_public_csv, awards_published, bdns_export
from desk.views.access import DeskAccessMixin
from onestop.i18n import active_language, format_money


@cache_control(public=True, max_age=300)
def public_awards(request):
    """Every award that stands: programme, beneficiary (withheld for a natural person unless
    the bases say otherwise), amount and date; as a page, CSV or JSON (open data)."""
    language = active_language()
    slug = request.GET.get("programme") or None
    awards = awards_published(programme_slug=slug, language=language)
    withheld = _("Natural person (name withheld)")
    wanted = request.GET.get("format")
    if wanted == "csv":
        response = HttpResponse(
            awards_public_csv(awards, withheld_label=withheld), content_type="text/csv"
        )
        response["Content-Disposition"] = 'attachment; filename="awards.csv"'
        return response
    if wanted == "json":
        data = [
            {
                "programme": award.programme_slug,
                "programme_title": award.programme_title,
                "beneficiary": award.beneficiary,
                "amount": f"{award.amount:.2f}",
                "unit": award.unit,
                "date": award.decided_on.isoformat(),
            }
            for award in awards
        ]
        return HttpResponse(
            json.dumps({"awards": data}, ensure_ascii=False), content_type="application/json"
        )
    programmes = sorted({(award.programme_slug, award.programme_title) for award in awards})
    rows = [
        {
            "award": award,
            "beneficiary": award.beneficiary if award.beneficiary is not None else withheld,
            "amount": format_money(award.amount, award.unit, language),
        }
        for award in awards
    ]
    return render(
        request,
        "desk/public/awards.html",
        {"rows": rows, "programmes": programmes, "programme": slug},
    )


def bdns_export_response(*, what: str, file_format: str, programme_slug: str | None):
    """The BDNS files as a download."""
    body, content_type, name = bdns_export(
        what=what, file_format=file_format, programme_slug=programme_slug
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class BdnsExportView(DeskAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """Desk -> BDNS export: the calls and awards files for the national subsidies database,
    for a senior caseworker to upload (CSV each, or one XML)."""

    template_name = "desk/bdns_export.html"
    header_icon = "download"

    def get_page_title(self):
        return _("BDNS export")

    def get_breadcrumbs_items(self):
        return []

    def get(self, request, *args, **kwargs):
        wanted = request.GET.get("download")
        if wanted in ("calls", "awards", "xml"):
            if not roles.is_senior_caseworker(request.user):
                raise PermissionDenied
            return bdns_export_response(
                what=wanted,
                file_format="xml" if wanted == "xml" else "csv",
                programme_slug=request.GET.get("programme") or None,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            is_senior=roles.is_senior_caseworker(self.request.user),
            public_url=reverse("public_awards"),
            **kwargs,
        )
