"""Reads: which organisations a user may act for, and an organisation's answered facts."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import roles
from applications.constants import ApplicationStatus, EventKind
from applications.models import Application, ApplicationDocument, InformationRequest
from eligibility.service import PER_ESTABLISHMENT, programme_application_unit
from onestop.i18n import text_in_language
from organisations.models import Establishment, Organisation
from organisations.selectors import organisation_facts, organisations_for_user

# --- electronic notification ---------------------------------------------------------------


def notifications_by_letter(letter_ids) -> dict:
    """The electronic notifications of these letters, by letter id."""
    from applications.models import ElectronicNotification

    return {
        notification.letter_id: notification
        for notification in ElectronicNotification.objects.filter(letter_id__in=list(letter_ids))
    }


# --- submission: the organisation's claims and awards at this desk -------------------------


def applies_per_establishment(compiled, organisation: Organisation) -> bool:
    """Whether the organisation applies once for each of its establishments: the programme
    takes applications per establishment and its `one_application_when` (format v2) does not
    make this organisation, from its own profile, apply once for all of them."""
    if compiled.application_unit != PER_ESTABLISHMENT:
        return False
    return compiled.unit_for(organisation_facts(organisation)) == PER_ESTABLISHMENT


def submitted_application_for_user(user, pk: int) -> Application:
    """A submitted (no longer draft) application of an organisation `user` represents; 404
    for a draft or anyone else's."""
    try:
        return (
            Application.objects.filter(organisation__in=organisations_for_user(user))
            .exclude(status=ApplicationStatus.DRAFT)
            .select_related("organisation")
            .get(pk=pk)
        )
    except Application.DoesNotExist:
        raise Http404 from None


def organisation_active_application(
    organisation: Organisation, *, programme_slug: str, exclude_pk: int | None = None
) -> Application | None:
    """The organisation's application to a programme that still holds a claim on it
    (submitted, not rejected or withdrawn), if any: what `one_per` allows once."""
    applications = organisation.applications.active().for_programme(programme_slug)
    if exclude_pk is not None:
        applications = applications.exclude(pk=exclude_pk)
    return applications.order_by("submitted_at", "pk").first()


def establishment_active_application(
    establishment: Establishment, *, programme_slug: str, exclude_pk: int | None = None
) -> Application | None:
    """The establishment's application to a programme that still holds a claim on it: a
    per-establishment programme takes one per establishment."""
    applications = establishment.applications.active().for_programme(programme_slug)
    if exclude_pk is not None:
        applications = applications.exclude(pk=exclude_pk)
    return applications.order_by("submitted_at", "pk").first()


def organisation_exclusive_award(
    organisation: Organisation, *, programme_slug: str, exclusive_with
) -> Application | None:
    """An award of the organisation that rules out applying for `programme_slug`.

    Exclusivity works both ways: an award from a programme that `programme_slug` lists in
    `exclusive_with`, and an award from a programme whose rules (as frozen on that award)
    list `programme_slug`. Either programme's policy says the two are not combined.
    """
    excluded = set(exclusive_with)
    for award in organisation.applications.awarded().order_by("decided_at", "pk"):
        listed = (award.programme_definition or {}).get("exclusive_with") or ()
        if award.programme_slug in excluded or programme_slug in listed:
            return award
    return None


ONE_PER = "one_per"
ONE_PER_ESTABLISHMENT = "one_per_establishment"
EXCLUSIVE_WITH = "exclusive_with"


@dataclass(frozen=True)
class ApplicationConflict:
    """What a programme's `one_per` or `exclusive_with` says against a new application:
    the rule (`kind`) and the organisation's application that stands in its way."""

    kind: str
    application: Application

    def message(self, programme_title: str) -> str:
        if self.kind == ONE_PER_ESTABLISHMENT:
            establishment = self.application.establishment
            return _(
                "“%(establishment)s” has already applied for %(programme)s (reference "
                "%(reference)s), and this programme accepts one application per establishment."
            ) % {
                "establishment": establishment.name if establishment else "",
                "programme": programme_title,
                "reference": self.application.reference,
            }
        if self.kind == ONE_PER:
            return _(
                "Your organisation has already applied for %(programme)s (reference "
                "%(reference)s), and this programme accepts one application per organisation."
            ) % {"programme": programme_title, "reference": self.application.reference}
        other = text_in_language((self.application.programme_definition or {}).get("title"))
        return _(
            "%(programme)s cannot be combined with %(other)s, which your organisation has "
            "been awarded (reference %(reference)s)."
        ) % {
            "programme": programme_title,
            "other": other or self.application.programme_slug,
            "reference": self.application.reference,
        }


