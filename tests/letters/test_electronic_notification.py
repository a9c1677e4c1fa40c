"""Electronic notification (Ley 39/2015, arts. 41-43): a decision letter is put at the
applicant's disposal when issued; a representative opening it is the access (when, who);
ten natural days without access it counts as rejected; the appeal time runs from either;
both states are shown to the applicant and to the desk."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from applications.constants import EventKind
from applications.models import ElectronicNotification
from applications.selectors import application_timeline
from applications.services.e_notifications import (
    appeal_deadlines,
    notification_access,
    notifications_deem_rejected,
)
from tests.helpers import caseworker
from tests.letters.letter_helpers import issue

pytestmark = pytest.mark.django_db

MADRID = ZoneInfo("Europe/Madrid")


@pytest.fixture
def notified(make_decided):
    application = make_decided()
    letter = issue(application)
    return application, letter, ElectronicNotification.objects.get(letter_id=letter.pk)


def test_an_issued_decision_is_put_at_the_applicants_disposal_and_a_receipt_is_not(notified):
    from django.db import transaction

    from applications.services.registry import registry_enter
    from letters.services.letters import letter_issue

    application, letter, notification = notified
    assert (notification.application, notification.kind) == (application, "award")
    assert notification.made_available_at == letter.issued_at
    assert notification.notified_at is None and appeal_deadlines(notification) is None
    with transaction.atomic():
        entry = registry_enter(application=application, kind="appeal", user=None, content={})
    receipt = letter_issue(
        application_id=application.pk, kind="receipt", source_key=f"registry:{entry.pk}"
    )
    assert not ElectronicNotification.objects.filter(letter_id=receipt.pk).exists()


def test_the_representative_opening_it_is_the_access_and_the_appeal_time_starts(
    client, notified
):
    application, letter, notification = notified
    staff = caseworker()
    client.force_login(staff)
    client.get(reverse("letters:letter_download", args=[letter.pk]))
    notification.refresh_from_db()
    assert notification.accessed_at is None  # the desk opening it is not the applicant's

    client.force_login(application.representative)
    response = client.get(reverse("letters:letter_download", args=[letter.pk]))
    assert response.status_code == 200
    notification.refresh_from_db()
    assert notification.accessed_by == application.representative
    first = notification.accessed_at
    assert first is not None and first.microsecond == 0
    client.get(reverse("letters:letter_download", args=[letter.pk]))
    notification.refresh_from_db()
    assert notification.accessed_at == first  # the first opening is the access
    assert application.events.filter(kind=EventKind.NOTIFICATION_OPENED).count() == 1
    titles = [str(entry.title) for entry in application_timeline(application)]
    assert "Notificación abierta" in titles


def test_appeal_deadlines_are_a_month_and_two_from_the_access(notified):
    application, letter, notification = notified
    # Opened on Monday 16 November 2026: reposición until 16 December, the courts until
    # 18 January 2027 (16 January is a Saturday).
    opened = dt.datetime(2026, 11, 16, 12, 0, tzinfo=MADRID)
    assert notification_access(
        letter_id=letter.pk, user=application.representative, at=opened
    )
    notification.refresh_from_db()
    deadlines = appeal_deadlines(notification)
    assert (deadlines.reposition, deadlines.courts) == (dt.date(2026, 12, 16), dt.date(2027, 1, 18))


def test_ten_days_without_access_count_as_rejected_and_the_time_runs_from_then(notified):
    application, letter, notification = notified
    available = dt.datetime(2026, 10, 26, 9, 30, tzinfo=MADRID)
    ElectronicNotification.objects.filter(pk=notification.pk).update(made_available_at=available)
    assert notifications_deem_rejected(now=available + dt.timedelta(days=10, seconds=-1)) == []
    (done,) = notifications_deem_rejected(now=available + dt.timedelta(days=10, hours=2))
    assert done.rejected_at == available + dt.timedelta(days=10)  # 5 November, 09:30
    assert notifications_deem_rejected(now=available + dt.timedelta(days=30)) == []
    notification.refresh_from_db()
    deadlines = appeal_deadlines(notification)
    assert (deadlines.reposition, deadlines.courts) == (dt.date(2026, 12, 7), dt.date(2027, 1, 5))
    # Opening it afterwards changes nothing: the notification took effect.
    assert not notification_access(letter_id=letter.pk, user=application.representative)
    assert application.events.filter(kind=EventKind.NOTIFICATION_REJECTED).count() == 1


def test_the_applicant_and_the_desk_see_the_state_and_the_appeal_time(client, notified):
    application, letter, notification = notified
    opened = dt.datetime(2026, 11, 16, 12, 0, tzinfo=MADRID)
    notification_access(letter_id=letter.pk, user=application.representative, at=opened)
    client.force_login(application.representative)
    page = client.get(reverse("applications:application_detail", args=[application.pk]))
    html = page.content.decode()
    assert "Notificada: abierta el 16 de noviembre de 2026" in html
    assert "hasta el 16 de diciembre de 2026" in html
    client.force_login(caseworker())
    case = client.get(reverse("desk:case", args=[application.pk])).content.decode()
    assert "Abierta" in case and application.representative.email in case
    assert "16/12/2026" in case
