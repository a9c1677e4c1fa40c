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

        from applications.search_text import sqlite_functions_register
        from eligibility.service import register_apply_url

        register_apply_url(apply_start_url)
        connection_created.connect(sqlite_functions_register, dispatch_uid="sqlite_f_unaccent")
        _emails_in_the_outbox()


def _emails_in_the_outbox() -> None:
    from applications.constants import OutboxKind
    from applications.services import notifications
    from applications.services.outbox import OutboxWork, outbox_work_register
    from applications.tasks.emails import application_email_send

    outbox_work_register(
        kind=OutboxKind.EMAIL,
        work=OutboxWork(
            perform=notifications.application_email_deliver,
            task=application_email_send,
            labels=notifications.EMAIL_LABELS,
        ),
    )
