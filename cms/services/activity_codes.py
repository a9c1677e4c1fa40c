"""The activity code lists: importing the INE's CNAE-2009 file, handing the codes' names to the
rule engine, and refusing programme rules that name a code the list does not have.

The INE publishes CNAE-2009 as a CSV with the columns CODINTEGR (section letter and code,
"A0111"), COD_CNAE2009 ("0111", or "01.11" in some editions) and TITULO_CNAE2009. The reader
is tolerant of what a download or a spreadsheet does to such a file: `;` or `,` separators,
UTF-8 (with or without a byte-order mark) or Latin-1, dots in codes, extra columns, other
column names ("code", "title", "name"). Section rows (a letter only) are skipped. Columns
whose header ends in `_eu` or `_en` ("TITULO_EN", "name_en") give the Basque and English
names; the demo's list is read that way.
"""

from __future__ import annotations

import csv
import io
import re
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction

from cms.models import ActivityCode
from eligibility.engine import DefinitionError, codes

MAX_FILE_BYTES = 5 * 1024 * 1024
# How long a process keeps the names it has read before reading them again; a change made
# in this process (an import, a snippet saved) is seen at once.
NAMES_MAX_AGE_SECONDS = 300.0

_LANGUAGE_SUFFIX = re.compile(r"(?:[_\s(-])(eu|en|es)\)?$")
_TITLE_WORDS = ("titulo", "title", "name", "nombre", "descrip", "izena")
_CODE_WORDS = ("cod_cnae", "cnae", "code", "codigo", "kodea", "cod")


class CodeFileError(ValueError):
    """A code file that cannot be read, with what is wrong with it."""


@dataclass(frozen=True)
class CodeRow:
    code: str
    names: Mapping[str, str]  # language -> name; "es" always present


@dataclass(frozen=True)
class CodeFile:
    rows: tuple[CodeRow, ...]
    skipped: int  # lines that are not codes: sections, blank lines, repeated codes


@dataclass(frozen=True)
class ImportCounts:
    created: int
    updated: int
    unchanged: int
    skipped: int


# --- reading the file -----------------------------------------------------------------------


def code_file_read(path: str | Path) -> CodeFile:
    """The codes of an INE-style CSV file; CodeFileError saying why when it cannot be read."""
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise CodeFileError(f"{path}: cannot be read ({error.strerror or error})") from error
    return code_file_parse(content, source=str(path))


