"""The desk's CSV and XLSX exports write applicant-typed text as text, never as a formula, and
open in a spreadsheet program as the admin's language and the city's clock read them."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from desk.views.exports import spreadsheet_text
from desk.views.listing import QueueIndexView
from tests.factories.organisations import OrganisationFactory
from tests.helpers import admin_language_set

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "@SUM(1)",
    "+34 944 000 000",
    "-2+3",
    "\tTabulada",
    "\rRetorno",
]
PLAIN = "Pintxo Kooperatiba S.Coop."


@pytest.fixture
def exported(client, people, case):
    """One case per organisation name, the plain one with a negative amount; the export of
    all of them in the given format, as a list of rows."""
    for index, name in enumerate([PLAIN, *FORMULAS]):
        case(
            mine=False,
            organisation=OrganisationFactory(legal_name=name),
            reference=f"BIO-2026-{index:06d}",
            computed_amount=Decimal("-5.00") if name == PLAIN else Decimal("1250.00"),
        )
    client.force_login(people.caseworker)
    url = reverse("desk:queue", args=["all"])

    def rows(export_format: str) -> list[list]:
        response = client.get(url, {"export": export_format, "ordering": "reference"})
        assert response.status_code == 200
        if export_format == "csv":
            text = b"".join(response.streaming_content).decode("utf-8-sig")
            return list(csv.reader(io.StringIO(text), delimiter=";"))
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    return rows


def _heading(field: str, language: str = "es") -> str:
    with translation.override(language):
        return str(QueueIndexView.export_headings[field])


def _column(rows: list[list], field: str) -> int:
    return rows[0].index(_heading(field))


def _by_reference(rows: list[list]) -> dict[str, list]:
    return {row[0]: row for row in rows[1:]}


def test_the_csv_export_neutralises_formulas_in_text_cells(exported):
    rows = _by_reference(exported("csv"))
    names = [rows[f"BIO-2026-{index:06d}"][1] for index in range(1, len(FORMULAS) + 1)]
    assert names == [f"'{formula}" for formula in FORMULAS]
    plain = rows["BIO-2026-000000"]
    assert plain[1] == PLAIN
    # The amount is a number as before: negative, with no quote in front.
    assert plain[7] == "-5,00"
    assert all(row[7] == "1250,00" for reference, row in rows.items() if row is not plain)


def test_the_xlsx_export_neutralises_formulas_and_keeps_numbers_and_dates(exported):
    rows = _by_reference(exported("xlsx"))
    names = [rows[f"BIO-2026-{index:06d}"][1] for index in range(1, len(FORMULAS) + 1)]
    # Depending on the XML parser openpyxl finds, a carriage return reads back as itself or
    # as a line feed; either way the cell is text, neutralised.
    assert [name.replace("\r", "\n") for name in names] == [
        f"'{formula}".replace("\r", "\n") for formula in FORMULAS
    ]
    plain = rows["BIO-2026-000000"]
    assert plain[1] == PLAIN
    assert plain[7] == -5
    submitted = _column(exported("xlsx"), "submitted_at")
    assert isinstance(rows["BIO-2026-000000"][submitted], datetime.datetime)  # still a date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("@SUM(1)", "'@SUM(1)"),
        ("Cooperativa = Ejemplo", "Cooperativa = Ejemplo"),
        ("", ""),
    ],
)
def test_only_a_leading_formula_character_is_neutralised(value, expected):
    assert spreadsheet_text(value) == expected


# 19:48 in Madrid (winter, UTC+1).
SUBMITTED = datetime.datetime(2026, 12, 2, 18, 48, tzinfo=datetime.UTC)
DECIDED = datetime.datetime(2026, 12, 14, 8, 5, tzinfo=datetime.UTC)


@pytest.fixture
def decided_export(client, people, case):
    """An approved case decided by Miren Urkiola (username miren), and the export of the
    `all` queue by a caseworker in the given admin language, as raw bytes."""
    people.senior.last_name = "Urkiola"
    people.senior.save()
    case(
        mine=False,
        organisation=OrganisationFactory(legal_name="Begoña Ibáñez S.Coop."),
        reference="BIO-2026-000042",
        submitted_at=SUBMITTED,
        computed_amount=Decimal("1250.50"),
        status="approved",
        awarded_amount=Decimal("1200.25"),
        decided_at=DECIDED,
        decided_by=people.senior,
    )
    client.force_login(people.caseworker)

    def export(export_format: str, language: str = "es") -> bytes:
        admin_language_set(people.caseworker, language)
        response = client.get(reverse("desk:queue", args=["all"]), {"export": export_format})
        assert response.status_code == 200
        return b"".join(response.streaming_content)

    return export


def _csv_rows(data: bytes, delimiter: str, language: str) -> dict[str, dict[str, str]]:
    """The rows by reference, each a dict by exported field."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
    fields = {_heading(field, language): field for field in QueueIndexView.list_export}
    return {
        row[0]: {fields[heading]: cell for heading, cell in zip(rows[0], row, strict=True)}
        for row in rows[1:]
    }


