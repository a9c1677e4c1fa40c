"""Downloading a letter: its organisation's representatives and the desk staff only."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from applications.services.e_notifications import notification_access
from applications.storage import private_file_response
from letters.selectors import letter_file_name, letter_for_user


@login_required
@require_GET
def letter_download(request, pk: int):
    letter = letter_for_user(request.user, pk)
    # A representative opening a decision or request is the notification's access.
    notification_access(letter_id=letter.pk, user=request.user)
    return private_file_response(
        letter.pdf, filename=letter_file_name(letter), content_type="application/pdf"
    )
