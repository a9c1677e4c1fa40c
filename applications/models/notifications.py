"""Electronic notification (Ley 39/2015, arts. 41-43): a decision or request is put at the
applicant's disposal in My applications; the e-mail only announces it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models.applications import Application


class ElectronicNotification(models.Model):
    """One letter put at the applicant's disposal: when, when a representative first opened
    it (the notification's access), or when, ten natural days later without access, it
    counted as rejected and the procedure went on (art. 43.2)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="electronic_notifications"
    )
    # The letters app's letter (it sits above this app, so the link is its id).
    letter_id = models.PositiveIntegerField(unique=True)
    kind = models.CharField(_("what is notified"), max_length=24)
    made_available_at = models.DateTimeField(_("put at the applicant's disposal"))
    accessed_at = models.DateTimeField(_("opened"), null=True, blank=True)
    accessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rejected_at = models.DateTimeField(_("deemed rejected"), null=True, blank=True)

    class Meta:
        ordering = ["made_available_at", "pk"]
        verbose_name = _("electronic notification")
        verbose_name_plural = _("electronic notifications")

    def __str__(self) -> str:
        return f"{self.application} {self.kind} #{self.letter_id}"

    @property
    def notified_at(self):
        """When the notification took effect: its access, or its deemed rejection."""
        return self.accessed_at or self.rejected_at
