"""The electronic registry (Ley 39/2015, art. 16): every filing of an applicant is entered with
a number, the date and time to the second, and what was filed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models.applications import Application


class RegistryKind(models.TextChoices):
    SUBMISSION = "submission", _("Application")
    INFORMATION_ANSWER = "information_answer", _("Answer to a request")
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    APPEAL = "appeal", _("Appeal")


class RegistrySequence(models.Model):
    """The last registry number given in a year; its row is locked to give the next."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class RegistryEntry(models.Model):
    """One filing: its number (gapless within the year), when it was filed and when it counts
    from for deadlines (the next working day's first hour, for a filing on a non-working day),
    who filed it, and what: the answers or text, and a SHA-256 of each document."""

    number = models.CharField(_("registry number"), max_length=40, unique=True)
    year = models.PositiveIntegerField()
    sequence = models.PositiveIntegerField()
    kind = models.CharField(_("filing"), max_length=24, choices=RegistryKind.choices)
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="registry_entries"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"))
    counts_from = models.DateTimeField(_("counts from"))
    content = models.JSONField(_("what was filed"), default=dict)
    documents = models.JSONField(_("documents"), default=list)

    class Meta:
        ordering = ["year", "sequence"]
        verbose_name = _("registry entry")
        verbose_name_plural = _("registry entries")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="registry_number_per_year")
        ]

    def __str__(self) -> str:
        return self.number
