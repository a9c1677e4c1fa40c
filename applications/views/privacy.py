"""Data protection on the public site: the record of processing activities (GDPR art. 30,
published as Ley Orgánica 3/2018 art. 31.2 asks of public bodies) and a representative's
download of everything held about their organisation (art. 15)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from applications.constants import RetentionOutcome
from applications.models.lifecycle import VIA_APPLICANT
from applications.retention import retention_periods
from applications.services.subject_access import SubjectAccessExport, organisation_export
from organisations import selectors as organisation_selectors

_COUNTED_FROM = {
    RetentionOutcome.AWARDED: gettext_lazy(
        "from the award decision, or from its later renunciation, withdrawal or closure"
    ),
    RetentionOutcome.REJECTED: gettext_lazy("from the rejection decision"),
    RetentionOutcome.WITHDRAWN: gettext_lazy("from the withdrawal or the closure"),
}

_OUTCOME_LABELS = {
    RetentionOutcome.AWARDED: gettext_lazy("Applications awarded support"),
    RetentionOutcome.REJECTED: gettext_lazy("Applications rejected"),
    RetentionOutcome.WITHDRAWN: gettext_lazy(
        "Applications withdrawn, or closed without a decision"
    ),
}


def duration_text(days: int) -> str:
    """A period as people say it ("4 years and 3 months"), with the exact days after it."""
    years, rest = divmod(days, 365)
    rest -= years // 4  # the leap days of those years
    if rest < 0:
        years, rest = years - 1, rest + 365
    months = round(rest / 30.44)
    parts = []
    if years:
        parts.append(ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
    if months and (years or days >= 60):
        parts.append(ngettext("%(count)d month", "%(count)d months", months) % {"count": months})
    exact = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if not parts:
        return exact
    spoken = parts[0]
    if len(parts) == 2:
        spoken = _("%(years)s and %(months)s") % {"years": parts[0], "months": parts[1]}
    return f"{spoken} ({exact})"


def retention_schedule() -> list[dict]:
    rows = [
        {
            "label": _("Applications started and not submitted (drafts)"),
            "period": duration_text(settings.ONESTOP_DRAFT_RETENTION_DAYS),
            "counted_from": _("from the last time they were saved; then they are deleted"),
        }
    ]
    for outcome, days in retention_periods().items():
        rows.append(
            {
                "label": _OUTCOME_LABELS[outcome],
                "period": duration_text(days),
                "counted_from": _COUNTED_FROM[outcome],
            }
        )
    return rows


def export_response(export: SubjectAccessExport) -> FileResponse:
    response = FileResponse(
        export.file, as_attachment=True, filename=export.filename, content_type="application/zip"
    )
    response["Content-Length"] = str(export.size)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def processing_record(request):
    return render(
        request,
        "applications/privacy/processing_record.html",
        {
            "retention": retention_schedule(),
            "contact": settings.ONESTOP_DATA_PROTECTION_CONTACT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_data(request, pk: int):
    """GET: what the download holds; POST: the download. A POST, so that no link preview or
    prefetch makes (and registers) an export nobody asked for."""
    organisation = organisation_selectors.organisation_for_user(request.user, pk)
    if request.method == "POST":
        export = organisation_export(
            organisation=organisation, user=request.user, via=VIA_APPLICANT, full=False
        )
        return export_response(export)
    return render(
        request, "applications/privacy/organisation_data.html", {"organisation": organisation}
    )
