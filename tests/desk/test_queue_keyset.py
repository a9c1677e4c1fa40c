"""The queues page by cursor: following "Next" (or "Previous") shows every row once, in the
queue's order, even when many rows share the sort key; a cursor from elsewhere is ignored;
the exports stay for desk staff only."""

import datetime
import io
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications.models import Application
from desk.selectors import ORDERS, desk_queue, desk_queue_key
from desk.selectors.keyset import cursor_encode, keyset_page
from desk.views.listing import QueueIndexView
from tests.factories.organisations import OrganisationFactory

WHEN = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)


@pytest.fixture
def tied(case):
    """Eleven cases, most tied on every sort key but the pk: three moments, two amounts and
    no amount (the NULLs), two organisation names, two programmes."""
    names = [OrganisationFactory(legal_name=name) for name in ("Alfa", "Alfa", "Beta")]
    amounts = [Decimal("100.00"), None, Decimal("250.00")]
    return [
        case(
            mine=False,
            organisation=names[index % 3],
            submitted_at=WHEN + datetime.timedelta(hours=index % 3),
            computed_amount=amounts[index % 3],
            programme_slug=("hospitality-direct-aid", "matching-subsidy")[index % 2],
        )
        for index in range(11)
    ]


def _walk(queryset, columns, descending, *, size):
    """Every page from the first by "next", then back from the last by "previous"."""
    forward, page = [], keyset_page(queryset, columns=columns, descending=descending, size=size)
    pages = [page]
    forward += page.rows
    while page.next_cursor:
        page = keyset_page(
            queryset, columns=columns, descending=descending, size=size, after=page.next_cursor
        )
        pages.append(page)
        forward += page.rows
    backward = list(page.rows)
    while page.previous_cursor:
        page = keyset_page(
            queryset, columns=columns, descending=descending, size=size, before=page.previous_cursor
        )
        backward = page.rows + backward
    return forward, backward, pages


@pytest.mark.parametrize("order", sorted({*ORDERS} - {"score"} | {f"-{o}" for o in ORDERS}))
def test_pages_follow_one_another_without_skipping_or_repeating_a_row(people, tied, order):
    if order.lstrip("-") == "score":
        pytest.skip("the ranking's key, not a queue's")
    queryset = desk_queue(user=people.caseworker, queue="all", order=order)
    columns, descending = desk_queue_key(queue="all", order=order)
    expected = [application.pk for application in queryset]
    assert len(expected) == 11
    forward, backward, pages = _walk(queryset, columns, descending, size=3)
    assert [row.pk for row in forward] == expected, order
    assert [row.pk for row in backward] == expected, order
    assert [len(page.rows) for page in pages] == [3, 3, 3, 2]
    assert pages[0].previous_cursor is None and pages[-1].next_cursor is None


def test_the_nulls_come_last_going_up_and_first_going_down(people, tied):
    up = list(desk_queue(user=people.caseworker, queue="all", order="amount"))
    down = list(desk_queue(user=people.caseworker, queue="all", order="-amount"))
    assert up[-1].computed_amount is None and up[0].computed_amount is not None
    assert down[0].computed_amount is None and down[-1].computed_amount is not None


def _cursor(url: str, name: str) -> str:
    return parse_qs(urlsplit(url).query)[name][0]


def test_the_queue_page_links_to_the_next_and_previous_pages(client, people, case):
    # 55 cases submitted at the same moment: only the pk tells them apart.
    for _ in range(55):
        case(mine=False, organisation=OrganisationFactory(), submitted_at=WHEN)
    client.force_login(people.caseworker)
    url = reverse("desk:queue", args=["all"])
    first = client.get(url)
    assert first.context["previous_url"] is None
    assert 'rel="next"' in first.text
    second = client.get(url, {"after": _cursor(first.context["next_url"], "after")})
    assert second.context["next_url"] is None
    rows = [row.pk for row in first.context["object_list"]] + [
        row.pk for row in second.context["object_list"]
    ]
    assert len(first.context["object_list"]) == 50
    assert sorted(rows) == sorted(Application.objects.values_list("pk", flat=True))
    assert len(set(rows)) == 55
    back = client.get(url, {"before": _cursor(second.context["previous_url"], "before")})
    assert [row.pk for row in back.context["object_list"]] == rows[:50]


