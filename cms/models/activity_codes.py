"""The activity code lists (CNAE-2009) that programme rules name, kept as data by staff."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from eligibility.engine import codes


class CodeScheme(models.TextChoices):
    CNAE_2009 = codes.CNAE_2009, _("CNAE-2009 (National Classification of Economic Activities)")


class ActivityCodeQuerySet(models.QuerySet):
    def of_scheme(self, scheme: str) -> ActivityCodeQuerySet:
        return self.filter(scheme=scheme)


class ActivityCode(models.Model):
    """One code of a list: a division ("56"), group ("561") or class ("5610"), with its name.

    Codes are written as the rules write them, digits without dots; the parent is the code
    one level up ("561" for "5610"), set by the import and kept for browsing.
    """

    scheme = models.CharField(
        _("code list"), max_length=20, choices=CodeScheme.choices, default=CodeScheme.CNAE_2009
    )
    code = models.CharField(
        _("code"),
        max_length=4,
        help_text=_("2 to 4 digits without dots: 56 (division), 561 (group), 5610 (class)."),
    )
    name_es = models.CharField(_("name (Spanish)"), max_length=300)
    name_eu = models.CharField(_("name (Basque)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent code"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    objects = ActivityCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity code")
        verbose_name_plural = _("activity codes")
        ordering = ["scheme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="activity_code_unique"),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{2,4}$"), name="activity_code_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_es}"

    def clean(self) -> None:
        super().clean()
        if not codes.is_code(self.code):
            raise ValidationError(
                {"code": _("Write the code with 2 to 4 digits and no dots, like 5610.")}
            )

    def names(self) -> dict[str, str]:
        """The name by language, as the engine takes it (empty languages left out)."""
        names = {"es": self.name_es, "eu": self.name_eu, "en": self.name_en}
        return {lang: text for lang, text in names.items() if text}
