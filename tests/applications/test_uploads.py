"""Uploads are checked by content, size and (when configured) a virus scanner; the desk shows
a stored document inline only once its content passes the same checks."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader, PdfWriter

from applications.models import ApplicationDocument
from applications.uploads import upload_check
from tests import helpers
from tests.applications.wizard_helpers import EXE_BYTES
from tests.factories.applications import SubmittedApplicationFactory
from tests.factories.documents import JPEG_BYTES, PDF_BYTES, PNG_BYTES, image_bytes, pdf_bytes

ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120


def _file(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _refusal(uploaded) -> str:
    with pytest.raises(ValidationError) as refused:
        upload_check(uploaded)
    return refused.value.messages[0]


@pytest.mark.parametrize(
    ("content", "content_type", "extension"),
    [
        (PDF_BYTES, "application/pdf", "pdf"),
        (PNG_BYTES, "image/png", "png"),
        (JPEG_BYTES, "image/jpeg", "jpg"),
    ],
)
def test_pdf_jpeg_and_png_are_accepted_by_their_content(content, content_type, extension):
    # The name says nothing: the content decides.
    checked = upload_check(_file("scan", content, "application/octet-stream"))
    assert checked.content_type == content_type
    assert checked.extension == extension
    assert checked.size == len(content)


@pytest.mark.parametrize("content", [EXE_BYTES, ELF_BYTES, b"#!/bin/sh\nrm -rf /\n"])
def test_a_program_renamed_pdf_is_refused_with_a_message(content):
    with translation.override("en"):
        message = _refusal(_file("factura.pdf", content))
    assert message == (
        "The file is not a PDF, JPEG or PNG image: its content is that of a program."
    )


def test_another_kind_of_file_is_refused():
    zip_bytes = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40
    with translation.override("en"):
        message = _refusal(_file("documento.pdf", zip_bytes))
    assert message.startswith("The file is not a PDF, JPEG or PNG image.")


def test_a_file_over_the_limit_is_refused_saying_its_size_and_the_limit(settings):
    settings.ONESTOP_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    big = _file("grande.pdf", PDF_BYTES + b"0" * int(12.4 * 1024 * 1024))
    with translation.override("en"):
        assert _refusal(big) == "The file is 12.4 MB; the limit is 10 MB."


def test_the_limit_is_a_setting(settings):
    settings.ONESTOP_UPLOAD_MAX_BYTES = 50
    with translation.override("en"):
        assert "the limit is" in _refusal(_file("a.pdf", PDF_BYTES))


def test_an_empty_file_is_refused():
    with translation.override("en"):
        assert _refusal(_file("a.pdf", b"")) == "The file is empty."


def test_without_a_scanner_configured_nothing_is_run(settings):
    settings.ONESTOP_VIRUS_SCAN_COMMAND = ""
    assert upload_check(_file("a.pdf", PDF_BYTES)).content_type == "application/pdf"


def _scanner(tmp_path, exit_status: int) -> str:
    """A scanner command that records the path it was given and exits with `exit_status`."""
    script = tmp_path / "scanner.py"
    script.write_text(
        "import pathlib, sys\n"
        f"pathlib.Path({str(tmp_path / 'scanned')!r}).write_bytes(pathlib.Path(sys.argv[-1]).read_bytes())\n"
        f"sys.exit({exit_status})\n"
    )
    return f"{sys.executable} {script}"


def test_the_virus_scanner_gets_the_file_and_a_clean_result_accepts_it(settings, tmp_path):
    settings.ONESTOP_VIRUS_SCAN_COMMAND = _scanner(tmp_path, 0)
    upload_check(_file("a.pdf", PDF_BYTES))
    assert (tmp_path / "scanned").read_bytes() == PDF_BYTES


def test_a_file_the_virus_scanner_refuses_is_refused_with_a_message(settings, tmp_path):
    settings.ONESTOP_VIRUS_SCAN_COMMAND = _scanner(tmp_path, 1)
    with translation.override("en"):
        message = _refusal(_file("a.pdf", PDF_BYTES))
    assert message == "The file did not pass the virus check, so it was not accepted."


def test_a_scanner_that_cannot_run_refuses_rather_than_lets_through(settings):
    settings.ONESTOP_VIRUS_SCAN_COMMAND = "/nonexistent/clamdscan --no-summary"
    with translation.override("en"):
        assert "virus check" in _refusal(_file("a.pdf", PDF_BYTES))


# Pixel bombs: a few kilobytes on disk, gigabytes once a browser decodes them.


# 20,000 x 20,000 pixels of one bit each: 400 megapixels in about 48 KB.
PIXEL_BOMB = image_bytes("PNG", (20_000, 20_000), mode="1")


def test_a_pixel_bomb_is_refused_saying_its_size_and_the_limit():
    assert len(PIXEL_BOMB) < 100_000
    with translation.override("en"):
        message = _refusal(_file("plano.png", PIXEL_BOMB, "image/png"))
    assert message == (
        "The image is 20000 × 20000 pixels; the largest accepted is 50 megapixels. "
        "Reduce its size and upload it again."
    )


def test_a_palette_pixel_bomb_is_refused_in_the_applicants_language():
    bomb = image_bytes("PNG", (20_000, 20_000), mode="P")
    with translation.override("es"):
        message = _refusal(_file("plano.png", bomb, "image/png"))
    assert message.startswith("La imagen mide 20000 × 20000 píxeles")


def test_the_pixel_limit_is_a_setting(settings):
    settings.ONESTOP_UPLOAD_MAX_PIXELS = 1_200_000
    wide = image_bytes("JPEG", (1600, 800))
    with translation.override("en"):
        assert "the largest accepted is 1.2 megapixels" in _refusal(_file("a.jpg", wide))
    settings.ONESTOP_UPLOAD_MAX_PIXELS = 1_280_000
    assert upload_check(_file("a.jpg", wide)).content_type == "image/jpeg"


def test_pillows_own_bomb_guard_refuses_when_the_setting_is_above_it(settings):
    # 400 megapixels is over twice Pillow's limit: Pillow raises DecompressionBombError.
    settings.ONESTOP_UPLOAD_MAX_PIXELS = 10**9
    with translation.override("en"):
        assert _refusal(_file("plano.png", PIXEL_BOMB)).startswith(
            "The image is 20000 × 20000 pixels"
        )


def _png_with_a_broken_checksum() -> bytes:
    png = bytearray(image_bytes("PNG", (64, 64)))
    idat = png.index(b"IDAT")
    png[idat + 6] ^= 0xFF  # a byte of the compressed pixels: the chunk's CRC no longer fits
    return bytes(png)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(image_bytes("PNG", (64, 64))[:-20], id="truncated png"),
        pytest.param(_png_with_a_broken_checksum(), id="corrupt png"),
        pytest.param(image_bytes("JPEG", (640, 480))[:300], id="truncated jpeg"),
    ],
)
def test_a_truncated_or_corrupt_image_is_refused(content):
    with translation.override("en"):
        message = _refusal(_file("foto", content, "image/png"))
    assert message.startswith("The image is damaged or incomplete")


# PDFs: well-formed, with nothing else riding along.


def _noisy_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((320, 240), 64).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_real_photo_and_a_several_page_pdf_are_accepted():
    assert upload_check(_file("foto.jpg", _noisy_jpeg())).content_type == "image/jpeg"
    assert upload_check(_file("informe.pdf", pdf_bytes(pages=3))).content_type == "application/pdf"


MALFORMED_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    "content",
    [
        # A header and an object, but no cross-reference table: only a lax reader opens it.
        pytest.param(MALFORMED_PDF, id="no xref"),
        pytest.param(PDF_BYTES[: len(PDF_BYTES) // 2], id="truncated"),
        pytest.param(b"%PDF-1.7\n" + bytes(range(256)) * 4, id="garbage after the header"),
        pytest.param(b"%PDF-\n" + PDF_BYTES.split(b"\n", 1)[1], id="no version"),
        # filetype skips a byte-order mark; a PDF's header is at byte 0.
        pytest.param(b"\xef\xbb\xbf" + PDF_BYTES, id="header not at byte 0"),
    ],
)
def test_a_malformed_pdf_is_refused(content):
    with translation.override("en"):
        message = _refusal(_file("certificado.pdf", content))
    assert message.startswith("The PDF is damaged or incomplete, so it cannot be opened.")


def _polyglot() -> bytes:
    """A PDF that a strict reader parses (its offsets are right), with a web page after its
    header line: a browser taking it for HTML would run the script."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.pdf_header = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(_polyglot(), id="html after the header"),
        pytest.param(PDF_BYTES + b"<html><script>alert(1)</script></html>\n", id="html at the end"),
    ],
)
def test_a_pdf_html_polyglot_is_refused(content):
    # The polyglot is a PDF as far as a strict reader goes.
    assert len(PdfReader(io.BytesIO(content), strict=True).pages) == 1
    with translation.override("en"):
        message = _refusal(_file("certificado.pdf", content))
    assert message.startswith("The file starts as a PDF but has other content mixed in")


