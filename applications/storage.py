"""Private storage: applicants' documents and letters, outside MEDIA_ROOT and never served
by the web server; only permission-checked views read them."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """The storage of private files. A callable, so that migrations name it rather than
    freezing the path of the machine they were made on."""
    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)
