"""Numbers, money, percentages and dates as a reader of each language expects them.

es/eu: "1.250,00 €"; en: "€1,250.00". Dates: es "15/01/2026", eu "2026ko urtarrilaren 15a",
en "15 January 2026". Percent: es "25,5 %", eu "%25,5", en "25.5%".
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from eligibility.engine.decimals import round_half_up
from eligibility.engine.messages import MONTHS_EN, MONTHS_EU_GENITIVE

_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


def number_text(value: int | Decimal, lang: str) -> str:
    text = format(value, ",") if isinstance(value, int) else format(value, ",f")
    return text if lang == "en" else text.translate(_SWAP_SEPARATORS)


def money_text(value: Decimal, lang: str) -> str:
    amount = number_text(abs(round_half_up(value, 2)), lang)
    sign = "-" if value < 0 else ""
    return f"{sign}€{amount}" if lang == "en" else f"{sign}{amount} €"


def percent_text(value: Decimal, lang: str) -> str:
    number = number_text(value, lang)
    if lang == "en":
        return f"{number}%"
    if lang == "eu":
        return f"%{number}"
    return f"{number} %"


def date_text(value: dt.date, lang: str) -> str:
    if lang == "en":
        return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    if lang == "eu":
        return f"{value.year}{basque_year_suffix(value.year)} {MONTHS_EU_GENITIVE[value.month - 1]} {value.day}a"  # noqa: E501
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def basque_year_suffix(year: int) -> str:
    """The suffix "-ko" after a vowel, "-eko" after a consonant, as the year is read aloud.

    Basque counts in twenties, so the last word read is that of the remainder below twenty
    ("bi mila eta hogeita bat" for 2021: bat -> 2021eko), or of "hogei"/"ehun"/"mila" when
    the remainder is zero. Of the words below twenty only bat (1), bost (5), hamar (10) and
    hamabost (15) end in a consonant.
    """
    rest = year % 100
    if rest == 0:
        # ehun (100) and its multiples end in -n; mila (1000) in a vowel.
        return "eko" if year % 1000 else "ko"
    last = rest % 20
    if last == 0:
        return "ko"  # hogei, berrogei, hirurogei, laurogei
    return "eko" if last in (1, 5, 10, 15) else "ko"


_SPANISH_O_SOUND = re.compile(r"(?i)[«“]?(o|ho|8|11(?![\d]))")


def join_values(items: list[str], last: str) -> str:
    """A list for a sentence; `last` is what goes before the last item ("o", "ni", ", ")."""
    if len(items) <= 1:
        return "".join(items)
    if last == " o " and _SPANISH_O_SOUND.match(items[-1]):
        last = " u "  # "o" before an o-sound is written "u": "comercio u otro sector"
    return ", ".join(items[:-1]) + last + items[-1]