def test_the_spanish_csv_is_what_spanish_excel_opens(decided_export):
    data = decided_export("csv", "es")

    # A byte order mark, so that Excel reads UTF-8; `;` between fields, comma decimals.
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0].startswith("Referencia;")
    row = _csv_rows(data, ";", "es")["BIO-2026-000042"]
    assert row["organisation.legal_name"] == "Begoña Ibáñez S.Coop."
    assert row["computed_amount"] == "1250,50"
    # Local time, the language's day/month/year and 24-hour clock.
    assert row["submitted_at"] == "02/12/2026 19:48"
    assert row["decided_at"] == "14/12/2026 09:05"
    assert row["awarded_amount"] == "1200,25"
    # Who decided, by name.
    assert row["decided_by"] == "Miren Urkiola"


def test_the_english_csv_uses_commas_and_the_same_local_dates(decided_export):
    data = decided_export("csv", "en")

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0].startswith("Reference,")
    row = _csv_rows(data, ",", "en")["BIO-2026-000042"]
    assert row["computed_amount"] == "1250.50"
    assert row["submitted_at"] == "02/12/2026 19:48"
    assert row["decided_at"] == "14/12/2026 09:05"
    assert row["awarded_amount"] == "1200.25"
    assert row["decided_by"] == "Miren Urkiola"


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_xlsx_has_local_datetime_cells_widths_and_a_frozen_header(decided_export, language):
    sheet = load_workbook(io.BytesIO(decided_export("xlsx", language))).active

    fields = {_heading(field, language): field for field in QueueIndexView.list_export}
    headings = [fields[cell.value] for cell in sheet[1]]
    row = dict(zip(headings, sheet[2], strict=True))
    # Real dates, in Madrid's time, without a zone, shown as the language shows them.
    assert row["submitted_at"].value == datetime.datetime(2026, 12, 2, 19, 48)
    assert row["decided_at"].value == datetime.datetime(2026, 12, 14, 9, 5)
    assert row["submitted_at"].is_date
    assert row["submitted_at"].number_format == "dd/mm/yyyy hh:mm"
    assert row["awarded_amount"].value == 1200.25
    assert row["decided_by"].value == "Miren Urkiola"
    assert sheet.freeze_panes == "A2"
    widths = {
        field: sheet.column_dimensions[cell.column_letter].width
        for field, cell in zip(headings, sheet[1], strict=True)
    }
    assert widths["organisation.legal_name"] >= 30
    assert all(10 <= width <= 60 for width in widths.values())


def test_who_decided_costs_no_query_per_row(client, people, case):
    client.force_login(people.caseworker)
    url = reverse("desk:queue", args=["all"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"export": "csv"})
            b"".join(response.streaming_content)
        return len(captured)

    case(mine=False, status="approved", decided_by=people.senior, decided_at=DECIDED)
    queries()  # the session's first write after signing in is not the export's
    one = queries()
    for decider in (people.senior2, people.caseworker, people.caseworker2):
        case(mine=False, status="approved", decided_by=decider, decided_at=DECIDED)
    assert queries() == one
