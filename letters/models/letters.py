"""Decision letters and the templates of their editable paragraphs.

A letter is unique per (application, kind, version): the task that renders it can run twice
(a retry, a redelivery after a worker died) and still leave one. A corrected decision gives a
new letter; the one it replaces stays verifiable, marked as superseded.
"""

import secrets
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from applications.models.applications import Application, InformationRequest
from applications.storage import private_storage

# Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 5  # 20 symbols of 5 bits: 100 bits, beyond guessing


class LetterKind(models.TextChoices):
    AWARD = "award", _("Award")
    REJECTION = "rejection", _("Rejection")
    INFORMATION_REQUEST = "information_request", _("Information request")
    REVOCATION = "revocation", _("Revocation")
    # Desistimiento: a request to correct the application lapsed unanswered.
    WITHDRAWAL = "withdrawal", _("Withdrawal for want of correction")
    # The justificante of a registry entry: what was filed, when, and its number.
    RECEIPT = "receipt", _("Registry receipt")
    # The resolution of an appeal (recurso de reposición): upheld or dismissed, and why.
    APPEAL_RESOLUTION = "appeal_resolution", _("Resolution of an appeal")


# Kinds that state a decision: a later decision letter replaces an earlier one.
DECISION_KINDS = (
    LetterKind.AWARD,
    LetterKind.REJECTION,
    LetterKind.REVOCATION,
    LetterKind.WITHDRAWAL,
)
# Kinds whose issue an e-mail announces: the decisions, and an appeal's resolution.
ANNOUNCED_KINDS = DECISION_KINDS + (LetterKind.APPEAL_RESOLUTION,)


def verification_code_new() -> str:
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH))
    return "-".join(
        symbols[i : i + CODE_GROUP_LENGTH] for i in range(0, len(symbols), CODE_GROUP_LENGTH)
    )


def verification_code_normalise(text: str) -> str:
    """A code as typed (any case, spaces, look-alike letters) in its stored form, or ""."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    compact = compact.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(compact) != CODE_GROUPS * CODE_GROUP_LENGTH or any(
        ch not in CODE_ALPHABET for ch in compact
    ):
        return ""
    return "-".join(
        compact[i : i + CODE_GROUP_LENGTH] for i in range(0, len(compact), CODE_GROUP_LENGTH)
    )


def _letter_path(letter: "Letter", filename: str) -> str:
    return f"letters/{letter.application_id}/{letter.kind}-v{letter.version}-{secrets.token_hex(8)}.pdf"


class LetterQuerySet(models.QuerySet):
    def current(self) -> "LetterQuerySet":
        return self.filter(superseded_at__isnull=True)


class Letter(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(_("kind"), max_length=24, choices=LetterKind.choices)
    version = models.PositiveIntegerField(_("version"))
    # What the letter was issued for: the decision's time stamp, the information request's id,
    # or a re-issue's own mark. A task queued twice for the same thing finds it here.
    source_key = models.CharField(max_length=64)
    information_request = models.ForeignKey(
        InformationRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
    )
    code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=verification_code_new
    )
    pdf = models.FileField(storage=private_storage, upload_to=_letter_path, max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    language = models.CharField(_("language"), max_length=8)
    issued_at = models.DateTimeField(_("issued"))
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    # The PDF is deleted at the end of the file's retention period; the row stays, so the
    # code still verifies and a copy can still be checked against `sha256`.
    pdf_removed_at = models.DateTimeField(_("PDF removed"), null=True, blank=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        # The table this model had when it lived in applications: the move kept every row.
        db_table = "applications_letter"
        ordering = ["application", "issued_at", "pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "version"], name="one_letter_per_kind_and_version"
            ),
            models.UniqueConstraint(
                fields=["application", "kind", "source_key"], name="one_letter_per_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.kind} v{self.version}"

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None


# --- the editable paragraphs -------------------------------------------------------------

LETTER_PLACEHOLDERS = (
    "reference",
    "amount",
    "organisation",
    "tax_id",
    "programme",
    "date",
    "city",
    "city_in",
    "authority",
)


def placeholders_check(text: str) -> None:
    """Raise a ValidationError naming any placeholder a letter cannot fill."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        raise ValidationError(
            _(
                "A brace is not closed. Write placeholders as {reference}; "
                "to print a brace, double it: {{ or }}."
            ),
            code="malformed",
        ) from None
    for name in fields:
        if name not in LETTER_PLACEHOLDERS:
            raise ValidationError(
                _("Unknown placeholder {%(name)s}. You can use: %(known)s.")
                % {
                    "name": name,
                    "known": ", ".join(f"{{{known}}}" for known in LETTER_PLACEHOLDERS),
                },
                code="unknown_placeholder",
            )


