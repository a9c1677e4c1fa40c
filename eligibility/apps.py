from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class EligibilityConfig(AppConfig):
    name = "eligibility"
    verbose_name = _("Eligibility rules")

    def ready(self) -> None:
        from eligibility.throttling import check_api_rate

        checks.register(check_api_rate)
