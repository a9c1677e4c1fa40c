"""The desk's screens in the Wagtail admin: who reaches them, queues, filters, search, sort,
export, the case page with its trace, the audited view, the actions and documents."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from applications.constants import ApplicationStatus, EventKind
from applications.models import ApplicationDocument, ApplicationEvent
from organisations.constants import District
from tests.factories.documents import PDF_BYTES
from tests.factories.organisations import OrganisationFactory

S = ApplicationStatus
QUEUE_NAMES = ["new", "mine", "waiting", "pending_approval", "waitlisted", "overdue", "all"]
PDF = PDF_BYTES


def _document(application) -> ApplicationDocument:
    document = ApplicationDocument(
        application=application,
        code="iae",
        original_name="iae.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )
    document.file.save("document.pdf", ContentFile(PDF), save=False)
    document.save()
    return document


def _desk_urls(application, document) -> list[tuple[str, str]]:
    gets = [("get", reverse("desk:queue", args=[name])) for name in QUEUE_NAMES]
    gets += [
        ("get", reverse("desk:queue_results", args=["all"])),
        ("get", reverse("desk:queue", args=["all"]) + "?export=csv"),
        ("get", reverse("desk:case", args=[application.pk])),
        ("get", reverse("desk:document", args=[application.pk, document.pk])),
        ("get", reverse("desk:ranking_index")),
        ("get", reverse("desk:prorata_index")),
    ]
    posts = [
        ("post", reverse("desk:take_next", args=["new"])),
        ("post", reverse("desk:bulk_approve")),
    ] + [
        ("post", reverse("desk:case_action", args=[application.pk, action]))
        for action in ("claim", "release", "note", "request_information", "propose", "reject")
    ]
    return gets + posts


@pytest.mark.parametrize("role", ["anonymous", "applicant", "editor"])
def test_everyone_but_desk_staff_is_refused_every_desk_url(client, people, case, role):
    application = case()
    document = _document(application)
    if role != "anonymous":
        client.force_login(getattr(people, role))
    for method, url in _desk_urls(application, document):
        response = getattr(client, method)(url, {"application": [application.pk]})
        assert response.status_code in (302, 403, 404), (role, url, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith("/admin/desk/"), (role, url)
            if role == "anonymous":
                assert response["Location"].startswith(reverse("wagtailadmin_login"))
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.assigned_to is None
    assert not ApplicationEvent.objects.filter(
        application=application, kind__in=[EventKind.VIEWED, EventKind.NOTE, EventKind.CLAIMED]
    ).exists()


def test_the_desk_menu_shows_only_to_desk_staff(client, people):
    client.force_login(people.caseworker)
    assert reverse("desk:queue", args=["new"]) in client.get(reverse("wagtailadmin_home")).text
    client.force_login(people.editor)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert reverse("desk:queue", args=["new"]) not in home.text


@pytest.mark.parametrize("queue", QUEUE_NAMES)
def test_a_caseworker_reaches_every_queue_with_its_count(client, people, case, queue):
    case(mine=False, organisation=OrganisationFactory())
    client.force_login(people.caseworker)
    response = client.get(reverse("desk:queue", args=[queue]))
    assert response.status_code == 200
    tabs = {tab.name: tab.count for tab in response.context["queue_tabs"]}
    assert tabs["new"] == 1
    assert tabs["all"] == 1
    assert tabs["mine"] == 0


def _make_cases(case, count, **fields):
    return [case(mine=False, organisation=OrganisationFactory(), **fields) for _ in range(count)]


def _queue_fields(queue, people) -> dict:
    """What puts a case in each queue."""
    import datetime

    from django.utils import timezone

    past = timezone.now() - datetime.timedelta(days=60)
    return {
        "new": {},
        "mine": {"assigned_to": people.caseworker, "status": S.IN_REVIEW},
        "waiting": {"assigned_to": people.caseworker2, "status": S.INFO_REQUESTED},
        "pending_approval": {
            "assigned_to": people.caseworker2,
            "status": S.PENDING_APPROVAL,
            "proposed_by": people.caseworker2,
        },
        "waitlisted": {"status": S.WAITLISTED},
        "overdue": {"status": S.IN_REVIEW, "submitted_at": past},
        "all": {"assigned_to": people.senior, "status": S.IN_REVIEW},
    }[queue]


@pytest.mark.parametrize("queue", QUEUE_NAMES)
def test_queue_page_query_count_does_not_grow_with_rows(client, people, case, queue):
    client.force_login(people.caseworker)
    url = reverse("desk:queue", args=[queue])
    _make_cases(case, 5, **_queue_fields(queue, people))
    client.get(url)  # first request fills per-process caches (content types, site)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert len(response.context["object_list"]) == 5
    _make_cases(case, 45, **_queue_fields(queue, people))
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert len(response.context["object_list"]) == 50
    assert len(fifty) == len(five), [q["sql"] for q in fifty.captured_queries]


def test_filters_search_and_sort(client, people, case):
    client.force_login(people.caseworker)
    abando = OrganisationFactory(district="abando", legal_name="Taberna Abando")
    deusto = OrganisationFactory(district="deusto", legal_name="Jatetxe Deusto")
    small = case(mine=False, organisation=abando, computed_amount=Decimal("1000.00"))
    large = case(mine=False, organisation=deusto, computed_amount=Decimal("1500.00"))
    rental = case(
        mine=False,
        organisation=OrganisationFactory(district="deusto"),
        programme_slug="rental-subsidy",
        computed_amount=Decimal("2400.00"),
    )
    url = reverse("desk:queue", args=["all"])

    def listed(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [application.pk for application in response.context["object_list"]]

    assert listed(district="deusto", ordering="amount") == [large.pk, rental.pk]
    assert listed(amount_min="1200", amount_max="2000") == [large.pk]
    assert listed(q=small.reference.lower()) == [small.pk]
    assert listed(q=deusto.tax_id) == [large.pk]
    assert listed(q="taberna") == [small.pk]
    assert listed(ordering="-amount") == [rental.pk, large.pk, small.pk]
    assert listed(ordering="amount") == [small.pk, large.pk, rental.pk]


def test_the_deadline_column_shows_the_date_and_says_when_it_has_passed(client, people, case):
    client.force_login(people.caseworker)
    now = timezone.now()
    case(mine=False, sla_due_at=now + datetime.timedelta(days=20))
    case(mine=False, sla_due_at=now - datetime.timedelta(days=2))
    page = client.get(reverse("desk:queue", args=["all"])).content.decode()
    for due in (now + datetime.timedelta(days=20), now - datetime.timedelta(days=2)):
        shown = date_format(timezone.localtime(due), "SHORT_DATE_FORMAT")
        assert f">{shown}</time>" in page
    assert page.count('class="w-status w-status--label"') == 1


def test_export_is_the_filtered_set_in_csv_and_xlsx(client, people, case):
    client.force_login(people.caseworker)
    keep = case(mine=False, organisation=OrganisationFactory(district="abando"))
    case(mine=False, organisation=OrganisationFactory(district="deusto"))
    url = reverse("desk:queue", args=["all"])
    response = client.get(url, {"district": "abando", "export": "csv"})
    assert response.status_code == 200
    # Spanish Excel's CSV: a byte order mark, then fields separated by `;`.
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Referencia"
    assert [row[0] for row in rows[1:]] == [keep.reference]
    assert rows[1][2] == keep.organisation.tax_id
    # Choices by their labels, as on screen.
    assert rows[1][4] == str(District.ABANDO.label)
    assert rows[1][6] == str(S.SUBMITTED.label)
    xlsx = client.get(url, {"district": "abando", "export": "xlsx"})
    assert xlsx.status_code == 200
    assert "spreadsheetml" in xlsx["Content-Type"]


def test_viewing_a_case_is_audited(client, people, case):
    application = case()
    client.force_login(people.caseworker)
    response = client.get(reverse("desk:case", args=[application.pk]))
    assert response.status_code == 200
    viewed = ApplicationEvent.objects.filter(application=application, kind=EventKind.VIEWED)
    assert [(event.actor, event.internal) for event in viewed] == [(people.caseworker, True)]


def test_a_draft_is_not_a_desk_case(client, people):
    from tests.factories.applications import ApplicationFactory

    draft = ApplicationFactory(organisation=people.organisation)
    client.force_login(people.caseworker)
    response = client.get(reverse("desk:case", args=[draft.pk]), follow=True)
    assert response.status_code == 404
    assert not ApplicationEvent.objects.filter(application=draft, kind=EventKind.VIEWED).exists()


def test_case_page_shows_organisation_answers_and_documents_inline(client, people, case):
    application = case()
    document = _document(application)
    client.force_login(people.caseworker)
    page = client.get(reverse("desk:case", args=[application.pk])).text
    assert people.organisation.legal_name in page
    assert people.organisation.tax_id in page
    assert people.applicant.email in page
    document_url = reverse("desk:document", args=[application.pk, document.pk])
    assert f'<iframe src="{document_url}"' in page
    served = client.get(document_url)
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("inline")
    assert served["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(served.streaming_content) == PDF


def test_claim_and_note_from_the_case_page(client, people, case):
    application = case()
    client.force_login(people.caseworker)
    response = client.post(reverse("desk:case_action", args=[application.pk, "claim"]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.assigned_to == people.caseworker
    assert application.status == S.IN_REVIEW
    client.post(
        reverse("desk:case_action", args=[application.pk, "note"]),
        {"note-text": "Llamar a la gestoría."},
    )
    page = client.get(reverse("desk:case", args=[application.pk])).text
    assert "Llamar a la gestoría." in page


def test_a_second_caseworker_is_told_who_has_the_case(client, people, case):
    application = case()
    client.force_login(people.caseworker)
    client.post(reverse("desk:case_action", args=[application.pk, "claim"]))
    client.force_login(people.caseworker2)
    response = client.post(reverse("desk:case_action", args=[application.pk, "claim"]))
    assert response.status_code == 400
    assert "Ane Etxeberria" in response.text
    application.refresh_from_db()
    assert application.assigned_to == people.caseworker


def test_invalid_action_input_is_shown_with_an_error_summary(client, people, case):
    application = case(computed_amount=Decimal("1250.00"))
    client.force_login(people.caseworker)
    client.post(reverse("desk:case_action", args=[application.pk, "claim"]))
    response = client.post(
        reverse("desk:case_action", args=[application.pk, "propose"]),
        {"propose-amount": "2000", "propose-justification": ""},
    )
    assert response.status_code == 400
    assert 'href="#id_propose-justification"' in response.text
    assert 'aria-invalid="true"' in response.text
    application.refresh_from_db()
    assert application.proposed_amount is None


def test_request_information_then_propose_above_threshold(client, people, case, desk):
    application = case(computed_amount=Decimal("1250.00"))
    client.force_login(people.caseworker)
    client.post(reverse("desk:case_action", args=[application.pk, "claim"]))
    response = client.post(
        reverse("desk:case_action", args=[application.pk, "request_information"]),
        {
            "request_information-message": "Envíe el IAE.",
            "request_information-due_on": "2099-01-31",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.INFO_REQUESTED
    assert application.information_requests.get().message == "Envíe el IAE."


def test_take_next_opens_the_oldest_unclaimed_case(client, people, case):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    newer = case(mine=False, organisation=OrganisationFactory(), submitted_at=now)
    older = case(
        mine=False,
        organisation=OrganisationFactory(),
        submitted_at=now - datetime.timedelta(days=2),
    )
    client.force_login(people.caseworker)
    response = client.post(reverse("desk:take_next", args=["new"]))
    assert response["Location"] == reverse("desk:case", args=[older.pk])
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.assigned_to == people.caseworker
    assert newer.assigned_to is None


def test_bulk_approve_approves_the_eligible_cases_selected(client, people, case, desk):
    chosen = _make_cases(case, 2, computed_amount=Decimal("1000.00"))
    left = case(mine=False, organisation=OrganisationFactory())
    client.force_login(people.caseworker)
    response = client.post(
        reverse("desk:bulk_approve"),
        {
            "application": [a.pk for a in chosen],
            "next": reverse("desk:queue", args=["all"]),
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    for application in chosen:
        application.refresh_from_db()
        assert application.status == S.APPROVED
    left.refresh_from_db()
    assert left.status == S.SUBMITTED


def test_only_seniors_change_a_programmes_desk_settings(client, people, desk):
    edit = reverse("desk_programmes:edit", args=[desk.pk])
    data = {"sla_days": "20", "four_eyes_threshold": "1500.00"}
    for user in (people.caseworker, people.editor):
        client.force_login(user)
        assert client.get(reverse("desk_programmes:index")).status_code == 302
        client.post(edit, data)
        desk.refresh_from_db()
        assert desk.sla_days == 30
    client.force_login(people.senior)
    assert client.get(reverse("desk_programmes:index")).status_code == 200
    assert client.post(edit, data).status_code == 302
    desk.refresh_from_db()
    assert (desk.sla_days, desk.four_eyes_threshold) == (20, Decimal("1500.00"))
    assert desk.budget == Decimal("10000.00")


def test_a_new_target_in_the_programme_settings_moves_the_open_deadlines(
    client, people, desk, case
):
    submitted = timezone.now() - datetime.timedelta(days=2)
    open_case = case(status=S.IN_REVIEW, submitted_at=submitted)
    client.force_login(people.senior)
    client.post(
        reverse("desk_programmes:edit", args=[desk.pk]),
        {"sla_days": "20", "four_eyes_threshold": "3000.00"},
    )
    open_case.refresh_from_db()
    assert open_case.sla_due_at == submitted + datetime.timedelta(days=20)


def test_only_a_senior_reassigns_from_the_case_page(client, people, case):
    application = case(assigned_to=people.caseworker, status=S.IN_REVIEW)
    url = reverse("desk:case_action", args=[application.pk, "reassign"])
    client.force_login(people.caseworker)
    assert (
        'action="' + url + '"' not in client.get(reverse("desk:case", args=[application.pk])).text
    )
    client.post(url, {"reassign-to_user": people.caseworker2.pk})
    application.refresh_from_db()
    assert application.assigned_to == people.caseworker
    client.force_login(people.senior)
    response = client.post(url, {"reassign-to_user": people.caseworker2.pk})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.assigned_to == people.caseworker2


def test_reject_needs_a_reason_and_records_the_codes(client, people, case):
    application = case(assigned_to=people.caseworker, status=S.IN_REVIEW)
    url = reverse("desk:case_action", args=[application.pk, "reject"])
    client.force_login(people.caseworker)
    response = client.post(url, {"reject-text": "No consta el alta."})
    assert response.status_code == 400
    assert 'href="#id_reject-reason_codes_0"' in response.text
    response = client.post(
        url, {"reject-reason_codes": ["incomplete", "other"], "reject-text": "No consta el alta."}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.REJECTED
    assert set(application.rejection_reasons) == {"incomplete", "other"}


def test_a_caseworker_approves_at_or_under_the_threshold_but_not_above(client, people, case, desk):
    under = case(mine=False, organisation=OrganisationFactory(), computed_amount=Decimal("1250.00"))
    above = case(mine=False, organisation=OrganisationFactory(), computed_amount=Decimal("3500.00"))
    client.force_login(people.caseworker)
    for application in (under, above):
        client.post(reverse("desk:case_action", args=[application.pk, "claim"]))
        client.post(reverse("desk:case_action", args=[application.pk, "approve"]))
    under.refresh_from_db()
    above.refresh_from_db()
    assert under.status == S.APPROVED
    assert above.status == S.IN_REVIEW
    response = client.post(reverse("desk:case_action", args=[above.pk, "approve"]))
    assert response.status_code == 400
    assert "3500" in response.text


def test_the_case_page_names_documents_by_their_label_and_people_by_their_name(
    client, people, case
):
    from desk.services import case_claim

    application = case(
        programme_definition={
            "documents": [
                {"code": "iae", "label": {"es": "Certificado del IAE", "en": "IAE certificate"}}
            ]
        }
    )
    _document(application)
    case_claim(application=application, user=people.caseworker)
    client.force_login(people.caseworker)
    page = client.get(reverse("desk:case", args=[application.pk])).text
    assert "Certificado del IAE: <a" in page
    assert "(iae)" not in page
    assert "<dd>Ane Etxeberria</dd>" in page, "assigned to, by name"
    assert ">ane<" not in page, "no username where a name is known"
