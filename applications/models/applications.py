"""Applications, their audit trail, documents and information requests.

An application's `status` is a protected django-fsm field: it changes only through the
transitions below, and those are called only by `applications.services.transitions`, which
checks the user's permission, locks the row and writes the audit event in one transaction.
"""

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from applications import roles
from applications.constants import (
    CLOCK_RUNNING_STATUSES,
    DECIDABLE_STATUSES,
    ENDED_STATUSES,
    INACTIVE_STATUSES,
    OPEN_STATUSES,
    WITHDRAWABLE_STATUSES,
    ApplicationStatus,
    EventKind,
    InformationRequestKind,
)
from applications.storage import private_storage
from organisations.models.establishments import Establishment
from organisations.models.organisations import Organisation

S = ApplicationStatus


# Set on an instance by a service that has just checked, under the application's row lock,
# that this user (by pk) represents its organisation: the transition's own permission check
# then need not ask the database again in the same transaction.
REPRESENTATIVE_CHECKED = "_representative_checked_for"


def is_representative(application: "Application", user) -> bool:
    if not (user and user.is_authenticated):
        return False
    if getattr(application, REPRESENTATIVE_CHECKED, None) == user.pk:
        return True
    return application.organisation.representations.filter(user=user).exists()


def is_desk_staff(application: "Application", user) -> bool:
    return roles.is_caseworker(user)


def is_senior(application: "Application", user) -> bool:
    return roles.is_senior_caseworker(user)


def is_system(application: "Application", user) -> bool:
    """The desk's own periodic tasks, acting without a user (a lapsed correction request)."""
    return user is None


def may_approve(application: "Application", user) -> bool:
    """Four eyes: above the programme's threshold a senior caseworker other than the proposer
    decides; at or under it any caseworker may approve straight from review. Without a user it
    is the desk itself promoting its waiting list. Whether the amount is above the threshold
    is the desk's finding (`four_eyes_required`); without it, nobody approves from review."""
    if user is None:
        return application.status == S.WAITLISTED
    if not roles.is_caseworker(user):
        return False
    if application.status == S.PENDING_APPROVAL:
        return roles.is_senior_caseworker(user) and application.proposed_by_id != user.pk
    if application.status == S.WAITLISTED:
        return roles.is_senior_caseworker(user)
    return application.four_eyes_required is False


def may_reject(application: "Application", user) -> bool:
    # Taking back money already awarded is a senior's decision.
    if application.status == S.APPROVED:
        return roles.is_senior_caseworker(user)
    return roles.is_caseworker(user)


class ApplicationQuerySet(models.QuerySet):
    def for_programme(self, slug: str) -> "ApplicationQuerySet":
        return self.filter(programme_slug=slug)

    def active(self) -> "ApplicationQuerySet":
        """Submitted and not rejected or withdrawn: they hold a claim on their programme."""
        return self.exclude(status__in=INACTIVE_STATUSES)

    def open(self) -> "ApplicationQuerySet":
        """Before the desk, not decided yet."""
        return self.filter(status__in=OPEN_STATUSES)

    def ended(self) -> "ApplicationQuerySet":
        """Decided, renounced or closed."""
        return self.filter(status__in=ENDED_STATUSES)

    def drafts(self) -> "ApplicationQuerySet":
        return self.filter(status=S.DRAFT)

    def awarded(self) -> "ApplicationQuerySet":
        """Awards that stand: approved, or closed once approved. An award taken back by a
        rejection or renounced by a withdrawal keeps its amount for the record (and its
        letter), so those are told apart by what they left: reasons, a withdrawal date."""
        return self.filter(awarded_amount__isnull=False, withdrawn_at__isnull=True).filter(
            Q(status=S.APPROVED) | Q(status=S.CLOSED, rejection_reasons=[])
        )


