"""Competitive programmes: the ranking by score, and the senior's award in rank order."""

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
from desk.services.amounts import amount_shown, score_shown, unit_name
from desk.views.access import DeskAccessMixin


def competitive_programmes():
    return [
        page
        for page in programme_pages_default_locale().live()
        if (page.definition or {}).get("award_mode") == AwardMode.COMPETITIVE
    ]


class RankingView(DeskAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "desk/ranking.html"
    header_icon = "list-ol"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.programmes = {page.programme_slug: page for page in competitive_programmes()}
        self.slug = kwargs.get("slug") or next(iter(self.programmes), None)
        if kwargs.get("slug") and kwargs["slug"] not in self.programmes:
            raise Http404

    def get_page_title(self):
        return _("Competitive ranking")

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        from desk.services import competitive_ranking

        context = super().get_context_data(**kwargs)
        context["programmes"] = list(self.programmes.values())
        context["current"] = self.programmes.get(self.slug)
        ranking = list(competitive_ranking(programme_slug=self.slug)) if self.slug else []
        current = self.programmes.get(self.slug)
        unit = ((current.definition if current is not None else None) or {}).get("unit") or "EUR"
        for application in ranking:
            application.score_shown = score_shown(application.score)
            application.amount_shown = amount_shown(application.decision_amount, unit)
        context["ranking"] = ranking
        context["unit"] = unit_name(unit)
        context["is_senior"] = roles.is_senior_caseworker(self.request.user)
        return context

    def post(self, request, *args, **kwargs):
        from desk.services import competitive_award

        if not self.slug:
            raise Http404
        try:
            competitive_award(programme_slug=self.slug, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Awarded in rank order until the budget ran out."))
        return redirect("desk:ranking", self.slug)
