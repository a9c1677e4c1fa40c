"""An organisation's establishments: the premises (a shop, a bar, a workshop) it runs.

Programmes that take one application per establishment read the establishment's own facts
(district, activity, headcount, premises) instead of the organisation's. The fact fields
carry the engine catalogue's names.
"""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.constants import District, PremisesTenure
from organisations.models.organisations import Organisation

# CNAE-2009 codes are written without dots: division "56", group "561", class "5610".
validate_activity_code = RegexValidator(
    r"^\d{2,4}$",
    _("Write the activity code (CNAE) as 2 to 4 digits without dots, for example 5610."),
    code="activity_code",
)


class Establishment(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="establishments"
    )
    name = models.CharField(_("name of the establishment"), max_length=200)
    address = models.CharField(_("address"), max_length=250)
    district = models.CharField(_("district"), max_length=32, choices=District.choices, blank=True)
    activity_code = models.CharField(
        _("activity code (CNAE)"),
        max_length=4,
        blank=True,
        validators=[validate_activity_code],
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    surface_m2 = models.DecimalField(
        _("floor area (m²)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    premises_tenure = models.CharField(
        _("premises"), max_length=16, choices=PremisesTenure.choices, blank=True
    )
    monthly_rent = models.DecimalField(
        _("monthly rent"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")

    def __str__(self) -> str:
        return f"{self.name}, {self.address}"
