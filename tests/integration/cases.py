"""What the worker tests share: waiting for the worker, and cases ready for a decision."""

import time
from decimal import Decimal

import pytest

from applications.constants import ApplicationStatus as S
from applications.models import Application
from tests.factories.applications import SubmittedApplicationFactory
from tests.factories.organisations import RepresentationFactory

SLUG = "hospitality-direct-aid"
# Every queue the project routes tasks to (settings: CELERY_TASK_ROUTES): a worker started on
# fewer would leave e-mails unsent.
WORKER_QUEUES = ("celery", "emails")


def wait_for(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


def cases_in_review(count: int) -> list[Application]:
    """`count` hospitality cases in review, each of its own organisation, 1,250 EUR each."""
    return [
        SubmittedApplicationFactory(
            organisation=RepresentationFactory().organisation,
            programme_slug=SLUG,
            status=S.IN_REVIEW,
            computed_amount=Decimal("1250.00"),
            programme_definition={
                "title": {"es": "Ayuda directa a la hostelería"},
                "benefit": "grant",
                "unit": "EUR",
            },
        )
        for _ in range(count)
    ]