def test_the_filters_and_the_sort_hold_on_the_next_page(client, people, case, monkeypatch):
    for index in range(60):
        case(
            mine=False,
            organisation=OrganisationFactory(),
            computed_amount=Decimal(index % 4),
            programme_slug=("hospitality-direct-aid", "matching-subsidy")[index % 2],
        )
    client.force_login(people.caseworker)
    url = reverse("desk:queue", args=["all"])
    query = {"amount_max": "1", "ordering": "-amount"}
    first = client.get(url, query)
    assert first.context["items_count"] == 30
    assert first.context["next_url"] is None  # 30 rows: one page
    query = {"amount_min": "1", "ordering": "-amount"}  # 45 rows, by 20 a page
    monkeypatch.setattr(QueueIndexView, "paginate_by", 20)
    rows, page = [], client.get(url, query)
    while True:
        rows += page.context["object_list"]
        if not page.context["next_url"]:
            break
        page = client.get(page.context["next_url"])
    assert len(rows) == len({row.pk for row in rows}) == 45
    assert [row.computed_amount for row in rows] == sorted(
        (row.computed_amount for row in rows), reverse=True
    )
    assert min(row.computed_amount for row in rows) == 1


def test_a_cursor_of_another_sort_or_edited_by_hand_shows_the_first_page(client, people, tied):
    client.force_login(people.caseworker)
    url = reverse("desk:queue", args=["all"])
    first = [row.pk for row in client.get(url).context["object_list"]]
    foreign = cursor_encode(("reference", "pk"), ("BIO-2026-000001", 1))
    for cursor in (foreign, "not-a-cursor", "W10"):
        response = client.get(url, {"after": cursor})
        assert response.status_code == 200
        assert [row.pk for row in response.context["object_list"]] == first


def test_a_numbered_page_still_works(client, people, tied):
    client.force_login(people.caseworker)
    response = client.get(reverse("desk:queue", args=["all"]), {"p": "1"})
    assert response.status_code == 200
    assert response.context["paginator"].count == 11


def test_the_queue_tabs_stop_counting_at_the_cap(client, people, tied, monkeypatch):
    monkeypatch.setattr("desk.selectors.COUNT_CAP", 5)
    monkeypatch.setattr("desk.views.queues.COUNT_CAP", 5)
    client.force_login(people.caseworker)
    response = client.get(reverse("desk:queue", args=["all"]))
    tabs = {tab.name: tab for tab in response.context["queue_tabs"]}
    assert tabs["all"].count == 6  # counted up to the cap and one more
    assert tabs["all"].count_label == "5+"
    assert tabs["mine"].count_label == "0"


def test_the_exports_list_every_row_of_the_filtered_queue(client, people, tied):
    client.force_login(people.caseworker)
    url = reverse("desk:queue", args=["all"])
    query = {"amount_min": "200", "ordering": "reference"}
    matching = sorted(
        application.reference for application in tied if (application.computed_amount or 0) >= 200
    )
    csv_response = client.get(url, {**query, "export": "csv"})
    assert csv_response.streaming
    lines = b"".join(csv_response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(matching)
    delimiter = ";" if ";" in lines[0] else ","  # as the language writes decimals
    assert [line.split(delimiter)[0] for line in lines[1:]] == matching
    xlsx_response = client.get(url, {**query, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content))).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(cells) == 1 + len(matching)
    assert [row[0] for row in cells[1:]] == matching


@pytest.mark.parametrize("role", ["anonymous", "applicant", "editor"])
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_nobody_but_desk_staff_exports(client, people, tied, role, export_format):
    if role != "anonymous":
        client.force_login(getattr(people, role))
    response = client.get(reverse("desk:queue", args=["all"]), {"export": export_format})
    assert response.status_code in (302, 403)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert tied[0].reference.encode() not in body