def test_a_web_page_with_a_pdf_header_inside_is_refused():
    page = b"<!DOCTYPE html><html><body><pre>\n" + PDF_BYTES + b"</pre></body></html>"
    with translation.override("en"):
        message = _refusal(_file("certificado.pdf", page))
    assert message.startswith("The file is a web page (HTML), not a PDF, JPEG or PNG image.")


def test_a_pdf_without_pages_is_refused():
    with translation.override("en"):
        message = _refusal(_file("vacio.pdf", pdf_bytes(pages=0)))
    assert message == "The PDF has no pages. Check that it is the right file and upload it again."


def test_a_password_protected_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secreto", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with translation.override("en"):
        message = _refusal(_file("protegido.pdf", buffer.getvalue()))
    assert message.startswith("The PDF is protected with a password")


# The desk: inline only what passes the checks, whenever it was stored.


@pytest.fixture
def caseworker(db):
    return helpers.caseworker(username="ane")


def _stored(content: bytes, content_type: str, extension: str) -> ApplicationDocument:
    """A document as stored before the content checks existed: nothing checked but the type."""
    document = ApplicationDocument(
        application=SubmittedApplicationFactory(),
        code="iae",
        original_name=f"iae.{extension}",
        content_type=content_type,
        size=len(content),
        sha256="0" * 64,
    )
    document.file.save(f"document.{extension}", ContentFile(content), save=False)
    document.save()
    return document


