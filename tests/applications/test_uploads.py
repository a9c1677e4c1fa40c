"""Uploads are checked by content, size and (when configured) a virus scanner."""

from __future__ import annotations

import sys

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from applications.uploads import upload_check

from .wizard_helpers import EXE_BYTES, PDF_BYTES, PNG_BYTES

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
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
