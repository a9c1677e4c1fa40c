"""Abandoned drafts: a reminder before they go, then deletion with their stored files.

A draft is "untouched" since its last save (`updated_at`). Its representatives are reminded
once per spell of inactivity, ONESTOP_DRAFT_REMINDER_DAYS before the retention period
(ONESTOP_DRAFT_RETENTION_DAYS) ends. A draft is deleted only when it has been untouched for
the whole retention period *and* its reminder went out at least the lead time before: if the
periodic task did not run for a while, nobody loses a draft without having been warned; nor
while the reminder's email is still in the outbox, unsent.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone, translation

from applications.constants import OutboxState
from applications.models import Application, OutboxEntry
from applications.services import notifications
from onestop.i18n import format_date, site_language, text_in_language

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DraftsCleanupResult:
    reminded: int
    deleted: int
    files_deleted: int


def draft_retention() -> datetime.timedelta:
    return datetime.timedelta(days=settings.ONESTOP_DRAFT_RETENTION_DAYS)


def draft_reminder_lead() -> datetime.timedelta:
    return datetime.timedelta(days=settings.ONESTOP_DRAFT_REMINDER_DAYS)


def drafts_to_remind(*, now: datetime.datetime) -> QuerySet[Application]:
    """Drafts near the end of their retention whose representatives have not been told since
    they last saved them."""
    return Application.objects.drafts().filter(
        Q(draft_reminder_sent_at__isnull=True) | Q(draft_reminder_sent_at__lt=F("updated_at")),
        updated_at__lte=now - (draft_retention() - draft_reminder_lead()),
    )


def drafts_to_delete(*, now: datetime.datetime) -> QuerySet[Application]:
    # A reminder still in the outbox (not sent yet, or out of attempts) warned nobody.
    unsent_reminders = OutboxEntry.objects.filter(
        application=OuterRef("pk"),
        subkind=notifications.DRAFT_REMINDER,
        state__in=[OutboxState.PENDING, OutboxState.DEAD],
    )
    return Application.objects.drafts().filter(
        ~Exists(unsent_reminders),
        updated_at__lte=now - draft_retention(),
        draft_reminder_sent_at__gte=F("updated_at"),
        draft_reminder_sent_at__lte=now - draft_reminder_lead(),
    )


def drafts_clean_up(*, now: datetime.datetime | None = None) -> DraftsCleanupResult:
    """Remind, then delete: idempotent, so a retried or repeated run does no harm."""
    now = now or timezone.now()
    deleted, files_deleted = _drafts_delete(now=now)
    reminded = _drafts_remind(now=now)
    logger.info(
        "drafts clean-up: %s reminded, %s deleted with %s files", reminded, deleted, files_deleted
    )
    return DraftsCleanupResult(reminded=reminded, deleted=deleted, files_deleted=files_deleted)


def _drafts_remind(*, now: datetime.datetime) -> int:
    reminded = 0
    for pk in list(drafts_to_remind(now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            draft = (
                drafts_to_remind(now=now)
                .select_for_update()
                .select_related("organisation")
                .filter(pk=pk)
                .first()
            )
            if draft is None:  # saved, submitted or reminded meanwhile
                continue
            notifications.application_notify(
                application=draft,
                kind=notifications.DRAFT_REMINDER,
                # One reminder per spell of inactivity: a draft saved again is a new spell.
                key=draft.updated_at.isoformat(),
                context=_reminder_context(draft),
            )
            # update(), not save(): saving would touch updated_at and restart the clock.
            Application.objects.filter(pk=draft.pk).update(draft_reminder_sent_at=now)
        reminded += 1
    return reminded


def _reminder_context(draft: Application) -> dict:
    from cms.selectors import programme_page_by_slug

    page = programme_page_by_slug(draft.programme_slug)
    definition = page.definition if page is not None else {}
    deleted_on = (draft.updated_at + draft_retention()).astimezone(timezone.get_default_timezone())
    return {
        "programme_title": text_in_language(definition.get("title"), draft.language)
        or draft.programme_slug,
        "deletion_date": format_date(deleted_on.date(), site_language(draft.language)),
        "applications_path": _applications_path(draft.language),
    }


def _applications_path(language: str) -> str:
    from django.urls import reverse

    with translation.override(site_language(language)):
        return reverse("applications:application_list")


def _drafts_delete(*, now: datetime.datetime) -> tuple[int, int]:
    deleted = files_deleted = 0
    for pk in list(drafts_to_delete(now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            draft = drafts_to_delete(now=now).select_for_update().filter(pk=pk).first()
            if draft is None:
                continue
            files = [document.file for document in draft.documents.all() if document.file]
            draft.delete()
            # Files go once the rows are gone for good: a rollback must not leave rows
            # pointing at deleted files.
            transaction.on_commit(lambda files=files: draft_files_delete(files))
        deleted += 1
        files_deleted += len(files)
    return deleted, files_deleted


def draft_files_delete(files) -> None:
    for stored in files:
        try:
            stored.storage.delete(stored.name)
        except OSError:
            logger.exception("could not delete the file %s of a deleted draft", stored.name)
