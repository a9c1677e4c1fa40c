from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Letters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The outbox (in applications) owes letters without knowing how they are made.
        from applications.constants import OutboxKind
        from applications.services.outbox import OutboxWork, outbox_work_register
        from letters.models import LetterKind
        from letters.services.letters import (
            letter_for_decision_email,
            letter_outbox_perform,
            letter_queue,
        )
        from letters.tasks import letter_issue_task

        outbox_work_register(
            kind=OutboxKind.LETTER,
            work=OutboxWork(
                perform=letter_outbox_perform,
                task=letter_issue_task,
                labels={
                    LetterKind.AWARD: _("Award letter"),
                    LetterKind.REJECTION: _("Rejection letter"),
                    LetterKind.INFORMATION_REQUEST: _("Information request letter"),
                },
                attachment=letter_for_decision_email,
                owe=letter_queue,
            ),
        )
