"""Keyset ("cursor") pagination: the page after a row is the rows that sort after it.

A numbered page N makes the database read and throw away the N-1 pages before it, and its
"page N of M" needs a COUNT of every row; both grow with the queue. A cursor holds the sort
key of the last row shown (always ending with the primary key, so that ties in the sort key
keep one order), and the next page is `WHERE (key, pk) > (cursor) ORDER BY key, pk LIMIT n`:
an index on (key, pk) answers it by reading n rows, however deep the page.

Only the first column of a key may be NULL (the amount, the deadline). PostgreSQL puts
NULLs last going up and first going down, and so do these orderings on every database; a
row comparison with a NULL is neither true nor false, so the NULL rows are paged as a part
of their own, before or after the others.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F, OrderBy, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan


@dataclass(frozen=True)
class KeysetPage:
    rows: list
    # Opaque tokens for the pages around this one; None where there is none.
    next_cursor: str | None
    previous_cursor: str | None


def key_ordering(columns: tuple[str, ...], *, descending: bool) -> list[OrderBy]:
    """The ORDER BY of a key, NULLs where PostgreSQL's b-tree indexes have them (last going
    up, first going down) on every database, so that a cursor means the same everywhere."""
    if descending:
        return [F(column).desc(nulls_first=True) for column in columns]
    return [F(column).asc(nulls_last=True) for column in columns]


def _field(model, path: str):
    field = None
    for name in path.split("__"):
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        if field.is_relation:
            model = field.related_model
    return field


def _value(row, path: str):
    for name in path.split("__"):
        row = getattr(row, name)
    return row


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    return value


def cursor_encode(columns: tuple[str, ...], values) -> str:
    # The columns go with the values: a link kept from another sort is not misread as this one.
    data = json.dumps(
        [",".join(columns), *(_json(value) for value in values)], separators=(",", ":")
    )
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def cursor_decode(model, columns: tuple[str, ...], token: str) -> list | None:
    """The key a cursor holds, as the columns' Python values; None for anything that is not
    a cursor of this key (a link edited by hand, one from another sort)."""
    if not token:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(data, list) or data[:1] != [",".join(columns)]:
            return None
        data = data[1:]
        if len(data) != len(columns):
            return None
        values = [
            None if value is None else _field(model, column).to_python(value)
            for column, value in zip(columns, data, strict=True)
        ]
    except (ValueError, TypeError, binascii.Error, ValidationError):
        return None
    # Only the first column may be NULL (see the module's docstring).
    if any(value is None for value in values[1:]):
        return None
    return values


def _after(queryset: QuerySet, columns, values, *, descending: bool, limit: int) -> list:
    """Up to `limit` rows that sort after `values` (or from the start)."""
    ordered = queryset.order_by(*key_ordering(columns, descending=descending))
    if values is None:
        return list(ordered[:limit])
    beyond = TupleLessThan if descending else TupleGreaterThan

    def key_after(names, key):
        if len(names) == 1:
            lookup = "lt" if descending else "gt"
            return ordered.filter(**{f"{names[0]}__{lookup}": key[0]})
        return ordered.filter(beyond(Tuple(*(F(name) for name in names)), list(key)))

    leading = columns[0]
    if not _field(queryset.model, leading).null:
        return list(key_after(columns, values)[:limit])
    # The NULL part comes first going down, last going up.
    if values[0] is None:
        rows = list(
            key_after(columns[1:], values[1:]).filter(**{f"{leading}__isnull": True})[:limit]
        )
        if descending and len(rows) < limit:
            rows += ordered.filter(**{f"{leading}__isnull": False})[: limit - len(rows)]
        return rows
    rows = list(key_after(columns, values)[:limit])
    if not descending and len(rows) < limit:
        rows += ordered.filter(**{f"{leading}__isnull": True})[: limit - len(rows)]
    return rows


def keyset_page(
    queryset: QuerySet,
    *,
    columns: tuple[str, ...],
    descending: bool,
    size: int,
    after: str = "",
    before: str = "",
) -> KeysetPage:
    """One page of `queryset` in the order of `columns` (the last one unique: the pk), from
    just after the row of cursor `after`, or just before that of `before`, or from the
    start. Reads `size` + 1 rows, and no COUNT."""
    model = queryset.model
    backwards = bool(before) and cursor_decode(model, columns, before) is not None
    values = cursor_decode(model, columns, before if backwards else after)
    # The page before a row is the page after it in the opposite order, read back.
    rows = _after(queryset, columns, values, descending=descending != backwards, limit=size + 1)
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    has_next = (values is not None) if backwards else more
    has_previous = more if backwards else values is not None
    return KeysetPage(
        rows=rows,
        next_cursor=(
            cursor_encode(columns, (_value(rows[-1], column) for column in columns))
            if has_next and rows
            else None
        ),
        previous_cursor=(
            cursor_encode(columns, (_value(rows[0], column) for column in columns))
            if has_previous and rows
            else None
        ),
    )
