"""Emails to an application's representatives, in the application's language.

A service owes an email (`application_notify`) inside the transaction of the change it
reports: the email's outbox row is written there, and queued once it commits. The task
(`applications.tasks.emails.application_email_send`) then delivers it
(`application_email_deliver`) under the row's lock, records what it sent on the audit trail,
and marks the row done, so that the same email is never sent twice; a failed send is tried
again with backoff by the outbox.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from applications.constants import EventKind, OutboxKind
from applications.models import Application, ApplicationEvent, OutboxEntry
from cms.site_address import email_sender, site_url
from onestop.i18n import active_language, site_language, text_in_language

# The emails there are: each has templates applications/emails/<kind>_subject.txt and
# <kind>_message.txt.
SUBMISSION_RECEIVED = "submission_received"
INFORMATION_REQUESTED = "information_requested"
INFORMATION_REMINDER = "information_reminder"
DECISION_MADE = "decision_made"
DRAFT_REMINDER = "draft_reminder"

# How staff read each email's row in the outbox.
EMAIL_LABELS = {
    SUBMISSION_RECEIVED: gettext_lazy("Submission receipt email"),
    INFORMATION_REQUESTED: gettext_lazy("Information request email"),
    INFORMATION_REMINDER: gettext_lazy("Information request reminder email"),
    DECISION_MADE: gettext_lazy("Decision email"),
    DRAFT_REMINDER: gettext_lazy("Draft reminder email"),
}
APPLICATION_EMAILS = {
    SUBMISSION_RECEIVED,
    INFORMATION_REQUESTED,
    INFORMATION_REMINDER,
    DECISION_MADE,
    DRAFT_REMINDER,
}


class NoRecipient(Exception):
    """Nobody to write to: the organisation has no representative with an email address."""


def application_notify(
    *, application, kind: str, key: str = "", context: dict | None = None, queue: bool = True
) -> None:
    """Owe email `kind` about `application`: its outbox row is written in the current
    transaction and queued once that commits (unless `queue` is false: the row then waits
    for whoever queues it, or for the sweeper).

    `key` tells one email of a kind from another (an information request's id, a letter's
    source); the same (kind, key) is one row, sent at most once. `context` is JSON: ids and
    plain values only.
    """
    from applications.services import outbox

    outbox.outbox_entry_owe(
        application=application,
        kind=OutboxKind.EMAIL,
        subkind=kind,
        source_key=f"{kind}:{key}" if key else kind,
        context=context or {},
        queue=queue,
    )


def application_email_deliver(entry: OutboxEntry) -> None:
    """Send the email of an outbox row whose lock the caller holds, and record it.

    Sending inside the caller's transaction means a failed send records nothing, so the
    next attempt sends it; the row's lock means a second run of the same row waits, or
    passes it over, and then finds it done.
    """
    application = Application.objects.select_related("organisation").get(pk=entry.application_id)
    dedupe_key = entry.source_key
    if application.events.filter(kind=EventKind.EMAIL, data__key=dedupe_key).exists():
        return  # sent before it had a row of its own
    context = dict(entry.context)
    if "letter_kind" in context:
        from applications.services.outbox import outbox_work

        letter = outbox_work(OutboxKind.LETTER).attachment(
            application, kind=context["letter_kind"], source_key=context["letter_source_key"]
        )
        if letter is None or letter.superseded_at is not None:
            return  # the decision was replaced: the newer one has its own email
        context["letter_id"] = letter.pk
    recipients = application_recipients(application)
    if not recipients:
        raise NoRecipient(f"application {application.reference or application.pk}: no recipient")
    message = render_application_email(application, entry.subkind, context, recipients)
    data = {"key": dedupe_key, "kind": entry.subkind, "to": recipients}
    if "letter_kind" in context:
        data["letter_kind"] = context["letter_kind"]
    # Recorded first, sent last: a failed send undoes the record with the caller's savepoint,
    # and what stands between the mail server taking the message and the commit is the
    # commit alone. A process killed in that instant would send it again; no sender can
    # make an SMTP exchange and a commit one act.
    ApplicationEvent.objects.create(
        application=application,
        kind=EventKind.EMAIL,
        from_status=application.status,
        to_status=application.status,
        # The subject as sent, for the desk; the applicant's timeline renders it again from
        # the kind, in the reader's language (application_email_subject).
        note=message.subject,
        data=data,
        internal=False,
    )
    message.send()


def application_recipients(application: Application) -> list[str]:
    """Every representative of the organisation: any of them may act on the application."""
    emails = application.organisation.representations.values_list("user__email", flat=True)
    return sorted({email for email in emails if email})


def render_application_email(
    application: Application, kind: str, context: dict, recipients: list[str]
) -> EmailMessage:
    definition = application.programme_definition or {}
    with translation.override(site_language(application.language)):
        full_context = {
            "application": application,
            "organisation": application.organisation,
            "programme_title": text_in_language(definition.get("title"), application.language)
            or application.programme_slug,
            "site_url": site_url(),
            "language": application.language,
            **context,
            **_context_objects(application, context),
        }
        subject = _subject_render(kind, full_context)
        body = render_to_string(f"applications/emails/{kind}_message.txt", full_context)
    # The letter itself is not attached: it is put at the applicant's disposal in My
    # applications, where opening it is the notification (Ley 39/2015, arts. 41-43). A copy
    # in the inbox would notify without a record of access.
    return EmailMessage(subject, body, email_sender(), recipients)


def application_email_subject(application: Application, event: ApplicationEvent) -> str:
    """The subject of the email an EMAIL event records, in the active language: the
    timeline's reader may read another language than the one the email was written in.

    Events recorded without the email's kind give the subject as it was sent."""
    data = event.data or {}
    kind = data.get("kind")
    if kind not in APPLICATION_EMAILS:
        return event.note
    language = active_language()
    definition = application.programme_definition or {}
    letter_kind = data.get("letter_kind")
    if kind == DECISION_MADE and not letter_kind:
        letter_kind = _letter_kind_of_key(application, data.get("key", ""))
    return _subject_render(
        kind,
        {
            "application": application,
            "programme_title": text_in_language(definition.get("title"), language)
            or application.programme_slug,
            "letter": {"kind": letter_kind or ""},
        },
    )


def _letter_kind_of_key(application: Application, key: str) -> str:
    """The letter kind of a decision email recorded before its event named it, from the
    email's key: "decision_made:<letter kind>:<source>", or before the outbox
    "decision_made:letter-<letter id>"."""
    rest = key.partition(":")[2]
    if rest.startswith("letter-"):
        letter = rest.removeprefix("letter-")
        if not letter.isdigit():
            return ""
        letters = application.letters.filter(pk=int(letter))
        return letters.values_list("kind", flat=True).first() or ""
    return rest.partition(":")[0]


def _subject_render(kind: str, context: dict) -> str:
    subject = render_to_string(f"applications/emails/{kind}_subject.txt", context)
    return " ".join(subject.split())


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
