from django.db import models
from django.utils.translation import gettext_lazy as _


class Benefit(models.TextChoices):
    GRANT = "grant", _("Direct grant")
    TAX_REBATE = "tax_rebate", _("Tax rebate")
    VOUCHER_SCHEME = "voucher_scheme", _("Consumer-voucher scheme")
    CONSULTANCY = "consultancy", _("Consultancy")


class AwardMode(models.TextChoices):
    FIRST_COME = "first_come", _("First come, first served, until the budget is spent")
    COMPETITIVE = "competitive", _("Competitive: ranked by score after the window closes")
    PRORATA = "prorata", _(
        "Prorata: after the window closes, every award reduced by the same ratio to fit the budget"
    )


class WindowStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Opens soon")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Audience(models.TextChoices):
    SSE = "sse", _("Social and solidarity economy")
    SMALL_BUSINESS = "small_business", _("Small businesses")
