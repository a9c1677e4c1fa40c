"""Text, numbers, money and dates in the reader's language, for every page, email and letter.

The site speaks es (the default), eu and en. A programme's texts are `{"es": ..., "eu": ...,
"en": ...}` with `es` required; amounts read "1.250,00 €" in es and eu, "€1,250.00" in en;
dates "2 de noviembre de 2026", "2026ko azaroaren 2a", "2 November 2026".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from eligibility.engine import date_text

_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


def site_language(code: str | None) -> str:
    """`code` as one of the site's languages ("eu-es" reads as "eu"), else the default."""
    known = {language for language, _name in settings.LANGUAGES}
    current = (code or "").lower()
    for candidate in (current, current.split("-")[0]):
        if candidate in known:
            return candidate
    return settings.LANGUAGE_CODE


def active_language() -> str:
    """The language of the request or of the `translation.override` being rendered."""
    return site_language(translation.get_language())


def text_in_language(texts: Mapping[str, str] | str | None, language: str | None = None) -> str:
    """The text in `language` (the active one by default), else in the default language."""
    if not texts:
        return ""
    if isinstance(texts, str):
        return texts
    language = site_language(language) if language else active_language()
    return texts.get(language) or texts.get(settings.LANGUAGE_CODE) or ""


def format_number(value: Decimal | int, language: str, *, places: int | None = None) -> str:
    """A number grouped in thousands: "1.250,5" in es/eu, "1,250.5" in en.

    With `places`, exactly that many decimals, rounded half up; without, as many as it has
    (none for 20.00).
    """
    number = Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{number:,.{places}f}"
    elif number == number.to_integral_value():
        text = f"{number.to_integral_value():,f}"
    else:
        text = f"{number.normalize():,f}"
    return text if language == "en" else text.translate(_SWAP_SEPARATORS)


def format_money(amount: Decimal, unit: str, language: str) -> str:
    """An amount in a programme's unit: "1.250,00 €" (es, eu), "€1,250.00" (en), "50 %",
    "20 hours"."""
    if unit == "EUR":
        number = format_number(amount, language, places=2)
        return f"€{number}" if language == "en" else f"{number} €"
    number = format_number(amount, language)
    if unit == "percent":
        return {"en": f"{number}%", "eu": f"%{number}"}.get(language, f"{number} %")
    one = amount == 1
    with translation.override(site_language(language)):
        if unit == "hours":
            template = gettext("%(amount)s hour") if one else gettext("%(amount)s hours")
        elif unit == "vouchers":
            template = gettext("%(amount)s voucher") if one else gettext("%(amount)s vouchers")
        else:
            return f"{number} {unit}"
    return template % {"amount": number}


def format_date(value: dt.date, language: str, *, short: bool = False) -> str:
    """A date written out ("2 de noviembre de 2026", "2026ko azaroaren 2a", "2 November
    2026"), or `short` as tables show it ("02/11/2026")."""
    if short:
        with translation.override(site_language(language)):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
    if language == "es":
        with translation.override(site_language(language)):
            return formats.date_format(value, "DATE_FORMAT")
    # Basque dates decline the month and the year ("2021eko urtarrilaren 1a"), which Django's
    # formats cannot: the rules' explanations already write them so.
    return date_text(value, language)


def format_datetime(value: dt.datetime, language: str) -> str:
    """A moment in the city's time, as tables show it: "02/11/2026 19:48"."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    with translation.override(site_language(language)):
        return formats.date_format(local, "SHORT_DATETIME_FORMAT")
