"""Private storage: applicants' documents and letters, outside MEDIA_ROOT and never served
by the web server; only permission-checked views read them."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404


def private_storage() -> FileSystemStorage:
    """The storage of private files. A callable, so that migrations name it rather than
    freezing the path of the machine they were made on."""
    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)


def private_file_response(
    file, *, filename: str, content_type: str, as_attachment: bool = True
) -> FileResponse:
    """A private file for the permission-checked view that found it: 404 when it is gone (a
    file past its retention period, or missing on disk), never sniffed, never cached."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