class LetterTemplate(models.Model):
    """The paragraphs of a letter that policy staff write: conditions, legal basis, appeal.

    One per programme and kind; a template without a programme serves every programme that
    has none of its own.
    """

    TEXT_FIELDS = ("conditions", "legal_basis", "appeal")
    LANGUAGES = ("es", "eu", "en")

    programme_slug = models.SlugField(
        _("programme"),
        max_length=80,
        blank=True,
        help_text=_("The programme's slug; leave empty for the default of every programme."),
    )
    kind = models.CharField(_("letter"), max_length=24, choices=LetterKind.choices)
    conditions_es = models.TextField(_("conditions (Spanish)"), blank=True)
    conditions_eu = models.TextField(_("conditions (Basque)"), blank=True)
    conditions_en = models.TextField(_("conditions (English)"), blank=True)
    legal_basis_es = models.TextField(_("legal basis (Spanish)"), blank=True)
    legal_basis_eu = models.TextField(_("legal basis (Basque)"), blank=True)
    legal_basis_en = models.TextField(_("legal basis (English)"), blank=True)
    appeal_es = models.TextField(_("how to appeal (Spanish)"), blank=True)
    appeal_eu = models.TextField(_("how to appeal (Basque)"), blank=True)
    appeal_en = models.TextField(_("how to appeal (English)"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("programme_slug"), FieldPanel("kind")], heading=_("Letter")),
        MultiFieldPanel(
            [FieldPanel("conditions_es"), FieldPanel("conditions_eu"), FieldPanel("conditions_en")],
            heading=_("Conditions"),
            help_text=_(
                "Placeholders: {reference}, {amount}, {organisation}, {tax_id}, {programme}, "
                "{date}, {city}, {authority}."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("legal_basis_es"),
                FieldPanel("legal_basis_eu"),
                FieldPanel("legal_basis_en"),
            ],
            heading=_("Legal basis"),
        ),
        MultiFieldPanel(
            [FieldPanel("appeal_es"), FieldPanel("appeal_eu"), FieldPanel("appeal_en")],
            heading=_("How to appeal"),
        ),
    ]

    class Meta:
        # The table this model had when it lived in applications: the move kept every row.
        db_table = "applications_lettertemplate"
        ordering = ["programme_slug", "kind"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(
                fields=["programme_slug", "kind"], name="one_letter_template_per_programme_kind"
            )
        ]

    def __str__(self) -> str:
        programme = self.programme_slug or _("every programme")
        return f"{self.get_kind_display()}: {programme}"

    def save(self, *args, **kwargs):
        # Templates written outside the admin (data migrations, the shell) are checked too: a
        # letter must never fail to render for a typo in a placeholder.
        for field in self.TEXT_FIELDS:
            for language in self.LANGUAGES:
                placeholders_check(getattr(self, f"{field}_{language}"))
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        for field in self.TEXT_FIELDS:
            for language in self.LANGUAGES:
                name = f"{field}_{language}"
                try:
                    placeholders_check(getattr(self, name))
                except ValidationError as error:
                    errors[name] = error
        if errors:
            raise ValidationError(errors)
        duplicate = LetterTemplate.objects.filter(
            programme_slug=self.programme_slug, kind=self.kind
        ).exclude(pk=self.pk)
        if duplicate.exists():
            raise ValidationError(_("There is already a template for this programme and letter."))

    def text(self, field: str, language: str) -> str:
        """A paragraph in `language`, else in Spanish."""
        return getattr(self, f"{field}_{language}", "") or getattr(self, f"{field}_es")


class LetterBatch(models.Model):
    """A run of "issue letters for every decided application without one" for a programme,
    with its progress, which the admin shows while the worker goes through it."""

    programme_slug = models.SlugField(_("programme"), max_length=80)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        # The table this model had when it lived in applications: the move kept every row.
        db_table = "applications_letterbatch"
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("letter batch")
        verbose_name_plural = _("letter batches")

    def __str__(self) -> str:
        return f"{self.programme_slug} {self.requested_at:%Y-%m-%d %H:%M}"

    # The progress is read from the batch's outbox rows (the letters it found owed), not from
    # counters the run keeps: a run cut short by a dead worker, and finished by the sweeper,
    # still shows the truth. The listing's selector annotates the counts; a batch read alone
    # counts them here.
    PROGRESS = ("total", "issued", "failed", "retrying", "waiting")

    def _progress(self) -> dict:
        if not hasattr(self, "outbox_total"):
            from applications.constants import OutboxState

            pending = models.Q(state=OutboxState.PENDING)
            counts = self.outbox_entries.aggregate(
                total=models.Count("pk"),
                issued=models.Count("pk", filter=models.Q(state=OutboxState.DONE)),
                failed=models.Count("pk", filter=models.Q(state=OutboxState.DEAD)),
                retrying=models.Count("pk", filter=pending & models.Q(attempts__gt=0)),
                waiting=models.Count("pk", filter=pending & models.Q(attempts=0)),
            )
            for name, value in counts.items():
                setattr(self, f"outbox_{name}", value)
        return {name: getattr(self, f"outbox_{name}") for name in self.PROGRESS}

    def refresh_from_db(self, *args, **kwargs):
        for name in self.PROGRESS:
            self.__dict__.pop(f"outbox_{name}", None)
        super().refresh_from_db(*args, **kwargs)

    @property
    def total(self) -> int:
        """The letters the batch found owed."""
        return self._progress()["total"]

    @property
    def issued(self) -> int:
        return self._progress()["issued"]

    @property
    def failed(self) -> int:
        """Letters out of attempts, listed in the outbox for staff to retry."""
        return self._progress()["failed"]

    @property
    def retrying(self) -> int:
        """Letters that failed and that the sweeper will try again."""
        return self._progress()["retrying"]

    @property
    def is_finished(self) -> bool:
        """Every owed letter has its row, and every row has been tried at least once."""
        return self.finished_at is not None and not self._progress()["waiting"]

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.is_finished else 0
        return round(100 * (self.total - self._progress()["waiting"]) / self.total)
