"""Checks on an uploaded document before it is kept: size, type by content, virus scan.

The type is read from the file's first bytes, never from its name or the browser's claim: a
program renamed `invoice.pdf` is still a program. Accepted: PDF, JPEG and PNG, and only when
the file is what its first bytes claim: an image whose pixels a browser can decode without
gigabytes of memory, a PDF that a strict reader parses and that nothing else is hidden in.
Caseworkers' browsers show these files inline, so what passes here is what they will render.
"""

from __future__ import annotations

import logging
import re
import shlex
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, JpegImagePlugin, PngImagePlugin
from pypdf import PdfReader

from onestop.i18n import active_language, format_number

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MEGABYTE = 1024 * 1024
# A browser holds an image's pixels decoded (about 4 bytes each): 50 megapixels is 200 MB.
DEFAULT_MAX_PIXELS = 50_000_000
MEGAPIXEL = 1_000_000
ACCEPTED_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
# What a file input may offer to pick; the content check below is what decides.
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
SCAN_TIMEOUT_SECONDS = 120

# Kinds `filetype` recognises that are programs, and first bytes of others it does not.
_PROGRAM_KINDS = {"exe", "elf", "wasm", "crx", "deb", "rpm", "swf"}
_PROGRAM_MAGIC = (
    b"MZ",  # Windows and DOS executables
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O, both byte orders and sizes, and universal binaries
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",  # scripts run by an interpreter
)
_HEADER_BYTES = 8192
# Raised whenever the checks below become stricter: the desk checks stored files again.
CONTENT_CHECKS_VERSION = 1
# The header line a PDF must open with, at its very first byte.
_PDF_HEADER = re.compile(rb"%PDF-\d\.\d(?![0-9])")
# Its first object, and what may come before it: the header line, blank lines and comments
# (such as the customary line of binary bytes). Anything else there, or anything but blank
# space after its last end-of-file marker, is refused: a web page there makes a polyglot.
_PDF_FIRST_OBJECT = re.compile(rb"\d+[ \t\r\n\f\x00]+\d+[ \t\r\n\f\x00]+obj\b")
_PDF_PROLOGUE_LINE = re.compile(rb"[ \t\f\x00]*(%[^<>]*)?")
_PDF_END = b"%%EOF"
_PDF_TAIL_BYTES = 1024
_BLANK = b" \t\r\n\f\x00"
_HTML_MARKUP = re.compile(rb"<(!doctype\s+html|html|head|body|script|iframe|svg)\b", re.IGNORECASE)
_IMAGE_FORMATS = {
    "png": (PngImagePlugin.PngImageFile, "PNG"),
    "jpg": (JpegImagePlugin.JpegImageFile, "JPEG"),
}


@dataclass(frozen=True)
class CheckedFile:
    """What the checks found: the type by content and the size."""

    content_type: str
    extension: str
    size: int


