from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def apply_start_url(slug: str) -> str:
    """The application wizard's start, which prefills from the screener's answers."""
    return reverse("applications:apply_start", args=[slug])


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from eligibility.service import register_apply_url

        from . import signals
        from .search_text import sqlite_functions_register

        signals.connect()
        register_apply_url(apply_start_url)
        connection_created.connect(sqlite_functions_register, dispatch_uid="sqlite_f_unaccent")
