"""Appeals against a decision: the *recurso potestativo de reposición* (Ley 39/2015, arts.
123-124), lodged by the applicant from My applications and resolved by a senior caseworker."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models.applications import Application
from applications.models.notifications import ElectronicNotification
from applications.models.registry import RegistryEntry


class AppealStatus(models.TextChoices):
    LODGED = "lodged", _("Awaiting resolution")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class Appeal(models.Model):
    """One appeal against the decision notified by `notification`: what the applicant wrote
    (and its documents, `ApplicationDocument.appeal`), its registry entry, and how it was
    resolved. A case of its own on the desk, linked to the application it is about."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="appeals")
    # The decision appealed against, as it was notified: its deadline runs from there.
    notification = models.ForeignKey(
        ElectronicNotification, on_delete=models.PROTECT, related_name="appeals"
    )
    decision_kind = models.CharField(_("decision appealed"), max_length=24)
    registry_entry = models.OneToOneField(
        RegistryEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="appeal"
    )
    text = models.TextField(_("grounds of the appeal"))
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    lodged_at = models.DateTimeField(_("lodged"))
    status = models.CharField(
        _("status"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.LODGED
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution = models.TextField(_("reasons of the resolution"), blank=True)
    # An upheld appeal against an award or a rejection: the amount the corrected decision awards.
    corrected_amount = models.DecimalField(
        _("corrected amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["-lodged_at", "-pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            # One appeal at a time: a second one waits for the first to be resolved.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="lodged"),
                name="one_pending_appeal_per_application",
            ),
            # A decision is appealed once (a reposición against it is not repeated).
            models.UniqueConstraint(fields=["notification"], name="one_appeal_per_decision"),
        ]

    def __str__(self) -> str:
        number = self.registry_entry.number if self.registry_entry_id else f"#{self.pk}"
        return f"{self.application} {number}"

    @property
    def is_pending(self) -> bool:
        return self.status == AppealStatus.LODGED
