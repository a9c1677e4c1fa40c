"""A case's letters on the desk: view one inline, download it, e-mail it again."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from applications.models.letters import DECISION_KINDS
from applications.selectors_desk import desk_applications
from applications.selectors_letters import letter_for_user

from .access import DeskAccessMixin


def _case_letter(request, pk: int, letter_pk: int):
    """The letter, if it belongs to a case this member of staff may see (404 otherwise)."""
    application = get_object_or_404(desk_applications(user=request.user), pk=pk)
    letter = letter_for_user(request.user, letter_pk)
    if letter.application_id != application.pk:
        raise Http404
    return letter


@method_decorator(xframe_options_sameorigin, name="dispatch")
class CaseLetterView(DeskAccessMixin, View):
    http_method_names = ["get"]
    as_attachment = False

    def get(self, request, pk: int, letter_pk: int):
        letter = _case_letter(request, pk, letter_pk)
        if not letter.pdf:  # removed at the end of the file's retention period
            raise Http404
        try:
            handle = letter.pdf.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=self.as_attachment,
            filename=f"{letter.application.reference}-{letter.kind}-v{letter.version}.pdf",
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class CaseLetterResendView(DeskAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int, letter_pk: int):
        from applications.services.letters import letter_email_resend

        letter = _case_letter(request, pk, letter_pk)
        if letter.kind not in DECISION_KINDS or letter.superseded_at is not None:
            messages.error(request, _("Only the decision letter that stands can be re-sent."))
        else:
            letter_email_resend(letter=letter, user=request.user)
            messages.success(request, _("The decision email will be sent again with the letter."))
        return redirect("desk:case", pk)
