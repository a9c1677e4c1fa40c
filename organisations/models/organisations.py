"""Organisations that apply for support, the people who represent them, and invitations."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.constants import District, LegalForm, PremisesTenure, RepresentationRole, Sector
from organisations.validators import (
    iban_compact,
    tax_id_compact,
    validate_spanish_iban,
    validate_tax_id,
)

INVITATION_VALIDITY = timedelta(days=14)


class OrganisationQuerySet(models.QuerySet):
    def represented_by(self, user) -> "OrganisationQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(representations__user=user).distinct()


class Organisation(models.Model):
    """An applicant organisation. The fact fields carry the engine catalogue's names."""

    legal_name = models.CharField(_("legal name"), max_length=200)
    tax_id = models.CharField(
        _("tax id (NIF/CIF)"), max_length=9, unique=True, validators=[validate_tax_id]
    )
    legal_form = models.CharField(_("legal form"), max_length=32, choices=LegalForm.choices)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    district = models.CharField(_("district"), max_length=32, choices=District.choices, blank=True)
    premises_tenure = models.CharField(
        _("premises"), max_length=16, choices=PremisesTenure.choices, blank=True
    )
    monthly_rent = models.DecimalField(
        _("monthly rent"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    women_led = models.BooleanField(_("led by women"), null=True, blank=True)
    turnover_current = models.DecimalField(
        _("turnover in the last closed year"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    turnover_previous = models.DecimalField(
        _("turnover in the year before"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    iban = models.CharField(
        _("IBAN"), max_length=34, blank=True, validators=[validate_spanish_iban]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set when the last of its applications passed its retention period and the
    # organisation's own identifying data were replaced (applications.services.lifecycle).
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        # The table this model had when it lived in applications: the move kept every row.
        db_table = "applications_organisation"
        ordering = ["legal_name", "pk"]
        # The desk sorts its queues by organisation (desk.selectors).
        indexes = [models.Index(fields=["legal_name", "id"], name="org_legal_name_key")]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.tax_id})"

    def save(self, *args, **kwargs):
        self._compact_identifiers()
        super().save(*args, **kwargs)

    def _compact_identifiers(self) -> None:
        self.tax_id = tax_id_compact(self.tax_id)
        self.iban = iban_compact(self.iban)

    def clean_fields(self, exclude=None):
        # Before the length and format checks: "es b-1234567-4" is a fine way to type B12345674.
        self._compact_identifiers()
        super().clean_fields(exclude=exclude)


class Representation(models.Model):
    """A user who may act for an organisation: see, change and apply for it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="representations"
    )
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=RepresentationRole.choices,
        default=RepresentationRole.REPRESENTATIVE,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        # The table this model had when it lived in applications: the move kept every row.
        db_table = "applications_representation"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_representation")
        ]
        verbose_name = _("representation")
        verbose_name_plural = _("representations")

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation, sent by email, to become a representative of an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        # The table this model had when it lived in applications: the move kept every row.
        db_table = "applications_invitation"
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def expires_at(self):
        return self.created_at + INVITATION_VALIDITY

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at
