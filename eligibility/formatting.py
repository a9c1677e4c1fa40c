"""Numbers and amounts as a reader of each language writes them, for every page of the desk."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


def number_text(value: Decimal | int, lang: str, *, places: int | None = None) -> str:
    """A number grouped in thousands: "1.250,5" in es/eu, "1,250.5" in en.

    With `places`, exactly that many decimals; without, as many as it has (none for 20.00).
    """
    number = Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{number:,.{places}f}"
    elif number == number.to_integral_value():
        text = f"{number.to_integral_value():,f}"
    else:
        text = f"{number.normalize():,f}"
    return text if lang == "en" else text.translate(_SWAP_SEPARATORS)


def amount_text(amount: Decimal, unit: str, lang: str) -> str:
    """An award with its unit: "1.250,00 €" (es, eu), "€1,250.00" (en), "50 %", "20 hours"."""
    if unit == "EUR":
        number = number_text(amount, lang, places=2)
        return f"€{number}" if lang == "en" else f"{number} €"
    number = number_text(amount, lang)
    if unit == "percent":
        return {"en": f"{number}%", "eu": f"%{number}"}.get(lang, f"{number} %")
    one = amount == 1
    if unit == "hours":
        template = gettext("%(amount)s hour") if one else gettext("%(amount)s hours")
    elif unit == "vouchers":
        template = gettext("%(amount)s voucher") if one else gettext("%(amount)s vouchers")
    else:
        return f"{number} {unit}"
    return template % {"amount": number}
