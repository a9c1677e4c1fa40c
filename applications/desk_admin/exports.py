"""Spreadsheet exports that a spreadsheet program cannot turn into formulas.

Applicants type organisation names and other text that the desk exports as CSV and XLSX. A
cell that begins with =, +, -, @, a tab or a carriage return is read as a formula by Excel
and LibreOffice (`=HYPERLINK(...)` leaks data, `=cmd|...` runs a program); a single quote in
front makes it text, as OWASP recommends. Numbers, amounts and dates are not text and are
written as they are, so a negative amount stays a number.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """Text as a spreadsheet cell shows it, never run as a formula."""
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


class FormulaSafeExportMixin:
    """Put before Wagtail's SpreadsheetExportMixin (IndexView has it) in a view's bases: every
    text cell of both formats goes through `spreadsheet_text`."""

    def preprocess_field_value(self, field, value, export_format):
        processed = super().preprocess_field_value(field, value, export_format)
        return spreadsheet_text(processed) if isinstance(processed, str) else processed
