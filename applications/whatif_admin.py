"""What if, in the programme editor: run a programme page's latest revision (the draft, saved
but perhaps not published) against the past applications of this or another programme.

For staff who may edit the page. The run is a task (applications.tasks.whatif); its page
shows the progress, refreshed by a small script that polls the status endpoint, or by a
link without JavaScript, and then the report.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from applications.constants import ApplicationStatus
from applications.services.whatif_runs import (
    FINISHED,
    whatif_run_for_user,
    whatif_run_start,
    whatif_run_status,
)
from cms.models import ProgrammePage
from cms.rule_trial import OUTCOME_LABELS
from cms.selectors import programme_pages_default_locale
from eligibility.service import definition_errors
from onestop.i18n import text_in_language


def may_run_whatif(page, user) -> bool:
    """Staff who may edit the programme page may try its draft."""
    return (
        isinstance(page, ProgrammePage)
        and user.is_authenticated
        and page.permissions_for_user(user).can_edit()
    )


def _programme_page_for_edit(user, page_id: int) -> ProgrammePage:
    page = get_object_or_404(ProgrammePage, pk=page_id)
    if not may_run_whatif(page, user):
        raise PermissionDenied
    return page


class WhatIfForm(forms.Form):
    against = forms.ChoiceField(
        label=gettext_lazy("Past applications of"),
        help_text=gettext_lazy("The programme whose submitted applications are evaluated again."),
    )
    as_of = forms.DateField(
        label=gettext_lazy("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Empty: each application as of the day it was evaluated."),
    )

    def __init__(self, *args, programme_slug: str, **kwargs):
        super().__init__(*args, **kwargs)
        pages = programme_pages_default_locale().values_list("programme_slug", "definition")
        choices = [
            (slug, f"{text_in_language((definition or {}).get('title')) or slug} ({slug})")
            for slug, definition in pages
        ]
        self.fields["against"].choices = choices
        self.fields["against"].initial = programme_slug


class WhatIfPageMixin(WagtailAdminTemplateMixin):
    """A what-if screen of one programme page (`self.page`), titled with it."""

    header_icon = "table"
    page: ProgrammePage

    def get_page_title(self):
        return _("What if")

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return []


class WhatIfStartView(WhatIfPageMixin, TemplateView):
    template_name = "applications/whatif_admin/start.html"

    def dispatch(self, request, *args, **kwargs):
        self.page = _programme_page_for_edit(request.user, kwargs["page_id"])
        self.draft = self.page.get_latest_revision_as_object().definition or {}
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page=self.page,
            form=form or WhatIfForm(programme_slug=self.page.programme_slug),
            definition_errors=definition_errors(self.draft),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = WhatIfForm(request.POST, programme_slug=self.page.programme_slug)
        if definition_errors(self.draft) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        as_of: dt.date | None = form.cleaned_data["as_of"]
        run_id = whatif_run_start(
            user=request.user,
            page_id=self.page.pk,
            definition=self.draft,
            against=form.cleaned_data["against"],
            as_of=as_of,
        )
        return redirect("whatif:run", run_id=run_id)


class WhatIfRunView(WhatIfPageMixin, TemplateView):
    template_name = "applications/whatif_admin/run.html"

    def dispatch(self, request, *args, **kwargs):
        self.run = whatif_run_for_user(str(kwargs["run_id"]), request.user)
        if self.run is None:
            raise Http404
        self.page = _programme_page_for_edit(request.user, self.run["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.run["report"]
        context.update(
            page=self.page,
            run=self.run,
            status=whatif_run_status(self.run),
            finished=self.run["status"] in FINISHED,
            report=report,
            rows=_outcome_rows(report) if report else [],
            changes=_changes(report) if report else [],
            over_budget=_over_budget(report) if report else None,
            run_url=reverse("whatif:run", args=[self.run["id"]]),
            status_url=reverse("whatif:status", args=[self.run["id"]]),
            start_url=reverse("whatif:start", args=[self.page.pk]),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        )
        return context


def whatif_status(request, run_id: str):
    run = whatif_run_for_user(str(run_id), request.user)
    if run is None:
        raise Http404
    _programme_page_for_edit(request.user, run["page_id"])
    response = JsonResponse(whatif_run_status(run))
    response["Cache-Control"] = "private, no-store"
    return response


def _outcome_rows(report: dict) -> list[dict]:
    """One row per outcome: its label, the counts before and after and the difference."""
    rows = []
    for outcome in report["after"]:
        before = report["before"].get(outcome, 0)
        after = report["after"][outcome]
        rows.append(
            {
                "label": OUTCOME_LABELS.get(outcome, outcome),
                "before": before,
                "after": after,
                "change": after - before,
            }
        )
    return rows


def _changes(report: dict) -> list[dict]:
    """The changed applications listed, with their outcomes' and statuses' labels."""
    return [
        {
            **change,
            "status_label": _status_label(change["status"]),
            "before_label": OUTCOME_LABELS.get(
                change["before"]["outcome"], change["before"]["outcome"]
            ),
            "after_label": OUTCOME_LABELS.get(
                change["after"]["outcome"], change["after"]["outcome"]
            ),
        }
        for change in report["changed"]["shown"]
    ]


def _status_label(status: str) -> str:
    try:
        return ApplicationStatus(status).label
    except ValueError:
        return status


def _over_budget(report: dict) -> str | None:
    """By how much the total after goes over the budget; None within it or uncapped."""
    if report["over_budget"] is None or Decimal(report["over_budget"]) <= 0:
        return None
    return report["over_budget"]


class WhatIfMenuItem(PageMenuItem):
    """The "What if" action of a programme page, in its header and in the page listing."""

    label = gettext_lazy("What if")
    icon_name = "table"
    url_name = "whatif:start"

    def is_shown(self, user):
        return may_run_whatif(self.page.specific_deferred, user)


whatif_urls = (
    [
        path("pages/<int:page_id>/", WhatIfStartView.as_view(), name="start"),
        path("runs/<uuid:run_id>/", WhatIfRunView.as_view(), name="run"),
        path("runs/<uuid:run_id>/status.json", whatif_status, name="status"),
    ],
    "whatif",
)
