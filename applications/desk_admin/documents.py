"""An uploaded document, shown inline on the case page to desk staff only."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from applications.models import ApplicationDocument

from .access import DeskAccessMixin

# What a browser may show inline; anything else is downloaded rather than rendered.
INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg")


# The site forbids framing (DENY); the case page frames this view on the same origin.
@method_decorator(xframe_options_sameorigin, name="dispatch")
class DocumentView(DeskAccessMixin, View):
    http_method_names = ["get"]

    def get(self, request, pk: int, document_pk: int):
        document = get_object_or_404(
            ApplicationDocument.objects.exclude(application__status="draft"),
            pk=document_pk,
            application_id=pk,
        )
        inline = document.content_type in INLINE_TYPES
        response = FileResponse(
            document.file.open("rb"),
            content_type=document.content_type if inline else "application/octet-stream",
            as_attachment=not inline,
            filename=document.original_name,
        )
        response["Cache-Control"] = "private, no-store"
        return response
