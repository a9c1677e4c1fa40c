"""Choices of the organisation profile: the catalogue's standard facts, with their labels.

The values are exactly the engine catalogue's (tests check it), so that a profile's answers
prefill applications unchanged.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    """Where an application stands. Changed only through `applications.state_machine`."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    INFO_REQUESTED = "info_requested", _("Information requested")
    PENDING_APPROVAL = "pending_approval", _("Pending approval")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("On the waiting list")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")
    # An award taken back after it was granted (an error, fraud, the applicant renouncing).
    REVOKED = "revoked", _("Revoked")


# Groups of statuses, for `in` and `status__in`. django-fsm takes a list, tuple or set but
# not a frozenset as a transition's source: give it `set(...)`.
_S = ApplicationStatus
# Before the desk, not decided yet: the cases its queues hold.
OPEN_STATUSES = frozenset(
    {_S.SUBMITTED, _S.IN_REVIEW, _S.INFO_REQUESTED, _S.PENDING_APPROVAL, _S.WAITLISTED}
)
# Bound by the service-level deadline: open and not on the waiting list.
DEADLINE_STATUSES = frozenset({_S.SUBMITTED, _S.IN_REVIEW, _S.INFO_REQUESTED, _S.PENDING_APPROVAL})
# The service-level clock runs: it stops while waiting for the applicant.
CLOCK_RUNNING_STATUSES = DEADLINE_STATUSES - {_S.INFO_REQUESTED}
# The desk decides from these (approve, waitlist, reject).
DECIDABLE_STATUSES = frozenset({_S.IN_REVIEW, _S.PENDING_APPROVAL, _S.WAITLISTED})
# What the desk may approve, a submitted case being taken into review first: bulk approval
# and a competitive round's ranking.
APPROVABLE_STATUSES = DECIDABLE_STATUSES | {_S.SUBMITTED}
# No longer holding a claim on a programme (for `one_per` and the budget).
INACTIVE_STATUSES = frozenset({_S.DRAFT, _S.REJECTED, _S.WITHDRAWN, _S.REVOKED})
# What an applicant may still withdraw; renouncing an award gives its money back.
WITHDRAWABLE_STATUSES = OPEN_STATUSES | {_S.APPROVED}
# Files that ended: decided, renounced or closed. Their retention period runs.
ENDED_STATUSES = frozenset({_S.APPROVED, _S.REJECTED, _S.WITHDRAWN, _S.CLOSED, _S.REVOKED})


class InformationRequestKind(models.TextChoices):
    """What an information request asks. A request to correct an incomplete application
    (*subsanación*, Ley 39/2015 art. 68.1) closes it as withdrawn if it lapses unanswered."""

    INFORMATION = "information", _("Information")
    CORRECTION = "correction", _("Correction of the application")


class EventKind(models.TextChoices):
    """What an entry of an application's audit trail records."""

    TRANSITION = "transition", _("Status change")
    CREATED = "created", _("Draft started")
    VIEWED = "viewed", _("Case viewed")
    NOTE = "note", _("Internal note")
    CLAIMED = "claimed", _("Case claimed")
    RELEASED = "released", _("Case released")
    REASSIGNED = "reassigned", _("Case reassigned")
    DOCUMENT = "document", _("Document uploaded")
    EMAIL = "email", _("Email sent")
    LETTER = "letter", _("Letter issued")
    # The end of the retention period: personal data replaced, files deleted.
    ANONYMISED = "anonymised", _("Personal data removed")
    # Electronic notification: the applicant opened it, or ten days passed without (art. 43).
    NOTIFICATION_OPENED = "notice_opened", _("Notification opened")
    NOTIFICATION_REJECTED = "notice_rejected", _("Notification deemed rejected")
    APPEAL_LODGED = "appeal_lodged", _("Appeal lodged")
    APPEAL_RESOLVED = "appeal_resolved", _("Appeal resolved")


class RetentionOutcome(models.TextChoices):
    """How a file ended, which decides how long it is kept (applications.retention)."""

    AWARDED = "awarded", _("Support awarded")
    REJECTED = "rejected", _("Rejected")
    # Withdrawn, or closed without a decision.
    WITHDRAWN = "withdrawn", _("Withdrawn or closed without an award")


class DataProtectionEventKind(models.TextChoices):
    """What the register of data-protection operations records."""

    EXPORT = "export", _("Subject-access export")
    ANONYMISATION = "anonymisation", _("Anonymisation at the end of retention")


class RejectionReason(models.TextChoices):
    """Why the desk rejected an application: stated in the rejection letter."""

    NOT_ELIGIBLE = "not_eligible", _("Does not meet the eligibility requirements")
    INCOMPLETE = "incomplete", _("Information or documents missing")
    OUT_OF_WINDOW = "out_of_window", _("Submitted outside the application window")
    BUDGET_EXHAUSTED = "budget_exhausted", _("The programme's budget is spent")
    DUPLICATE = "duplicate", _("Duplicate application")
    OTHER = "other", _("Other reason")


class RevocationReason(models.TextChoices):
    """Why an approved award was revoked: stated in the revocation letter."""

    ERROR = "error", _("The award was made in error")
    FRAUD = "fraud", _("Fraud or false information")
    RENUNCIATION = "renunciation", _("The beneficiary renounced the award")
    OTHER = "other", _("Other reason")


class OutboxKind(models.TextChoices):
    """What an outbox row owes: a letter to issue or an email to send."""

    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    # Out of attempts: it waits for someone to look at its error and retry it.
    DEAD = "dead", _("Failed")
