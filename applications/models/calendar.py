"""The city's own non-working days, on top of Spain's and the Basque Country's holidays."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalHoliday(models.Model):
    """A day the city's offices do not count for deadlines: its two local holidays of the
    year, or a day it declares. Spain's national and the Basque Country's holidays come from
    the `holidays` package and need no row (see applications.services.deadlines)."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["date"]
        verbose_name = _("local holiday")
        verbose_name_plural = _("local holidays")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"
