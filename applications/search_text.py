"""Text as the desk's search compares it: without accents and in capitals, so that "begona"
finds "Begoña" and "ibanez" finds "Ibáñez".

The column side is one SQL function, `f_unaccent`, that both databases know: on PostgreSQL an
IMMUTABLE wrapper of the unaccent extension (an index may only use immutable functions;
unaccent() itself is only STABLE because its dictionary could change), created by migration
0012 with a trigram index on `UPPER(f_unaccent(legal_name))`; on SQLite the same function
in Python, registered on each connection. The term side is normalised in Python once.
"""

import unicodedata

from django.db.models import CharField, Func
from django.db.models.functions import Upper

FUNCTION = "f_unaccent"


def _decomposed(value: str) -> str:
    return "".join(
        char for char in unicodedata.normalize("NFKD", value) if not unicodedata.combining(char)
    )


# Latin-1 and Latin Extended-A, plus the letters that do not decompose but that PostgreSQL's
# unaccent rules also spell out, looked up in one translate() per value.
_LATIN = {
    code: base
    for code in range(0xC0, 0x250)
    if (base := _decomposed(chr(code))) != chr(code) and base.isascii()
}
_LATIN.update({ord(char): base for char, base in zip("ŁłØøĐđ", "LlOoDd", strict=True)})
_LATIN.update({ord("ß"): "ss", ord("Æ"): "AE", ord("æ"): "ae", ord("Œ"): "OE", ord("œ"): "oe"})


def text_unaccented(value: str) -> str:
    """The letters without their accents (ñ is n, ç is c), as unaccent's rules give them for
    the Latin letters names are written with. Most names are plain ASCII and return at once:
    SQLite calls this for every row it searches."""
    if value.isascii():
        return value
    translated = value.translate(_LATIN)
    return translated if translated.isascii() else _decomposed(translated)


def search_term(value: str) -> str:
    """A search term as the column is compared: unaccented, in capitals."""
    return text_unaccented(value).upper()


class Unaccent(Func):
    function = FUNCTION
    output_field = CharField()


def searchable(column: str) -> Upper:
    """The expression that the index covers: UPPER(f_unaccent(column))."""
    return Upper(Unaccent(column))


def _sqlite_unaccent(value):
    return None if value is None else text_unaccented(value)


def sqlite_functions_register(sender, connection, **kwargs) -> None:
    """connection_created receiver: SQLite learns f_unaccent on every new connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 1, _sqlite_unaccent, deterministic=True)
