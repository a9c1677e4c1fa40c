"""Emails to an application's representatives, in the application's language.

A service queues them on commit of the change they report; the task
(`applications.tasks.emails.application_email_send`) renders and sends them, retries a failed
send with backoff, logs every failure, and records what it sent on the audit trail, so that a
retried task never sends the same email twice.
"""

from django.db import transaction

# The emails there are: each has templates applications/emails/<kind>_subject.txt and
# <kind>_message.txt.
SUBMISSION_RECEIVED = "submission_received"
INFORMATION_REQUESTED = "information_requested"
INFORMATION_REMINDER = "information_reminder"
DECISION_MADE = "decision_made"
DRAFT_REMINDER = "draft_reminder"


def application_notify(
    *, application, kind: str, key: str = "", context: dict | None = None
) -> None:
    """Queue email `kind` about `application` once the current transaction commits.

    `key` tells one email of a kind from another (an information request's id, a letter's
    version); the same (kind, key) is sent at most once.
    """
    from applications.tasks.emails import application_email_send

    dedupe_key = f"{kind}:{key}" if key else kind
    application_id = application.pk
    transaction.on_commit(
        lambda: application_email_send.delay(application_id, kind, dedupe_key, context or {})
    )
