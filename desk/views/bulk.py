"""Bulk approval of the cases the engine found eligible, chosen from a queue listing.

Choosing cases and pressing the button shows what the approval would do (how many approved,
how many waitlisted because the budget runs out, the money committed), worked out without
writing; only confirming that page approves, through the same budget lock as one approval.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from desk.selectors import desk_applications
from desk.services.amounts import amount_shown, application_unit
from desk.views.access import DeskAccessMixin


class BulkApproveView(DeskAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    http_method_names = ["post"]
    template_name = "desk/bulk_confirm.html"
    header_icon = "tasks"

    def get_page_title(self):
        return _("Approve the selected cases")

    def get_breadcrumbs_items(self):
        return []

    def post(self, request):
        from desk.services import (
            applications_bulk_approve,
            applications_bulk_approve_preview,
        )

        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = ""
        back = back or reverse("desk:queue", args=["all"])
        ids = [value for value in request.POST.getlist("application") if value.isdigit()]
        if not ids:
            messages.error(request, _("Select at least one case to approve."))
            return redirect(back)
        applications = list(
            desk_applications(user=request.user).filter(pk__in=ids).order_by("submitted_at")
        )
        if request.POST.get("confirm") != "1":
            preview = applications_bulk_approve_preview(
                applications=applications, user=request.user
            )
            context = self.get_context_data(
                preview=preview,
                selected=len(applications),
                committed=[
                    amount_shown(amount, unit) for unit, amount in preview.committed.items()
                ],
                ids=[application.pk for application in applications],
                reduced=[
                    {
                        "application": application,
                        "amount": amount_shown(preview.amounts[application.pk], unit),
                        "asked": amount_shown(application.decision_amount, unit),
                    }
                    for application in preview.approved
                    if preview.amounts[application.pk] != application.decision_amount
                    for unit in [application_unit(application)]
                ],
                back=back,
            )
            return self.render_to_response(context)
        summary = applications_bulk_approve(applications=applications, user=request.user)
        messages.success(request, bulk_summary_text(summary, len(applications)))
        return redirect(back)


def bulk_summary_text(summary, selected: int) -> str:
    """The service's summary in words; it may be a mapping of counts or an object."""

    def count(name: str) -> int:
        value = summary.get(name) if isinstance(summary, dict) else getattr(summary, name, 0)
        return len(value) if isinstance(value, (list, tuple, set)) else int(value or 0)

    return _(
        "%(selected)s selected: %(approved)s approved, %(waitlisted)s on the waiting list, "
        "%(skipped)s left for individual review."
    ) % {
        "selected": selected,
        "approved": count("approved"),
        "waitlisted": count("waitlisted"),
        "skipped": count("skipped"),
    }
