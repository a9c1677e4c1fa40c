"""Sending an application's emails: thin, idempotent, retried."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from applications.constants import EventKind
from applications.models import Application, ApplicationEvent

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="applications.tasks.emails.application_email_send",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=10,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=10,
    ignore_result=True,
)
def application_email_send(self, application_id: int, kind: str, dedupe_key: str, context: dict):
    application = (
        Application.objects.select_related("organisation").filter(pk=application_id).first()
    )
    if application is None:
        logger.warning("email %s: application %s no longer exists", dedupe_key, application_id)
        return
    recipients = application_recipients(application)
    if not recipients:
        logger.error("email %s of application %s: no recipient", dedupe_key, application.pk)
        return
    message = render_application_email(application, kind, context, recipients)
    # Two runs of one email at once (a redelivery while the first still runs) would both
    # pass a plain "already sent?" check. The application's row lock makes the second wait
    # for the first to commit its record, and then see it. Sending inside the transaction
    # means a failed send records nothing, so the retry sends it.
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).exists()
        if application.events.filter(kind=EventKind.EMAIL, data__key=dedupe_key).exists():
            return  # sent already (this is a retry, or the change was reported twice)
        try:
            message.send()
        except Exception:
            logger.exception(
                "email %s of application %s failed (attempt %s); it will be retried",
                dedupe_key,
                application.pk,
                self.request.retries + 1,
            )
            raise
        ApplicationEvent.objects.create(
            application=application,
            kind=EventKind.EMAIL,
            from_status=application.status,
            to_status=application.status,
            note=message.subject,
            data={"key": dedupe_key, "kind": kind, "to": recipients},
            internal=False,
        )


def application_recipients(application: Application) -> list[str]:
    """Every representative of the organisation: any of them may act on the application."""
    emails = application.organisation.representations.values_list("user__email", flat=True)
    return sorted({email for email in emails if email})


def render_application_email(
    application: Application, kind: str, context: dict, recipients: list[str]
) -> EmailMessage:
    from cms.translated_text import in_language

    definition = application.programme_definition or {}
    with translation.override(application.language or settings.LANGUAGE_CODE):
        full_context = {
            "application": application,
            "organisation": application.organisation,
            "programme_title": in_language(definition.get("title"), application.language)
            or application.programme_slug,
            "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
            "language": application.language,
            **context,
            **_context_objects(application, context),
        }
        subject = render_to_string(f"applications/emails/{kind}_subject.txt", full_context)
        body = render_to_string(f"applications/emails/{kind}_message.txt", full_context)
    message = EmailMessage(" ".join(subject.split()), body, None, recipients)
    letter = full_context.get("letter")
    if letter is not None:
        # The letter itself goes with the decision email: the applicant holds it at once.
        with letter.pdf.open("rb") as pdf:
            message.attach(
                f"{application.reference}-{letter.kind}-v{letter.version}.pdf",
                pdf.read(),
                "application/pdf",
            )
    return message


def _context_objects(application: Application, context: dict) -> dict:
    """The objects behind ids in a task's JSON context (`letter_id`, `information_request_id`),
    looked up within the application so that a context can never reach another's."""
    objects = {}
    if context.get("letter_id"):
        objects["letter"] = application.letters.get(pk=context["letter_id"])
    if context.get("information_request_id"):
        objects["information_request"] = application.information_requests.get(
            pk=context["information_request_id"]
        )
    return objects
