"""An uploaded document, shown inline on the case page to desk staff only."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from applications.models import ApplicationDocument
from applications.storage import private_file_response
from applications.uploads import CONTENT_CHECKS_VERSION, content_check
from desk.views.access import DeskAccessMixin

# What a browser may show inline; anything else is downloaded rather than rendered.
INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg")
# A stored file never changes under its server-made name, so its verdict holds; the
# checks' version in the key makes a stricter check look at every file again.
_VERDICT_SECONDS = 7 * 24 * 60 * 60


def document_shown_inline(document: ApplicationDocument) -> bool:
    """Whether the desk may let a browser render the document rather than download it.

    Only a file whose content passes today's upload checks, as the type it was stored as:
    documents kept before a check existed are checked too, when first shown.
    """
    if document.content_type not in INLINE_TYPES or not document.file.name:
        return False
    key = f"onestop:document-inline:{CONTENT_CHECKS_VERSION}:{document.file.name}"
    verdict = cache.get(key)
    if verdict is None:
        try:
            with document.file.open("rb") as stored:
                verdict = content_check(stored).content_type == document.content_type
        except ValidationError:
            verdict = False
        except OSError:
            return False  # a file missing now is not a verdict on its content
        cache.set(key, verdict, _VERDICT_SECONDS)
    return verdict


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
        inline = document_shown_inline(document)
        return private_file_response(
            document.file,
            filename=document.original_name,
            content_type=document.content_type if inline else "application/octet-stream",
            as_attachment=not inline,
        )
