"""Prorata programmes: how the budget would be shared, and the senior's award of it."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from applications import roles
from cms.constants import AwardMode
from cms.selectors import programme_pages_default_locale
from desk.models import ProrataRound
from desk.services.amounts import amount_shown
from desk.services.prorata import prorata_award, prorata_shares
from desk.views.access import DeskAccessMixin
from onestop.i18n import active_language, format_number

# How a ratio is shown: enough places to tell 0.8123 from 0.8124.
_RATIO = Decimal("0.0001")


def prorata_programmes():
    return [
        page
        for page in programme_pages_default_locale().live()
        if (page.definition or {}).get("award_mode") == AwardMode.PRORATA
    ]


class ProrataView(DeskAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "desk/prorata.html"
    header_icon = "list-ol"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.programmes = {page.programme_slug: page for page in prorata_programmes()}
        self.slug = kwargs.get("slug") or next(iter(self.programmes), None)
        if kwargs.get("slug") and kwargs["slug"] not in self.programmes:
            raise Http404

    def get_page_title(self):
        return _("Proportional awards")

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = self.programmes.get(self.slug)
        definition = (current.definition if current is not None else None) or {}
        unit = definition.get("unit") or "EUR"
        labels = {
            line.get("id"): (line.get("label") or {}).get(active_language())
            or (line.get("label") or {}).get("es")
            for line in definition.get("lines") or ()
        }
        shares = prorata_shares(programme_slug=self.slug) if self.slug else []
        rows = []
        for share in shares:
            cases = [
                {
                    "case": case,
                    "computed": amount_shown(case.computed_amount, unit),
                    "share": amount_shown(share.share(case.computed_amount), unit),
                }
                for case in share.cases
            ]
            rows.append(
                {
                    "line": labels.get(share.line_id, share.line_id) if share.line_id else "",
                    "available": amount_shown(share.available, unit)
                    if share.available is not None
                    else _("no limit"),
                    "requested": amount_shown(share.requested, unit),
                    "awarded": amount_shown(share.awarded, unit),
                    "remainder": amount_shown(share.remainder, unit),
                    "ratio": format_number(share.ratio.quantize(_RATIO), active_language()),
                    "cases": cases,
                }
            )
        context.update(
            programmes=list(self.programmes.values()),
            current=current,
            shares=rows,
            rounds=[
                {
                    "round": item,
                    "line": labels.get(item.line_id, item.line_id),
                    "awarded": amount_shown(item.awarded, unit),
                    "remainder": amount_shown(item.remainder, unit),
                    "ratio": format_number(item.ratio.quantize(_RATIO), active_language()),
                }
                for item in ProrataRound.objects.filter(programme_slug=self.slug or "")
            ],
            is_senior=roles.is_senior_caseworker(self.request.user),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.slug:
            raise Http404
        try:
            summary = prorata_award(programme_slug=self.slug, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(count)s awards made, each reduced by the same ratio to fit the budget.")
                % {"count": len(summary.approved)},
            )
        return redirect("desk:prorata", self.slug)
