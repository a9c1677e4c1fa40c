"""The desk's CSV and XLSX exports write applicant-typed text as text, never as a formula."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.desk_admin.exports import spreadsheet_text
from tests.factories.organisations import OrganisationFactory

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
            text = b"".join(response.streaming_content).decode()
            return list(csv.reader(io.StringIO(text)))
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    return rows


def _by_reference(rows: list[list]) -> dict[str, list]:
    return {row[0]: row for row in rows[1:]}


def test_the_csv_export_neutralises_formulas_in_text_cells(exported):
    rows = _by_reference(exported("csv"))
    names = [rows[f"BIO-2026-{index:06d}"][1] for index in range(1, len(FORMULAS) + 1)]
    assert names == [f"'{formula}" for formula in FORMULAS]
    plain = rows["BIO-2026-000000"]
    assert plain[1] == PLAIN
    # The amount is a number as before: negative, with no quote in front.
    assert plain[7] == "-5.00"
    assert all(row[7] == "1250.00" for reference, row in rows.items() if row is not plain)


def test_the_xlsx_export_neutralises_formulas_and_keeps_numbers_and_dates(exported):
    rows = _by_reference(exported("xlsx"))
    names = [rows[f"BIO-2026-{index:06d}"][1] for index in range(1, len(FORMULAS) + 1)]
    # XML reads a carriage return back as a line feed.
    assert names == [f"'{formula}".replace("\r", "\n") for formula in FORMULAS]
    plain = rows["BIO-2026-000000"]
    assert plain[1] == PLAIN
    assert plain[7] == -5
    assert isinstance(plain[8], datetime.datetime)  # submitted, still a date


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
