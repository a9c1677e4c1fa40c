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
    # Letters are written in one language each: the authority and the place as that language
    # names them. Spanish is the fallback of the other two.
    authority_name_eu = models.CharField(
        _("issuing authority (Basque)"), max_length=200, blank=True
    )
    authority_name_en = models.CharField(
        _("issuing authority (English)"), max_length=200, blank=True
    )
    city_name_eu = models.CharField(
        _("city name (Basque)"), max_length=120, blank=True, default="Bilbo"
    )
    # Basque declines place names: "Bilbon" (in Bilbao) is not "Bilbo" + "n" for every city.
    city_in_eu = models.CharField(
        _("“in the city” (Basque)"),
        max_length=120,
        blank=True,
        default="Bilbon",
        help_text=_("The city's name in the inessive, as in “Bilbon”."),
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
            [
                FieldPanel("city_name"),
                FieldPanel("city_name_eu"),
                FieldPanel("city_in_eu"),
                FieldPanel("authority_name"),
                FieldPanel("authority_name_eu"),
                FieldPanel("authority_name_en"),
                FieldPanel("address"),
            ],
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

    def authority_in(self, language: str) -> str:
        """The authority as `language` names it. A name kept as "Spanish / Basque" in the
        one field gives each language its half."""
        own = getattr(self, f"authority_name_{language}", "") if language != "es" else ""
        if own:
            return own
        halves = [half.strip() for half in self.authority_name.split(" / ") if half.strip()]
        if len(halves) == 2:
            return halves[1] if language == "eu" else halves[0]
        return self.authority_name

    def city_in(self, language: str) -> str:
        """Where the letter is signed, as `language` names the city."""
        if language == "eu":
            return self.city_name_eu or self.city_name
        return self.city_name

    def city_inessive(self, language: str) -> str:
        """ "in the city": only Basque declines it. A city without its Basque form takes -n
        after a vowel and -en after a consonant, the regular ending."""
        if language != "eu":
            return self.city_name
        if self.city_in_eu:
            return self.city_in_eu
        name = self.city_name_eu or self.city_name
        return name + ("n" if name[-1:].lower() in "aeiou" else "en")

    def signatory_position(self, language: str) -> str:
        return getattr(self, f"signatory_position_{language}", "") or self.signatory_position_es
