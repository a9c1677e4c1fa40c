"""The obligations an award carries (format v2 `obligations`), stored with it on approval."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from onestop.i18n import text_in_language


class ObligationKind(models.TextChoices):
    KEEP_OPEN = "keep_open", _("Keep the activity open")
    JUSTIFY = "justify", _("Justify the spending")
    OTHER = "other", _("Other obligation")


class ObligationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")


class AwardObligation(models.Model):
    """One obligation of one award, with the due date it got when the award was decided.

    Its label, documents and source are copied from the definition the case was decided on,
    so that a later edit of the programme never changes what a beneficiary was told."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="obligations"
    )
    obligation_id = models.SlugField(_("obligation"), max_length=40)
    kind = models.CharField(_("kind"), max_length=16, choices=ObligationKind.choices)
    label = models.JSONField(_("label"))
    source = models.JSONField(_("source"), null=True, blank=True)
    documents = models.JSONField(_("documents"), default=list, blank=True)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ObligationStatus.choices,
        default=ObligationStatus.PENDING,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("award obligation")
        verbose_name_plural = _("award obligations")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "obligation_id"], name="award_obligation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.obligation_id} {self.due_on}"

    def label_in(self, language: str) -> str:
        return text_in_language(self.label, language)