def max_upload_bytes() -> int:
    return int(getattr(settings, "ONESTOP_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_upload_pixels() -> int:
    return int(getattr(settings, "ONESTOP_UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def megabytes_text(size: int) -> str:
    """A size in megabytes as people read it: "12,4" in Spanish, "10" for a whole number."""
    return _number_text(size / MEGABYTE)


def _number_text(value: float) -> str:
    return format_number(Decimal(str(round(value, 1))), active_language())


def upload_check(uploaded: UploadedFile) -> CheckedFile:
    """Check an upload; raises ValidationError with a message the applicant can act on."""
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": megabytes_text(size), "limit": megabytes_text(limit)},
            code="too_large",
        )
    checked = content_check(uploaded)
    virus_scan(uploaded)
    return checked


def content_check(file: IO[bytes]) -> CheckedFile:
    """Check what a file is by its content: an accepted type, and well-formed as that type.

    The one check both for an upload and for a stored document before it is shown inline.
    Raises ValidationError with a message the applicant can act on.
    """
    file.seek(0, 2)
    size = file.tell()
    header = _header(file)
    kind = filetype.guess(header)
    if kind is not None and kind.extension in ACCEPTED_TYPES:
        checked = CheckedFile(ACCEPTED_TYPES[kind.extension], kind.extension, size)
    elif _HTML_MARKUP.search(header, 0, 1024):
        raise ValidationError(
            _(
                "The file is a web page (HTML), not a PDF, JPEG or PNG image. Save the "
                "document as a PDF and upload it again."
            ),
            code="html",
        )
    elif (kind is not None and kind.extension in _PROGRAM_KINDS) or header.startswith(
        _PROGRAM_MAGIC
    ):
        raise ValidationError(
            _("The file is not a PDF, JPEG or PNG image: its content is that of a program."),
            code="program",
        )
    else:
        raise ValidationError(
            _("The file is not a PDF, JPEG or PNG image. Save it as a PDF and upload it again."),
            code="wrong_type",
        )
    try:
        if checked.extension == "pdf":
            _pdf_check(file, header)
        else:
            _image_check(file, checked.extension)
    finally:
        file.seek(0)
    return checked


def _header(file: IO[bytes]) -> bytes:
    file.seek(0)
    header = file.read(_HEADER_BYTES)
    file.seek(0)
    return header


def _image_check(file: IO[bytes], extension: str) -> None:
    """Refuse an image too large to decode safely, or one that is truncated or corrupt.

    The dimensions come from the image's header, read through the format's own Pillow class:
    nothing is decoded before the pixel limit is applied. Pillow's own decompression-bomb
    guard refuses too, should the setting be set above Pillow's limit.
    """
    image_class, format_name = _IMAGE_FORMATS[extension]
    broken = ValidationError(
        _(
            "The image is damaged or incomplete, so it cannot be shown. Open it on your "
            "device, save it again as JPEG or PNG and upload the new file."
        ),
        code="broken_image",
    )
    limit = max_upload_pixels()
    width = height = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            file.seek(0)
            width, height = image_class(file).size
            if width * height > limit:
                raise _too_many_pixels(width, height, limit)
            file.seek(0)
            Image.open(file, formats=[format_name]).verify()  # chunk checksums, to the end
            if extension == "jpg":
                # A JPEG's verify() reads nothing: decode it at an eighth of its size, which
                # walks all of its data for a sixty-fourth of the memory.
                file.seek(0)
                image = Image.open(file, formats=[format_name])
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(width, height, limit) from None
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds on a broken file; all mean broken.
        logger.info("an image upload was refused as broken: %r", error)
        raise broken from None


def _too_many_pixels(width: int, height: int, limit: int) -> ValidationError:
    return ValidationError(
        _(
            "The image is %(width)s × %(height)s pixels; the largest accepted is %(limit)s "
            "megapixels. Reduce its size and upload it again."
        )
        % {"width": width, "height": height, "limit": _number_text(limit / MEGAPIXEL)},
        code="too_many_pixels",
    )


def _pdf_check(file: IO[bytes], header: bytes) -> None:
    """Refuse a PDF that is not only a well-formed PDF with at least one page.

    Its header is at byte 0 and only comments precede its first object (so no web page rides
    along in front); a strict reader parses its cross-reference table, trailer and page tree.
    """
    broken = ValidationError(
        _(
            "The PDF is damaged or incomplete, so it cannot be opened. Save it again as a PDF "
            "(for example with “Print” and “Save as PDF”) and upload the new file."
        ),
        code="broken_pdf",
    )
    mixed = ValidationError(
        _(
            "The file starts as a PDF but has other content mixed in (such as a web page). "
            "Save the document again as a PDF and upload the new file."
        ),
        code="pdf_mixed",
    )
    if not _PDF_HEADER.match(header):
        raise broken
    first_object = _PDF_FIRST_OBJECT.search(header)
    prologue = header[: first_object.start() if first_object else len(header)]
    if not all(_PDF_PROLOGUE_LINE.fullmatch(line) for line in prologue.splitlines()):
        raise mixed if _HTML_MARKUP.search(prologue) else broken
    if first_object is None:
        raise broken
    file.seek(0, 2)
    file.seek(max(0, file.tell() - _PDF_TAIL_BYTES))
    tail = file.read()
    end = tail.rfind(_PDF_END)
    if end < 0:
        raise broken
    after_end = tail[end + len(_PDF_END) :]
    if after_end.strip(_BLANK):
        raise mixed if _HTML_MARKUP.search(after_end) else broken
    try:
        file.seek(0)
        reader = PdfReader(file, strict=True)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _(
                    "The PDF is protected with a password, so it cannot be read. Save it "
                    "without a password and upload it again."
                ),
                code="pdf_encrypted",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds on a broken file; all mean broken.
        logger.info("a PDF upload was refused as broken: %r", error)
        raise broken from None
    if pages == 0:
        raise ValidationError(
            _("The PDF has no pages. Check that it is the right file and upload it again."),
            code="pdf_empty",
        )


def virus_scan(uploaded: UploadedFile) -> None:
    """Run the configured scanner (ONESTOP_VIRUS_SCAN_COMMAND) on the file, if there is one.

    The command gets the file's path as its last argument; any exit status but 0, a scanner
    that cannot be run or one that hangs refuses the file: an unscanned file is not kept.
    """
    command = (getattr(settings, "ONESTOP_VIRUS_SCAN_COMMAND", "") or "").strip()
    if not command:
        return
    refused = ValidationError(
        _("The file did not pass the virus check, so it was not accepted."), code="virus"
    )
    try:
        if hasattr(uploaded, "temporary_file_path"):
            status = _scan(command, uploaded.temporary_file_path())
        else:
            with tempfile.NamedTemporaryFile(prefix="onestop-scan-") as copy:
                for chunk in uploaded.chunks():
                    copy.write(chunk)
                copy.flush()
                status = _scan(command, copy.name)
    except (OSError, subprocess.TimeoutExpired):
        logger.exception("virus scan command %r could not check an upload", command)
        raise refused from None
    finally:
        uploaded.seek(0)
    if status != 0:
        logger.warning("virus scan refused an upload (exit status %s)", status)
        raise refused


def _scan(command: str, path: str) -> int:
    completed = subprocess.run(  # noqa: S603 - the command is the operator's setting
        [*shlex.split(command), path],
        capture_output=True,
        timeout=SCAN_TIMEOUT_SECONDS,
        check=False,
    )
    return completed.returncode