def organisation_application_conflict(
    organisation: Organisation,
    *,
    programme_slug: str,
    definition: dict[str, Any],
    exclude_pk: int | None = None,
    establishment: Establishment | None = None,
    whole_organisation: bool = False,
) -> ApplicationConflict | None:
    """Whether the programme's rules on other applications refuse one more from the
    organisation: the one check behind submission, the wizard's start and the programme
    page, so an applicant hears of it before filling anything in.

    A per-establishment programme takes one application per establishment (whether its
    `one_per` says so or is left out): with `establishment`, that is checked too. An
    organisation that applies once for all its establishments (`whole_organisation`) may
    hold one such application."""
    per_establishment = programme_application_unit(definition) == PER_ESTABLISHMENT
    if establishment is not None and per_establishment:
        existing = establishment_active_application(
            establishment, programme_slug=programme_slug, exclude_pk=exclude_pk
        )
        if existing is not None:
            return ApplicationConflict(ONE_PER_ESTABLISHMENT, existing)
    if whole_organisation and per_establishment:
        applications = organisation.applications.active().for_programme(programme_slug)
        existing = (
            applications.filter(establishment__isnull=True)
            .exclude(pk=exclude_pk)
            .order_by("submitted_at", "pk")
            .first()
        )
        if existing is not None:
            return ApplicationConflict(ONE_PER, existing)
    if definition.get("one_per") == "organisation":
        existing = organisation_active_application(
            organisation, programme_slug=programme_slug, exclude_pk=exclude_pk
        )
        if existing is not None:
            return ApplicationConflict(ONE_PER, existing)
    award = organisation_exclusive_award(
        organisation,
        programme_slug=programme_slug,
        exclusive_with=definition.get("exclusive_with") or (),
    )
    if award is not None:
        return ApplicationConflict(EXCLUSIVE_WITH, award)
    return None


@dataclass(frozen=True)
class ApplyStanding:
    """What the programme's rules on other applications say to a user: the conflicts of the
    organisations they represent, and whether any of those may still start an application
    (anonymous users and users with no organisation may: the wizard's start guides them)."""

    conflicts: list[ApplicationConflict]
    may_apply: bool


def user_apply_standing(user, *, programme_slug: str, definition: dict[str, Any]) -> ApplyStanding:
    if user is None or not user.is_authenticated:
        return ApplyStanding([], True)
    organisations = list(organisations_for_user(user))
    conflicts = []
    for organisation in organisations:
        conflict = organisation_application_conflict(
            organisation, programme_slug=programme_slug, definition=definition
        )
        if conflict is not None:
            conflicts.append(conflict)
    return ApplyStanding(conflicts, not organisations or len(conflicts) < len(organisations))


def organisation_desk_de_minimis(organisation: Organisation, *, as_of: datetime.date) -> Decimal:
    """This desk's de minimis awards to the organisation in the fiscal (calendar) year of
    `as_of` and the two before, by decision date in the city's time zone: the desk's part of
    the engine's `de_minimis_total`."""
    start = timezone.make_aware(datetime.datetime(as_of.year - 2, 1, 1))
    end = timezone.make_aware(datetime.datetime(as_of.year + 1, 1, 1))
    total = (
        organisation.applications.awarded()
        .filter(
            programme_definition__de_minimis=True,
            decided_at__gte=start,
            decided_at__lt=end,
        )
        .aggregate(total=Sum("awarded_amount"))["total"]
    )
    # SQLite sums decimals without their places; money is shown and frozen in cents.
    return (total or Decimal(0)).quantize(Decimal("0.01"))


# --- the applicant's applications, their documents and their history ----------------------


def applications_for_user(user) -> QuerySet[Application]:
    """Every application of every organisation `user` represents, newest activity first."""
    return (
        Application.objects.filter(organisation__in=organisations_for_user(user))
        .select_related("organisation", "establishment")
        .order_by("-updated_at", "-pk")
    )


def application_for_user(user, pk: int) -> Application:
    """One application of an organisation `user` represents; 404 for any other."""
    try:
        return applications_for_user(user).get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None


def information_request_for_user(user, application: Application, pk: int) -> InformationRequest:
    """One information request of an application `user` may see (from application_for_user)."""
    try:
        return application.information_requests.get(pk=pk)
    except InformationRequest.DoesNotExist:
        raise Http404 from None


def document_for_user(user, pk: int) -> ApplicationDocument:
    """A document its organisation's representatives may download, and desk staff once the
    application is submitted; 404 for anyone else, so that none is disclosed."""
    documents = ApplicationDocument.objects.select_related("application")
    if roles.is_caseworker(user):
        allowed = documents.exclude(application__status=ApplicationStatus.DRAFT)
    else:
        allowed = documents.filter(application__organisation__in=organisations_for_user(user))
    try:
        return allowed.get(pk=pk)
    except ApplicationDocument.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    title: str
    detail: str = ""


