"""Checks on an uploaded document before it is kept: size, type by content, virus scan.

The type is read from the file's first bytes, never from its name or the browser's claim: a
program renamed `invoice.pdf` is still a program. Accepted: PDF, JPEG and PNG.
"""

from __future__ import annotations

import logging
import shlex
import subprocess
import tempfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MEGABYTE = 1024 * 1024
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


@dataclass(frozen=True)
class CheckedFile:
    """What the checks found: the type by content and the size."""

    content_type: str
    extension: str
    size: int


def max_upload_bytes() -> int:
    return int(getattr(settings, "ONESTOP_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def megabytes_text(size: int) -> str:
    """A size in megabytes as people read it: "12,4" in Spanish, "10" for a whole number."""
    value = round(size / MEGABYTE, 1)
    places = 0 if value == int(value) else 1
    return number_format(value, places, use_l10n=True)


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
    header = _header(uploaded)
    kind = filetype.guess(header)
    if kind is not None and kind.extension in ACCEPTED_TYPES:
        checked = CheckedFile(ACCEPTED_TYPES[kind.extension], kind.extension, size)
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
    virus_scan(uploaded)
    return checked


def _header(uploaded: UploadedFile) -> bytes:
    uploaded.seek(0)
    header = uploaded.read(_HEADER_BYTES)
    uploaded.seek(0)
    return header


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
