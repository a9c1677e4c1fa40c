"""Validators for identifiers an organisation gives: Spanish tax id and Spanish IBAN."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.es import nif
from stdnum.exceptions import ValidationError as StdnumError


def tax_id_compact(value: str) -> str:
    """The tax id as stored: without spaces, dashes or an ES prefix, upper-case."""
    return nif.compact(value or "").upper()


def iban_compact(value: str) -> str:
    return iban.compact(value or "").upper()


def validate_tax_id(value: str) -> None:
    """A Spanish NIF: a company's CIF, or a person's DNI or NIE (sole traders)."""
    try:
        nif.validate(value)
    except StdnumError as error:
        raise ValidationError(
            _("Enter a valid Spanish tax id (NIF or CIF), for example B12345674."),
            code="invalid_tax_id",
        ) from error


def validate_spanish_iban(value: str) -> None:
    try:
        iban.validate(value)
    except StdnumError as error:
        raise ValidationError(
            _("Enter a valid IBAN, for example ES91 2100 0418 4502 0005 1332."),
            code="invalid_iban",
        ) from error
    if not iban_compact(value).startswith("ES"):
        raise ValidationError(
            _("Enter the IBAN of a Spanish bank account: it starts with ES."),
            code="foreign_iban",
        )
