"""Downloading a letter: its organisation's representatives and the desk staff only."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from applications.selectors_letters import letter_for_user


@login_required
@require_GET
def letter_download(request, pk: int):
    letter = letter_for_user(request.user, pk)
    if not letter.pdf:  # removed at the end of the file's retention period
        raise Http404
    try:
        handle = letter.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{letter.application.reference}-{letter.kind}-v{letter.version}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
