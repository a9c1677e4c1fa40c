"""Letters as the letters service leaves them: a PDF in private storage and its checksum."""

import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from applications.constants import ApplicationStatus
from letters.models import Letter
from tests.factories.applications import SubmittedApplicationFactory
from tests.factories.documents import PDF_BYTES


class LetterFactory(factory.django.DjangoModelFactory):
    """The first award letter of an approved application, in Spanish; `content` is its PDF."""

    class Meta:
        model = Letter

    class Params:
        content = PDF_BYTES

    application = factory.SubFactory(SubmittedApplicationFactory, status=ApplicationStatus.APPROVED)
    kind = "award"
    version = 1
    source_key = factory.LazyAttribute(lambda letter: f"test-{letter.kind}-{letter.version}")
    pdf = factory.LazyAttribute(lambda letter: ContentFile(letter.content, name="letter.pdf"))
    sha256 = factory.LazyAttribute(lambda letter: hashlib.sha256(letter.content).hexdigest())
    size = factory.LazyAttribute(lambda letter: len(letter.content))
    language = "es"
    issued_at = factory.LazyAttribute(
        lambda letter: letter.application.decided_at or timezone.now()
    )
