"""The register of data-protection operations: every subject-access export and every
anonymisation at the end of a retention period, with who did it, when and what it covered.

The register holds no personal data of its own beyond the acting user: counts, references and
ids, never names, addresses or file contents, so it can be kept to account for what was done
(GDPR art. 5(2)) after the files it speaks of are gone.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.constants import DataProtectionEventKind
from applications.models.applications import Application
from organisations.models.organisations import Organisation

# Where an operation was asked for: the event's data["via"].
VIA_APPLICANT = "applicant site"
VIA_ADMIN = "admin"
VIA_TASK = "scheduled task"
VIA_COMMAND = "command"
VIA_LABELS = {
    VIA_APPLICANT: _("by a representative, on the public site"),
    VIA_ADMIN: _("in the admin"),
    VIA_TASK: _("by the daily task"),
    VIA_COMMAND: _("by a command"),
}


class DataProtectionEvent(models.Model):
    kind = models.CharField(_("operation"), max_length=16, choices=DataProtectionEventKind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # None: the scheduled task.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_protection_events",
        verbose_name=_("organisation"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_protection_events",
        verbose_name=_("application"),
    )
    # Where it was asked for ("applicant site", "admin", "scheduled task", "command") and what
    # it covered: counts of applications, documents and letters, bytes, the retention rule.
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("data-protection event")
        verbose_name_plural = _("data-protection events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def via_display(self) -> str:
        via = (self.data or {}).get("via", "")
        return str(VIA_LABELS.get(via, via))
