"""A case's letters on the desk: view one inline, download it, e-mail it again."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from applications.storage import private_file_response
from desk.selectors import desk_applications
from desk.views.access import DeskAccessMixin
from letters.models.letters import DECISION_KINDS
from letters.selectors import letter_file_name, letter_for_user


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
        return private_file_response(
            letter.pdf,
            filename=letter_file_name(letter),
            content_type="application/pdf",
            as_attachment=self.as_attachment,
        )


class CaseLetterResendView(DeskAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int, letter_pk: int):
        from letters.services.letters import letter_email_resend

        letter = _case_letter(request, pk, letter_pk)
        if letter.kind not in DECISION_KINDS or letter.superseded_at is not None:
            messages.error(request, _("Only the decision letter that stands can be re-sent."))
        else:
            letter_email_resend(letter=letter, user=request.user)
            messages.success(request, _("The decision email will be sent again with the letter."))
        return redirect("desk:case", pk)


# Under the desk's case addresses (admin/desk/cases/<pk>/letters/...), registered by letters'
# wagtail_hooks: the desk links to them without importing letters.
urlpatterns = [
    path("<int:letter_pk>/", CaseLetterView.as_view(), name="letter"),
    path(
        "<int:letter_pk>/download/",
        CaseLetterView.as_view(as_attachment=True),
        name="letter_download",
    ),
    path("<int:letter_pk>/resend/", CaseLetterResendView.as_view(), name="letter_resend"),
]
