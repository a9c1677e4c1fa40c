"""Starting an application to a per-establishment programme: which establishment.

The page lists the organisation's establishments, each with its application's state for
this programme: continue its draft, see its application, or start one (a POST, since it
creates the draft). With none registered, it links to adding one and comes back here.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from applications import selectors
from applications.models import Application
from applications.services import drafts as draft_services
from applications.views.wizard import _conflict_row, _entry_url
from applications.wizard.programmes import live_programme_or_404
from eligibility.service import screener_answers
from onestop.i18n import active_language
from organisations.selectors import establishments_of, organisation_for_user


@login_required
def apply_establishment(request, programme_slug: str, organisation_pk: int):
    # Someone else's organisation is not found, whatever the programme.
    organisation = organisation_for_user(request.user, organisation_pk)
    programme = live_programme_or_404(programme_slug)
    if not selectors.applies_per_establishment(programme.compiled, organisation):
        return redirect("applications:apply_start", programme_slug=programme_slug)
    title = programme.title(active_language())
    refused = selectors.organisation_application_conflict(
        organisation, programme_slug=programme_slug, definition=programme.definition
    )
    rows = _establishment_rows(programme, organisation)
    error = ""
    is_open = programme.is_open()
    if request.method == "POST" and is_open and refused is None:
        chosen = next(
            (
                row
                for row in rows
                if str(row["establishment"].pk) == request.POST.get("establishment")
            ),
            None,
        )
        if chosen is None:
            error = _("Choose the establishment you are applying for.")
        elif chosen["conflict"] is not None:
            error = chosen["conflict"]["message"]
        else:
            application = chosen["draft"] or draft_services.draft_start(
                organisation=organisation,
                programme_slug=programme_slug,
                user=request.user,
                prefill=screener_answers(request.session),
                establishment=chosen["establishment"],
            )
            return redirect(_entry_url(application))
    here = reverse("applications:apply_establishment", args=[programme_slug, organisation.pk])
    add_url = reverse("organisations:establishment_create", args=[organisation.pk])
    return render(
        request,
        "applications/wizard/establishment_choice.html",
        {
            "programme_title": title,
            "back_url": reverse("applications:apply_start", args=[programme_slug]),
            "organisation": organisation,
            "rows": rows,
            "is_open": is_open,
            "refused": _conflict_row(refused, title) if refused is not None else None,
            "error": error,
            "add_url": f"{add_url}?{urlencode({'next': here})}",
        },
        status=400 if error else 200,
    )


def _establishment_rows(programme, organisation) -> list[dict]:
    """Each establishment with its draft for this programme, or what stands in its way."""
    title = programme.title(active_language())
    drafts = {
        application.establishment_id: application
        for application in Application.objects.drafts().filter(
            organisation=organisation, programme_slug=programme.slug, establishment__isnull=False
        )
    }
    rows = []
    for establishment in establishments_of(organisation):
        draft = drafts.get(establishment.pk)
        conflict = None
        if draft is None:
            found = selectors.organisation_application_conflict(
                organisation,
                programme_slug=programme.slug,
                definition=programme.definition,
                establishment=establishment,
            )
            conflict = _conflict_row(found, title) if found is not None else None
        rows.append(
            {
                "establishment": establishment,
                "draft": draft,
                "resume_url": reverse("applications:application_resume", args=[draft.pk])
                if draft
                else "",
                "conflict": conflict,
            }
        )
    return rows
