"""The page an applicant lands on once their application is submitted."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from applications import selectors
from onestop.i18n import text_in_language


@login_required
def application_confirmation(request, pk: int):
    application = selectors.submitted_application_for_user(request.user, pk)
    definition = application.programme_definition or {}
    return render(
        request,
        "applications/submission/confirmation.html",
        {
            "application": application,
            "programme_title": text_in_language(definition.get("title")) or application.programme_slug,
        },
    )