def _served(client, document):
    url = reverse("desk:document", args=[document.application_id, document.pk])
    return client.get(url)


@pytest.mark.parametrize(
    ("content", "content_type", "extension"),
    [
        (PDF_BYTES, "application/pdf", "pdf"),
        (PNG_BYTES, "image/png", "png"),
        (JPEG_BYTES, "image/jpeg", "jpg"),
    ],
)
def test_the_desk_shows_a_well_formed_document_inline(
    client, caseworker, content, content_type, extension
):
    document = _stored(content, content_type, extension)
    client.force_login(caseworker)
    served = _served(client, document)
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("inline")
    assert served["Content-Type"] == content_type
    assert b"".join(served.streaming_content) == content
    page = client.get(reverse("desk:case", args=[document.application_id])).text
    url = reverse("desk:document", args=[document.application_id, document.pk])
    assert f'<iframe src="{url}"' in page or f'<img src="{url}"' in page


@pytest.mark.parametrize(
    ("content", "content_type", "extension"),
    [
        pytest.param(PIXEL_BOMB, "image/png", "png", id="pixel bomb"),
        pytest.param(MALFORMED_PDF, "application/pdf", "pdf", id="malformed pdf"),
        pytest.param(_polyglot(), "application/pdf", "pdf", id="polyglot"),
        pytest.param(PNG_BYTES, "application/pdf", "pdf", id="not what it was stored as"),
    ],
)
def test_the_desk_offers_a_stored_document_that_fails_the_checks_as_a_download(
    client, caseworker, content, content_type, extension
):
    document = _stored(content, content_type, extension)
    client.force_login(caseworker)
    served = _served(client, document)
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("attachment")
    assert served["Content-Type"] == "application/octet-stream"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == content
    page = client.get(reverse("desk:case", args=[document.application_id])).text
    url = reverse("desk:document", args=[document.application_id, document.pk])
    assert f'<a href="{url}">iae.{extension}</a>' in page
    assert f'<iframe src="{url}"' not in page
    assert f'<img src="{url}"' not in page
    assert "No se muestra aquí" in page
