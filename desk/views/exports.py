"""Spreadsheet exports that a spreadsheet program cannot turn into formulas.

Applicants type organisation names and other text that the desk exports as CSV and XLSX. A
cell that begins with =, +, -, @, a tab or a carriage return is read as a formula by Excel
and LibreOffice (`=HYPERLINK(...)` leaks data, `=cmd|...` runs a program); a single quote in
front makes it text, as OWASP recommends. Numbers, amounts and dates are not text and are
written as they are, so a negative amount stays a number.
"""

import csv
import datetime
import tempfile
from decimal import Decimal

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import formats, timezone, translation
from wagtail.admin.views.mixins import Echo, ExcelDateFormatter

from onestop.i18n import active_language, format_date, format_datetime

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


class LocalSpreadsheetExportMixin:
    """Put before FormulaSafeExportMixin: exports as the admin's language and the city's clock
    read them, so that a spreadsheet program opens them as they are.

    - CSV starts with a UTF-8 byte order mark (without it Excel reads UTF-8 as ANSI and mangles
      "Begoña"); where the language writes decimals with a comma (Spanish, Basque), Excel
      separates fields with `;` and reads "1250,00" as a number, so the CSV does the same.
      Dates are local (Europe/Madrid) in the language's short format, amounts in its decimals.
    - XLSX dates are real datetime cells in local time without a zone (a spreadsheet has no
      zones: UTC would show 18:48 for a case submitted at 19:48), shown in the language's short
      format; the header row is frozen and the columns wide enough to read.

    Numbers and dates never reach the formula check: "-5,00" is an amount, not a formula.
    """

    # Characters per column for fields whose heading is no guide to their content.
    export_column_widths: dict[str, int] = {}
    # Rows read from the database at a time: an export never holds all of them.
    export_chunk_size = 2_000
    export_min_column_width = 10
    export_max_column_width = 60

    def csv_delimiter(self) -> str:
        return ";" if formats.get_format("DECIMAL_SEPARATOR") == "," else ","

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, datetime.datetime):
            if export_format == self.FORMAT_XLSX:
                local = timezone.localtime(value) if timezone.is_aware(value) else value
                return local.replace(tzinfo=None)
            return format_datetime(value, active_language())
        if isinstance(value, datetime.date):
            if export_format == self.FORMAT_XLSX:
                return value
            return format_date(value, active_language(), short=True)
        if isinstance(value, Decimal) and export_format == self.FORMAT_CSV:
            return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=False)
        return super().preprocess_field_value(field, value, export_format)

    def export_rows(self, queryset):
        """The rows, read in chunks (a server-side cursor on PostgreSQL) and not kept: an
        export of 100,000 rows takes the memory of one of 10,000."""
        if isinstance(queryset, QuerySet):
            return queryset.iterator(chunk_size=self.export_chunk_size)
        return queryset

    def stream_csv(self, queryset):
        # The response streams after the view has returned, outside the admin language that
        # Wagtail activates for the view: the rows are written in the language of the request.
        language = active_language()

        def lines():
            with translation.override(language):
                writer = csv.DictWriter(
                    Echo(), fieldnames=self.list_export, delimiter=self.csv_delimiter()
                )
                yield "\ufeff".encode() + writer.writerow(
                    {field: self.get_heading(queryset, field) for field in self.list_export}
                )
                for item in self.export_rows(queryset):
                    yield self.write_csv_row(writer, self.to_row_dict(item))

        return lines()

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook
        from openpyxl.utils import get_column_letter

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=str(self.get_filename())[:31])
        headings = [self.get_heading(queryset, field) for field in self.list_export]
        # Write-only sheets take widths and panes before the first row.
        for index, (field, heading) in enumerate(
            zip(self.list_export, headings, strict=True), start=1
        ):
            width = self.export_column_widths.get(field, len(heading) + 2)
            width = min(max(width, self.export_min_column_width), self.export_max_column_width)
            worksheet.column_dimensions[get_column_letter(index)].width = width
        worksheet.freeze_panes = "A2"
        worksheet.append(headings)
        date_format = ExcelDateFormatter().get()
        for item in self.export_rows(queryset):
            worksheet.append(
                self.generate_xlsx_row(worksheet, self.to_row_dict(item), date_format=date_format)
            )
        workbook.save(output)

    def write_xlsx_response(self, queryset):
        # Written to a temporary file rather than memory (a write-only workbook keeps no rows
        # either) and sent from it; the file goes when the response closes it.
        output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f"{self.get_filename()}.xlsx",
        )
