"""Choices of the organisation profile: the catalogue's standard facts, with their labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalForm(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    LABOUR_COMPANY = "labour_company", _("Labour company")
    INSERTION_COMPANY = "insertion_company", _("Insertion company")
    SPECIAL_EMPLOYMENT_CENTRE = "special_employment_centre", _("Special employment centre")
    MUTUAL = "mutual", _("Mutual society")
    ASSOCIATION = "association", _("Association")
    FOUNDATION = "foundation", _("Foundation")
    SOLE_TRADER = "sole_trader", _("Sole trader")
    PARTNERSHIP = "partnership", _("Partnership")
    LIMITED_COMPANY = "limited_company", _("Limited company")


class District(models.TextChoices):
    ABANDO = "abando", _("Abando")
    BASURTO_ZORROZA = "basurto-zorroza", _("Basurto-Zorroza")
    BEGONA = "begona", _("Begoña")
    DEUSTO = "deusto", _("Deusto")
    ERREKALDE = "errekalde", _("Errekalde")
    IBAIONDO = "ibaiondo", _("Ibaiondo")
    OTXARKOAGA_TXURDINAGA = "otxarkoaga-txurdinaga", _("Otxarkoaga-Txurdinaga")
    URIBARRI = "uribarri", _("Uribarri")
    OUTSIDE = "outside", _("Outside the city")


class Sector(models.TextChoices):
    RETAIL = "retail", _("Retail")
    HOSPITALITY = "hospitality", _("Hospitality")
    TOURISM = "tourism", _("Tourism")
    CULTURE = "culture", _("Culture")
    PERSONAL_SERVICES = "personal_services", _("Personal services")
    CARE = "care", _("Care")
    DIGITAL = "digital", _("Digital")
    PROFESSIONAL_SERVICES = "professional_services", _("Professional services")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    CONSTRUCTION = "construction", _("Construction")
    OTHER = "other", _("Other sector")


class PremisesTenure(models.TextChoices):
    RENTED = "rented", _("Rented")
    OWNED = "owned", _("Owned")
    NONE = "none", _("No premises")


class RepresentationRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("Representative")