def application_timeline(application: Application) -> list[TimelineEntry]:
    """What happened to an application, oldest first, as the applicant reads it.

    Internal events (the desk's notes, views, claims) never appear, and neither do the
    desk's notes on a status change: only what the applicant wrote themselves (an answer, a
    reason for withdrawing) and the caseworker's questions to them.
    """
    events = application.events.filter(internal=False).order_by("at", "pk")
    requests = list(application.information_requests.order_by("requested_at", "pk"))
    by_id = {request.pk: request for request in requests}
    asked = 0
    entries = []
    for event in events:
        if event.kind == EventKind.TRANSITION:
            entry, asked = _transition_entry(event, requests, by_id, asked)
        else:
            entry = _other_entry(event, application)
        if entry is not None:
            entries.append(entry)
    return entries


_TRANSITION_TITLES = {
    ApplicationStatus.SUBMITTED: gettext_lazy("Submitted"),
    ApplicationStatus.PENDING_APPROVAL: gettext_lazy("Decision proposed, awaiting approval"),
    ApplicationStatus.APPROVED: gettext_lazy("Approved"),
    ApplicationStatus.WAITLISTED: gettext_lazy("Placed on the waiting list"),
    ApplicationStatus.REJECTED: gettext_lazy("Rejected"),
    ApplicationStatus.WITHDRAWN: gettext_lazy("Withdrawn"),
    ApplicationStatus.CLOSED: gettext_lazy("Closed"),
}


def _transition_entry(event, requests, by_id, asked) -> tuple[TimelineEntry | None, int]:
    if event.to_status == ApplicationStatus.INFO_REQUESTED:
        # Each request is made with its transition: the n-th such event is the n-th request,
        # unless the event names its request.
        request = by_id.get((event.data or {}).get("information_request"))
        if request is None and asked < len(requests):
            request = requests[asked]
        title = _("Information requested")
        if request is not None:
            title = _("Information requested: %(message)s") % {"message": request.message}
        return TimelineEntry(event.at, title), asked + 1
    if event.from_status == ApplicationStatus.INFO_REQUESTED and event.to_status == (
        ApplicationStatus.IN_REVIEW
    ):
        return TimelineEntry(event.at, _("You answered"), event.note), asked
    if event.to_status == ApplicationStatus.IN_REVIEW and event.from_status in (
        ApplicationStatus.REJECTED,
        ApplicationStatus.REVOKED,
        ApplicationStatus.WITHDRAWN,
    ):
        # Reopened by an upheld appeal: the appeal's own entry says so.
        return None, asked
    if event.to_status == ApplicationStatus.IN_REVIEW:
        return TimelineEntry(event.at, _("A caseworker started reviewing it")), asked
    if (
        event.to_status == ApplicationStatus.WITHDRAWN
        and event.from_status == (ApplicationStatus.INFO_REQUESTED)
        and event.actor_id is None
    ):
        # Desistimiento: the desk's decision, not the applicant's words.
        return TimelineEntry(
            event.at, _("Closed as withdrawn: the correction was not received in time")
        ), asked
    if event.to_status == ApplicationStatus.WITHDRAWN:
        return TimelineEntry(event.at, _("Withdrawn"), event.note), asked
    title = _TRANSITION_TITLES.get(event.to_status)
    return (TimelineEntry(event.at, title) if title else None), asked


def _other_entry(event, application) -> TimelineEntry | None:
    if event.kind == EventKind.CREATED:
        return TimelineEntry(event.at, _("Draft started"))
    if event.kind == EventKind.DOCUMENT:
        return TimelineEntry(event.at, _("Document uploaded"), event.note)
    if event.kind == EventKind.EMAIL:
        from applications.services.notifications import application_email_subject

        subject = application_email_subject(application, event)
        return TimelineEntry(event.at, _("We sent you an email"), subject)
    if event.kind == EventKind.LETTER:
        return TimelineEntry(event.at, _("Letter issued"))
    if event.kind == EventKind.NOTIFICATION_OPENED:
        return TimelineEntry(event.at, _("Notification opened"))
    if event.kind == EventKind.NOTIFICATION_REJECTED:
        return TimelineEntry(
            event.at, _("Notification not opened in ten days: it counts as rejected")
        )
    if event.kind == EventKind.APPEAL_LODGED:
        number = (event.data or {}).get("registry", "")
        return TimelineEntry(event.at, _("Appeal lodged"), number)
    if event.kind == EventKind.APPEAL_RESOLVED:
        upheld = (event.data or {}).get("outcome") == "upheld"
        title = _("Appeal upheld") if upheld else _("Appeal dismissed")
        return TimelineEntry(event.at, title, event.note)
    return None  # the desk's own bookkeeping, even when not marked internal