def code_file_parse(content: bytes, *, source: str = "(file)") -> CodeFile:
    if len(content) > MAX_FILE_BYTES:
        raise CodeFileError(f"{source}: is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    text = _decode(content, source)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise CodeFileError(f"{source}: is empty")
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    table = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    header = [_normal(cell) for cell in table[0]]
    code_column, name_columns = _columns(header, source)
    rows: dict[str, CodeRow] = {}
    skipped = 0
    for record in table[1:]:
        code = _code(record[code_column]) if code_column < len(record) else None
        names = {
            lang: record[column].strip()
            for lang, column in name_columns.items()
            if column < len(record) and record[column].strip()
        }
        if code is None or "es" not in names or code in rows:
            skipped += 1
            continue
        rows[code] = CodeRow(code, names)
    if not rows:
        raise CodeFileError(
            f"{source}: has no codes of 2 to 4 digits in column {table[0][code_column]!r}"
        )
    return CodeFile(tuple(rows.values()), skipped)


def _decode(content: bytes, source: str) -> str:
    if b"\x00" in content:
        raise CodeFileError(f"{source}: is not a text file (CSV expected)")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # The INE's downloads and Spanish spreadsheets write Latin-1 (Windows-1252).
        return content.decode("cp1252", errors="replace")


def _normal(header: str) -> str:
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode()
    return text.strip().strip('"').lower()


def _columns(header: list[str], source: str) -> tuple[int, dict[str, int]]:
    """The code column and the name column of each language, found by their headers."""
    names: dict[str, int] = {}
    for index, cell in enumerate(header):
        if any(word in cell for word in _TITLE_WORDS):
            suffix = _LANGUAGE_SUFFIX.search(cell)
            names.setdefault(suffix.group(1) if suffix else "es", index)
    candidates = [
        index
        for word in _CODE_WORDS
        for index, cell in enumerate(header)
        if word in cell and "integr" not in cell and index not in names.values()
    ]
    if not candidates or "es" not in names:
        raise CodeFileError(
            f"{source}: cannot find the code and title columns in the header "
            f"({', '.join(header) or 'empty'}); expected COD_CNAE2009 and TITULO_CNAE2009"
        )
    return candidates[0], names


def _code(cell: str) -> str | None:
    code = cell.strip().strip('"').replace(".", "").replace(" ", "")
    return code if codes.is_code(code) else None


# --- storing it -------------------------------------------------------------------------------


def activity_codes_import(*, rows: Sequence[CodeRow], scheme: str, skipped: int = 0
                          ) -> ImportCounts:  # fmt: skip
    """Create or update the list's codes from `rows` (idempotent: the same rows twice change
    nothing the second time). Names missing from a row (often Basque and English) are kept
    as staff wrote them; parents are set from the codes' prefixes."""
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {item.code: item for item in ActivityCode.objects.of_scheme(scheme)}
        for row in rows:
            item = existing.get(row.code)
            if item is None:
                item = ActivityCode(scheme=scheme, code=row.code)
                _set_names(item, row.names)
                item.save()
                existing[row.code] = item
                created += 1
            elif _set_names(item, row.names):
                item.save()
                updated += 1
            else:
                unchanged += 1
        for item in existing.values():
            parent = _parent(item.code, existing)
            if item.parent_id != (parent.pk if parent else None):
                ActivityCode.objects.filter(pk=item.pk).update(parent=parent)
    activity_code_names_changed()
    return ImportCounts(created, updated, unchanged, skipped)


def _set_names(item: ActivityCode, names: Mapping[str, str]) -> bool:
    changed = False
    for lang in ("es", "eu", "en"):
        text = names.get(lang)
        field = f"name_{lang}"
        if text and getattr(item, field) != text:
            setattr(item, field, text)
            changed = True
    return changed


def _parent(code: str, existing: Mapping[str, ActivityCode]) -> ActivityCode | None:
    for length in range(len(code) - 1, 1, -1):
        found = existing.get(code[:length])
        if found is not None:
            return found
    return None


# --- the names the engine shows --------------------------------------------------------------


def activity_code_names(scheme: str) -> dict[str, dict[str, str]]:
    """Every code of the list with its names by language."""
    return {
        item.code: item.names()
        for item in ActivityCode.objects.of_scheme(scheme).only(
            "code", "name_es", "name_eu", "name_en"
        )
    }


class StoredCodeNames(Mapping[str, Mapping[str, str]]):
    """A list's names as the engine reads them (`codes.set_code_names`): read from the
    database when first needed, kept for NAMES_MAX_AGE_SECONDS, read again after a change.
    Before the table exists (a fresh database) the list is simply empty."""

    def __init__(self, scheme: str) -> None:
        self.scheme = scheme
        self._names: dict[str, dict[str, str]] | None = None
        self._read_at = 0.0

    def _current(self) -> dict[str, dict[str, str]]:
        if self._names is None or time.monotonic() - self._read_at > NAMES_MAX_AGE_SECONDS:
            try:
                self._names = activity_code_names(self.scheme)
            except DatabaseError:
                return {}
            self._read_at = time.monotonic()
        return self._names

    def forget(self) -> None:
        self._names = None

    def __getitem__(self, code: str) -> Mapping[str, str]:
        return self._current()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())

    def __contains__(self, code: object) -> bool:
        return code in self._current()


_stored: dict[str, StoredCodeNames] = {}


def activity_code_names_install() -> None:
    """Hand every list's names to the engine (from the app's `ready`; reads nothing yet)."""
    for scheme in codes.CODE_LISTS:
        _stored[scheme] = StoredCodeNames(scheme)
        codes.set_code_names(scheme, _stored[scheme])


def activity_code_names_changed(**_signal: Any) -> None:
    """Read the names again at their next use (after an import, or a code saved or deleted)."""
    for names in _stored.values():
        names.forget()


# --- checking programme rules ------------------------------------------------------------------


def unknown_code_errors(definition: Any) -> list[DefinitionError]:
    """An error at each value of a rule that names a code its list does not have."""
    named = list(codes.code_values(definition))
    if not named:
        return []
    known: set[tuple[str, str]] = set(
        ActivityCode.objects.filter(
            scheme__in={scheme for _path, scheme, _code in named},
            code__in={code for _path, _scheme, code in named},
        ).values_list("scheme", "code")
    )
    return [
        DefinitionError(
            path,
            f"{code!r} is not a code of the {scheme} list (add it in the admin under "
            "Snippets > Activity codes, or import the list with import_activity_codes)",
        )
        for path, scheme, code in named
        if (scheme, code) not in known
    ]
