"""Charts drawn on the server as inline SVG: no JavaScript, readable by a screen reader.

Each chart is an `<svg role="img">` named by its own `<title>` and `<desc>`, with its figures
written as text beside the bars, a viewBox and width 100% so that it shrinks to a 320 px
screen. The figures are also in a table next to each chart: the chart is for the eye, the
table for everyone. Every label passes through `format_html`: programme titles are
written by staff in the CMS.

The colours are presentation attributes, not `style`: the Content-Security-Policy forbids
inline styles. Bars #1d4f91 and text #1a1a1a on white contrast 9:1 and 17:1 (WCAG 1.4.11
asks 3:1 of graphics, 1.4.3 4.5:1 of text).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString

BAR = "#1d4f91"
TEXT = "#1a1a1a"
AXIS = "#595959"
FONT = 'font-family="system-ui, sans-serif"'


@dataclass(frozen=True)
class Datum:
    label: str
    value: float  # what the bar's length is drawn from
    text: str  # the figure written beside it ("1.250,00 €", "3")


def _n(value: float) -> str:
    """A coordinate: format_html escapes its arguments into text, so numbers go in written."""
    return f"{value:.1f}"


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> SafeString:
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{0}-title {0}-desc" '
        'viewBox="0 0 {1} {2}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>',
        chart_id,
        width,
        height,
        title,
        desc,
    )


def bar_chart(*, chart_id: str, title: str, desc: str, data: list[Datum]) -> SafeString:
    """Horizontal bars, one a row: the label above its bar, the figure after it, so that
    long labels (a district, a legal form) never squeeze the bars."""
    # Room after the longest bar for a figure such as "1.250.000,00 €".
    width, row_height, bar_space = 400, 44, 260
    top = max((datum.value for datum in data), default=0) or 1
    rows = []
    for index, datum in enumerate(data):
        y = index * row_height
        length = max(datum.value / top * bar_space, 0)
        rows.append(
            format_html(
                '<text x="0" y="{0}" font-size="14" fill="{1}" {2}>{3}</text>'
                '<rect x="0" y="{4}" width="{5}" height="16" fill="{6}"></rect>'
                '<text x="{7}" y="{8}" font-size="14" fill="{1}" {2}>{9}</text>',
                y + 15,
                TEXT,
                SafeString(FONT),
                datum.label,
                y + 21,
                _n(length),
                BAR,
                _n(length + 6),
                y + 34,
                datum.text,
            )
        )
    height = max(len(data) * row_height, row_height)
    return SafeString(
        _open(chart_id, title, desc, width, height) + SafeString("".join(rows)) + "</svg>"
    )


def column_chart(*, chart_id: str, title: str, desc: str, data: list[Datum]) -> SafeString:
    """Columns side by side (months), the figure over each and the label under it; with
    many columns every other label is left out so that they do not overlap."""
    # Narrow enough that a year of labels stays legible when shrunk to 320 px.
    width, plot_height, top_margin, bottom_margin = 420, 160, 22, 24
    count = max(len(data), 1)
    step = width / count
    column = min(step * 0.7, 48)
    top = max((datum.value for datum in data), default=0) or 1
    label_every = 1 if count <= 12 else (2 if count <= 24 else 3)
    size = 12 if count <= 12 else 10
    parts = []
    for index, datum in enumerate(data):
        x = index * step + (step - column) / 2
        centre = index * step + step / 2
        length = datum.value / top * plot_height
        base = top_margin + plot_height
        parts.append(
            format_html(
                '<rect x="{0}" y="{1}" width="{2}" height="{3}" fill="{4}"></rect>',
                _n(x),
                _n(base - length),
                _n(column),
                _n(length),
                BAR,
            )
        )
        if count <= 24:
            parts.append(
                format_html(
                    '<text x="{0}" y="{1}" font-size="{2}" text-anchor="middle" '
                    'fill="{3}" {4}>{5}</text>',
                    _n(centre),
                    _n(base - length - 5),
                    size,
                    TEXT,
                    SafeString(FONT),
                    datum.text,
                )
            )
        if index % label_every == 0:
            parts.append(
                format_html(
                    '<text x="{0}" y="{1}" font-size="{2}" text-anchor="middle" '
                    'fill="{3}" {4}>{5}</text>',
                    _n(centre),
                    base + 17,
                    size,
                    TEXT,
                    SafeString(FONT),
                    datum.label,
                )
            )
    axis = format_html(
        '<line x1="0" y1="{0}" x2="{1}" y2="{0}" stroke="{2}" stroke-width="1"></line>',
        top_margin + plot_height,
        width,
        AXIS,
    )
    height = top_margin + plot_height + bottom_margin
    return SafeString(
        _open(chart_id, title, desc, width, height) + axis + SafeString("".join(parts)) + "</svg>"
    )


__all__ = ["Datum", "bar_chart", "column_chart"]
