"""Bulk approval of the cases the engine found eligible, chosen from a queue listing."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from applications.selectors_desk import desk_applications

from .access import DeskAccessMixin


class BulkApproveView(DeskAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        from applications.services.desk import applications_bulk_approve

        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = ""
        ids = [value for value in request.POST.getlist("application") if value.isdigit()]
        if not ids:
            messages.error(request, _("Select at least one case to approve."))
            return redirect(back or reverse("desk:queue", args=["all"]))
        applications = list(
            desk_applications(user=request.user).filter(pk__in=ids).order_by("submitted_at")
        )
        summary = applications_bulk_approve(applications=applications, user=request.user)
        messages.success(request, bulk_summary_text(summary, len(applications)))
        return redirect(back or reverse("desk:queue", args=["all"]))


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