class Application(FSMModelMixin, models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    programme_slug = models.SlugField(_("programme"), max_length=80, db_index=True)
    # In a programme that takes one application per establishment, the establishment this
    # one is for; its facts are the application's. Kept while it has applications.
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("establishment"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The applicant's language: emails and letters are written in it.
    language = models.CharField(_("language"), max_length=8, default="es")
    status = FSMField(
        _("status"),
        default=S.DRAFT,
        choices=S.choices,
        protected=True,
        db_index=True,
    )
    # The answers so far, in the engine's input format; saved at every step of the wizard.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # The wizard's bookkeeping: steps completed, the declaration, where to resume.
    progress = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    draft_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    # Frozen at submission: what the application was decided on.
    reference = models.CharField(_("reference"), max_length=32, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    submitted_answers = models.JSONField(null=True, blank=True)
    programme_revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    programme_definition = models.JSONField(null=True, blank=True)
    evaluation = models.JSONField(null=True, blank=True)
    computed_amount = models.DecimalField(
        _("computed amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    score = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)

    # The desk's work on it.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_applications",
        verbose_name=_("assigned to"),
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    proposed_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    proposal_justification = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    awarded_amount = models.DecimalField(
        _("awarded amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reasons = models.JSONField(default=list, blank=True)
    decision_note = models.TextField(blank=True)
    # Why an award was revoked (`RevocationReason`); its explanation is the decision note.
    revocation_reason = models.CharField(max_length=16, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The service-level clock: the deadline moves on by the time spent waiting for the
    # applicant, so that "overdue" is a filter on one column.
    sla_due_at = models.DateTimeField(_("decision due"), null=True, blank=True, db_index=True)
    sla_paused_at = models.DateTimeField(null=True, blank=True)
    sla_paused_total = models.DurationField(default=timedelta)

    # The end of the retention period (applications.services.lifecycle): when the personal
    # data were replaced and the files deleted. Set once; an anonymised file is never redone.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, db_index=True)
    # What an anonymised file keeps for statistics beside its own columns (programme,
    # amounts, dates, status): legal form, postcode, municipality, headcount band and the
    # like, frozen from the answers and the organisation before they were replaced.
    retained_facts = models.JSONField(default=dict, blank=True)

    objects = ApplicationQuerySet.as_manager()

    # The desk's finding, before an approval, that the amount is above the programme's
    # four-eyes threshold (desk.services.four_eyes); not a column. None: not
    # looked at, and an approval straight from review is refused.
    four_eyes_required: bool | None = None

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # One draft per organisation and programme: "Apply" twice resumes the same one.
            models.UniqueConstraint(
                fields=["organisation", "programme_slug"],
                condition=Q(status="draft", establishment__isnull=True),
                name="one_draft_per_organisation_and_programme",
            ),
            # Per-establishment programmes: one draft per establishment.
            models.UniqueConstraint(
                fields=["establishment", "programme_slug"],
                condition=Q(status="draft", establishment__isnull=False),
                name="one_draft_per_establishment_and_programme",
            ),
        ]
        # The desk's queues and sort keys (desk.selectors), each ending with the pk as the
        # keyset pages do, so that a page reads its 50 rows off an index however deep it is.
        # The partial ones hold only their queue's rows, and stay small as decided cases pile up.
        indexes = [
            models.Index(fields=["status", "submitted_at", "id"], name="app_status_key"),
            models.Index(fields=["submitted_at", "id"], name="app_submitted_key"),
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(
                    assigned_to__isnull=True, status__in=sorted({S.SUBMITTED, S.IN_REVIEW})
                ),
                name="app_new_queue",
            ),
            models.Index(fields=["assigned_to", "submitted_at", "id"], name="app_assignee_key"),
            models.Index(
                fields=["sla_due_at", "id"],
                condition=Q(status__in=sorted(CLOCK_RUNNING_STATUSES), sla_paused_at__isnull=True),
                name="app_overdue_queue",
            ),
            models.Index(fields=["sla_due_at", "id"], name="app_sla_due_key"),
            models.Index(fields=["programme_slug", "submitted_at", "id"], name="app_programme_key"),
            models.Index(fields=["computed_amount", "id"], name="app_amount_key"),
        ]

    def __str__(self) -> str:
        return self.reference or f"{self.programme_slug} draft #{self.pk}"

    # --- the state machine ---------------------------------------------------------------
    # Each transition takes the acting user (`by`); the service writes the audit event.

    @transition(field=status, source=S.DRAFT, target=S.SUBMITTED, permission=is_representative)
    def submit(self, by=None):
        # The decision's deadline is the desk's: its receiver of this transition sets it.
        self.submitted_at = timezone.now()

    @transition(field=status, source=S.SUBMITTED, target=S.IN_REVIEW, permission=is_desk_staff)
    def start_review(self, by=None):
        pass

    @transition(field=status, source=S.IN_REVIEW, target=S.INFO_REQUESTED, permission=is_desk_staff)
    def request_information(self, by=None):
        self.sla_paused_at = timezone.now()

    @transition(
        field=status,
        source=S.INFO_REQUESTED,
        target=S.IN_REVIEW,
        permission=is_representative,
    )
    def answer_information(self, by=None):
        if self.sla_paused_at is not None:
            paused = timezone.now() - self.sla_paused_at
            self.sla_paused_total += paused
            if self.sla_due_at is not None:
                self.sla_due_at += paused
            self.sla_paused_at = None

    @transition(
        field=status, source=S.IN_REVIEW, target=S.PENDING_APPROVAL, permission=is_desk_staff
    )
    def propose_approval(self, by=None):
        self.proposed_by = by

    @transition(field=status, source=S.PENDING_APPROVAL, target=S.IN_REVIEW, permission=is_senior)
    def return_to_review(self, by=None):
        # The proposer takes the case back to answer the approver's comment.
        self.assigned_to_id = self.proposed_by_id

    @transition(
        field=status,
        source=set(DECIDABLE_STATUSES),
        target=S.APPROVED,
        permission=may_approve,
    )
    def approve(self, by=None):
        self.decided_by = by
        self.decided_at = timezone.now()

    @transition(
        field=status,
        source=[S.IN_REVIEW, S.PENDING_APPROVAL],
        target=S.WAITLISTED,
        permission=may_approve,
    )
    def waitlist(self, by=None):
        self.waitlisted_at = timezone.now()

    @transition(
        field=status,
        source=set(DECIDABLE_STATUSES | {S.APPROVED}),
        target=S.REJECTED,
        permission=may_reject,
    )
    def reject(self, by=None):
        self.decided_by = by
        self.decided_at = timezone.now()

    @transition(
        field=status,
        source=set(WITHDRAWABLE_STATUSES),
        target=S.WITHDRAWN,
        permission=is_representative,
    )
    def withdraw(self, by=None):
        self.withdrawn_at = timezone.now()

    @transition(field=status, source=S.INFO_REQUESTED, target=S.WITHDRAWN, permission=is_system)
    def lapse(self, by=None):
        # Desistimiento (Ley 39/2015, art. 68.1): a request to correct the application lapsed
        # unanswered. A decision of the administration, with its own letter.
        self.withdrawn_at = timezone.now()
        self.decided_by = None
        self.decided_at = self.withdrawn_at

    @transition(field=status, source=S.APPROVED, target=S.REVOKED, permission=is_senior)
    def revoke(self, by=None):
        # A decision of its own: it owes its own letter (`decision_key`).
        self.decided_by = by
        self.decided_at = timezone.now()

    @transition(
        field=status,
        source=[S.REJECTED, S.REVOKED, S.WITHDRAWN],
        target=S.IN_REVIEW,
        permission=is_senior,
    )
    def reopen(self, by=None):
        # An appeal upheld (Ley 39/2015, art. 119): the decision appealed is set aside and the
        # case is decided again, by the desk's usual road (budget, letter).
        self.decided_by = None
        self.decided_at = None
        self.withdrawn_at = None
        self.rejection_reasons = []
        self.revocation_reason = ""
        self.sla_paused_at = None

    # --------------------------------------------------------------------------------------

    @property
    def is_draft(self) -> bool:
        return self.status == S.DRAFT

    @property
    def decision_amount(self):
        """What an approval would award: the proposed amount, else the computed one."""
        return self.proposed_amount if self.proposed_amount is not None else self.computed_amount


class ApplicationEvent(models.Model):
    """One entry of an application's audit trail: who did what, when, from which status to
    which, and why. Written in the same transaction as the change it records."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    # Internal events (notes, views) are never shown to the applicant.
    internal = models.BooleanField(default=False)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self) -> str:
        return f"{self.application}: {self.kind} {self.from_status}→{self.to_status}"


def _document_path(document: "ApplicationDocument", filename: str) -> str:
    # Server-generated name: nothing the applicant typed reaches the file system.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"documents/{document.application_id}/{uuid.uuid4().hex}{suffix}"


class InformationRequest(models.Model):
    """A caseworker's request for more information, and the applicant's answer."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="information_requests"
    )
    message = models.TextField(_("message"))
    due_on = models.DateField(_("answer by"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=InformationRequestKind.choices,
        default=InformationRequestKind.INFORMATION,
    )
    # When a request to correct lapsed unanswered and the application was closed for it.
    lapsed_at = models.DateTimeField(_("lapsed"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")

    def __str__(self) -> str:
        return f"{self.application}: {self.message[:40]}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.lapsed_at is None


class ApplicationDocument(models.Model):
    """An uploaded file, kept in private storage and served only through a checked view."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    # The definition's document code, or "" for a file sent with an information answer.
    code = models.CharField(max_length=64, blank=True)
    information_request = models.ForeignKey(
        InformationRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    # A file sent with an appeal against the decision.
    appeal = models.ForeignKey(
        "applications.Appeal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    file = models.FileField(storage=private_storage, upload_to=_document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name


class ReferenceSequence(models.Model):
    """The last reference number given in a year; its row is locked to give the next."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
