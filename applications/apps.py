from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import signals
        from .search_text import sqlite_functions_register

        signals.connect()
        connection_created.connect(sqlite_functions_register, dispatch_uid="sqlite_f_unaccent")
