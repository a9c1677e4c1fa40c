"""The outbox: every letter and email that a change of an application owes.

A row is written in the same transaction as the change that owes it, so it exists if and
only if the change does. The task queue only carries a row's id to a worker: a message lost
with the broker, or with a killed worker, leaves its row pending, and the sweeper queues it
again. The row, not the broker, is the record of what must still happen.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.constants import OutboxKind, OutboxState
from applications.models.applications import Application


class OutboxEntryQuerySet(models.QuerySet):
    def pending(self) -> "OutboxEntryQuerySet":
        return self.filter(state=OutboxState.PENDING)

    def due(self, now=None) -> "OutboxEntryQuerySet":
        return self.pending().filter(next_attempt_at__lte=now or timezone.now())


class OutboxEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=OutboxKind.choices)
    # The letter's kind (LetterKind) or the email's kind (notifications.*).
    subkind = models.CharField(_("what"), max_length=40)
    # One row per owed action: writing the same owed thing twice finds the first row.
    key = models.CharField(_("key"), max_length=200, unique=True)
    application = models.ForeignKey(
        # A deleted draft owes nothing more (drafts_cleanup deletes none whose reminder is
        # still owed).
        Application,
        on_delete=models.CASCADE,
        related_name="outbox_entries",
    )
    # A letter's source key (what it is issued for), or an email's dedupe key.
    source_key = models.CharField(max_length=128)
    # An email's template context: ids only (letter_id, information_request_id), JSON-safe.
    context = models.JSONField(default=dict, blank=True)
    # A decision email carries its letter: it waits until the letter's row is done.
    waits_for = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="waiting"
    )
    # The batch of missing letters that asked for this row. Named by label, not imported: the
    # outbox is the applications app's and knows nothing of letters but this column.
    batch = models.ForeignKey(
        "letters.LetterBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_entries",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    objects = OutboxEntryQuerySet.as_manager()

    class Meta:
        ordering = ["next_attempt_at", "pk"]
        verbose_name = _("outbox entry")
        verbose_name_plural = _("outbox entries")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_state_due"),
        ]

    def __str__(self) -> str:
        return self.key
