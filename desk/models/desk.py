"""The desk's settings and money for one programme: its budget row, locked to commit awards."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.constants import AwardMode


def default_sla_days() -> int:
    return settings.ONESTOP_DESK_SLA_DAYS


def default_four_eyes_threshold() -> Decimal:
    return Decimal(settings.ONESTOP_FOUR_EYES_THRESHOLD)


class ProgrammeDesk(models.Model):
    """One per programme slug. `committed` only changes with this row locked
    (`select_for_update`), so concurrent approvals never overspend `budget`."""

    programme_slug = models.SlugField(_("programme"), max_length=80, unique=True)
    budget = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Total money awards may commit. Empty: no limit."),
    )
    committed = models.DecimalField(
        _("committed"), max_digits=14, decimal_places=2, default=Decimal("0.00"), editable=False
    )
    award_mode = models.CharField(
        _("award mode"), max_length=16, choices=AwardMode.choices, default=AwardMode.FIRST_COME
    )
    sla_days = models.PositiveIntegerField(
        _("service-level target (days)"),
        default=default_sla_days,
        help_text=_(
            "Days from submission to decision, not counting time waiting for the applicant."
        ),
    )
    four_eyes_threshold = models.DecimalField(
        _("four-eyes threshold"),
        max_digits=14,
        decimal_places=2,
        default=default_four_eyes_threshold,
        help_text=_("Approvals above this amount need a second, senior caseworker."),
    )
    manual_amount_allowed = models.BooleanField(
        _("manual amount allowed"),
        default=False,
        help_text=_(
            "Whether a caseworker may propose more than the rules computed, with a "
            "justification, up to the maximum below."
        ),
    )
    manual_amount_maximum = models.DecimalField(
        _("manual amount maximum"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The most a manual amount may award, in the programme's unit."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The table this model had when it lived in applications: the move kept every row.
        db_table = "applications_programmedesk"
        ordering = ["programme_slug"]
        verbose_name = _("programme desk")
        verbose_name_plural = _("programme desks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(committed__gte=0), name="programme_desk_committed_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True)
                | models.Q(committed__lte=models.F("budget")),
                name="programme_desk_within_budget",
            ),
        ]

    def __str__(self) -> str:
        return self.programme_slug

    def clean(self):
        if self.manual_amount_allowed and self.manual_amount_maximum is None:
            raise ValidationError(
                {
                    "manual_amount_maximum": _(
                        "Give the maximum a manual amount may award, or do not allow manual "
                        "amounts."
                    )
                }
            )
        if self.manual_amount_maximum is not None and self.manual_amount_maximum <= 0:
            raise ValidationError(
                {"manual_amount_maximum": _("The maximum must be more than zero.")}
            )
        if self.budget is not None and self.budget < self.committed:
            raise ValidationError(
                {
                    "budget": _(
                        "The budget cannot be less than the %(committed)s EUR already committed."
                    )
                    % {"committed": self.committed}
                }
            )

    @property
    def available(self) -> Decimal | None:
        """What is left to commit; None when the budget has no limit."""
        return None if self.budget is None else self.budget - self.committed

    def covers(self, amount: Decimal) -> bool:
        return self.budget is None or self.committed + amount <= self.budget


class LineBudget(models.Model):
    """The money of one line of a programme (format v2 `lines`). An award on a line commits
    against this row and its programme's desk row, both locked (application, desk, line)."""

    programme_slug = models.SlugField(_("programme"), max_length=80)
    line_id = models.SlugField(_("line"), max_length=40)
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    committed = models.DecimalField(
        _("committed"), max_digits=14, decimal_places=2, default=Decimal("0.00"), editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme_slug", "line_id"]
        verbose_name = _("programme line budget")
        verbose_name_plural = _("programme line budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["programme_slug", "line_id"], name="line_budget_one_per_line"
            ),
            models.CheckConstraint(
                condition=models.Q(committed__gte=0), name="line_budget_committed_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True)
                | models.Q(committed__lte=models.F("budget")),
                name="line_budget_within_budget",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_slug} / {self.line_id}"

    @property
    def available(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed

    def covers(self, amount: Decimal) -> bool:
        return self.budget is None or self.committed + amount <= self.budget


class ProrataRound(models.Model):
    """The record of one proportional award (Ley 38/2003, art. 22.1): what was asked, what
    the budget allowed, the ratio every award was reduced by, and the cents left over by
    rounding each award down."""

    programme_slug = models.SlugField(_("programme"), max_length=80)
    line_id = models.SlugField(_("line"), max_length=40, blank=True)
    available = models.DecimalField(_("money available"), max_digits=14, decimal_places=2)
    requested = models.DecimalField(_("requested"), max_digits=14, decimal_places=2)
    awarded = models.DecimalField(_("awarded"), max_digits=14, decimal_places=2)
    remainder = models.DecimalField(_("left over by rounding"), max_digits=14, decimal_places=2)
    # The exact ratio available / requested (1 when the budget covered every request).
    ratio = models.DecimalField(_("ratio"), max_digits=20, decimal_places=12)
    cases = models.PositiveIntegerField(_("cases"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "programme_slug", "line_id"]
        verbose_name = _("prorata round")
        verbose_name_plural = _("prorata rounds")

    def __str__(self) -> str:
        return f"{self.programme_slug} {self.line_id} x{self.ratio}"
