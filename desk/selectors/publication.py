"""What the city publishes of its awards: the public list (transparency law, Ley 19/2013, art.
8.1.c) and the export to the national subsidies database (BDNS, Ley 38/2003, art. 20).

The public list names each beneficiary, except natural persons (sole traders): their names
are withheld unless the programme's bases say otherwise (format v2
`publish_natural_persons`), as the data protection law requires. The BDNS receives every
beneficiary's tax id and name: the database itself decides what it shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from xml.etree import ElementTree

from django.conf import settings
from django.utils import timezone

from applications.models import Application
from onestop.i18n import text_in_language
from organisations.constants import LegalForm

NATURAL_PERSON_FORMS = frozenset({LegalForm.SOLE_TRADER})


@dataclass(frozen=True)
class PublishedAward:
    programme_slug: str
    programme_title: str
    reference: str
    beneficiary: str | None  # None: a natural person whose name is withheld
    tax_id: str
    legal_name: str
    natural_person: bool
    amount: Decimal
    unit: str
    decided_on: dt.date


def awards_published(*, programme_slug: str | None = None, language: str = "es"):
    """Every award that stands, newest decision first, as the public list and the BDNS read
    them."""
    awards = (
        Application.objects.awarded()
        .select_related("organisation")
        .order_by("-decided_at", "-pk")
    )
    if programme_slug:
        awards = awards.filter(programme_slug=programme_slug)
    rows = []
    for application in awards:
        definition = application.programme_definition or {}
        organisation = application.organisation
        natural = organisation.legal_form in NATURAL_PERSON_FORMS
        named = not natural or definition.get("publish_natural_persons") is True
        rows.append(
            PublishedAward(
                programme_slug=application.programme_slug,
                programme_title=text_in_language(definition.get("title"), language)
                or application.programme_slug,
                reference=application.reference or "",
                beneficiary=organisation.legal_name if named else None,
                tax_id=organisation.tax_id,
                legal_name=organisation.legal_name,
                natural_person=natural,
                amount=application.awarded_amount,
                unit=definition.get("unit", "EUR"),
                decided_on=timezone.localdate(application.decided_at),
            )
        )
    return rows


def awards_public_csv(awards, *, withheld_label: str) -> str:
    """The public list as CSV (open data): the same rows and columns as the page."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["programme", "programme_title", "beneficiary", "amount", "unit", "date"])
    for award in awards:
        writer.writerow(
            [
                award.programme_slug,
                award.programme_title,
                award.beneficiary if award.beneficiary is not None else withheld_label,
                f"{award.amount:.2f}",
                award.unit,
                award.decided_on.isoformat(),
            ]
        )
    return out.getvalue()


# --- BDNS ----------------------------------------------------------------------------------

BDNS_CALL_COLUMNS = (
    "organo_convocante",
    "codigo_convocatoria",
    "titulo",
    "fecha_inicio_solicitudes",
    "fecha_fin_solicitudes",
    "presupuesto_total",
    "instrumento",
)
BDNS_AWARD_COLUMNS = (
    "codigo_convocatoria",
    "nif_beneficiario",
    "nombre_beneficiario",
    "persona_fisica",
    "importe",
    "fecha_concesion",
    "referencia_expediente",
)
# The BDNS's kinds of aid instrument, by the programme's benefit.
_INSTRUMENTS = {
    "grant": "SUBVENCION",
    "tax_rebate": "BENEFICIO_FISCAL",
    "voucher_scheme": "SUBVENCION",
    "consultancy": "PRESTACION_EN_ESPECIE",
}


def bdns_calls(definitions) -> list[dict[str, str]]:
    """The calls, one row each, from the programmes' definitions."""
    authority = settings.ONESTOP_BDNS_AUTHORITY
    rows = []
    for definition in definitions:
        window = definition.get("window") or {}
        rows.append(
            {
                "organo_convocante": authority,
                "codigo_convocatoria": definition.get("slug", ""),
                "titulo": text_in_language(definition.get("title"), "es") or "",
                "fecha_inicio_solicitudes": window.get("opens") or "",
                "fecha_fin_solicitudes": window.get("closes") or "",
                "presupuesto_total": definition.get("budget") or "",
                "instrumento": _INSTRUMENTS.get(definition.get("benefit", ""), "SUBVENCION"),
            }
        )
    return rows


def bdns_awards(awards) -> list[dict[str, str]]:
    return [
        {
            "codigo_convocatoria": award.programme_slug,
            "nif_beneficiario": award.tax_id,
            "nombre_beneficiario": award.legal_name,
            "persona_fisica": "S" if award.natural_person else "N",
            "importe": f"{award.amount:.2f}",
            "fecha_concesion": award.decided_on.isoformat(),
            "referencia_expediente": award.reference,
        }
        for award in awards
    ]


def bdns_csv(rows, columns) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def bdns_xml(calls, awards) -> bytes:
    """Calls and awards in one XML document, an element per row and per column."""
    root = ElementTree.Element("bdns", {"entidad": settings.ONESTOP_BDNS_AUTHORITY})
    for tag, item_tag, rows in (
        ("convocatorias", "convocatoria", calls),
        ("concesiones", "concesion", awards),
    ):
        section = ElementTree.SubElement(root, tag)
        for row in rows:
            item = ElementTree.SubElement(section, item_tag)
            for key, value in row.items():
                ElementTree.SubElement(item, key).text = str(value)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def bdns_export(*, what: str = "awards", file_format: str = "csv", programme_slug=None):
    """(body, content type, file name) of the BDNS export: the published programmes' calls,
    or the awards, as CSV; or both in one XML document."""
    from cms.selectors import programme_pages_default_locale

    definitions = [
        page.definition
        for page in programme_pages_default_locale().live().order_by("programme_slug")
        if page.definition and (not programme_slug or page.programme_slug == programme_slug)
    ]
    calls = bdns_calls(definitions)
    awards = bdns_awards(awards_published(programme_slug=programme_slug))
    if file_format == "xml":
        return bdns_xml(calls, awards), "application/xml", "bdns.xml"
    if what == "calls":
        return bdns_csv(calls, BDNS_CALL_COLUMNS), "text/csv", "bdns-calls.csv"
    return bdns_csv(awards, BDNS_AWARD_COLUMNS), "text/csv", "bdns-awards.csv"
