from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class CitySettings(BaseSiteSetting):
    """Who runs this desk: shown in the site footer and on the letterhead of every letter."""

    city_name = models.CharField(_("city name"), max_length=120, default="Bilbao")
    authority_name = models.CharField(
        _("issuing authority"), max_length=200, default="Ayuntamiento de Bilbao"
    )
    address = models.TextField(_("postal address"), blank=True)
    letterhead_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("letterhead logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    # Letters are written in the applicant's language, so the signatory's title is too.
    signatory_position_es = models.CharField(
        _("signatory's title (Spanish)"), max_length=200, blank=True
    )
    signatory_position_eu = models.CharField(
        _("signatory's title (Basque)"), max_length=200, blank=True
    )
    signatory_position_en = models.CharField(
        _("signatory's title (English)"), max_length=200, blank=True
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("city_name"), FieldPanel("authority_name"), FieldPanel("address")],
            heading=_("City"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("letterhead_logo"),
                FieldPanel("signatory_name"),
                FieldPanel("signatory_position_es"),
                FieldPanel("signatory_position_eu"),
                FieldPanel("signatory_position_en"),
            ],
            heading=_("Letters"),
        ),
    ]

    class Meta:
        verbose_name = _("city settings")

    def signatory_position(self, language: str) -> str:
        return getattr(self, f"signatory_position_{language}", "") or self.signatory_position_es
