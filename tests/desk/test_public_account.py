"""The public account of each measure and of the plan: the figures (money, applications and
how they ended, district, legal form, the social economy, time to decision, month by month)
as a page in each language with SVG charts and tables, CSV and JSON; cached until the desk
decides; a handful of queries whatever the volume; and the staff's fresh figures."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from applications.constants import ApplicationStatus as S
from applications.models import Application
from desk.charts import Datum, bar_chart
from desk.selectors.public_account import plan_account, programme_account_uncached
from desk.services import decision_approve
from tests.desk.conftest import PROGRAMME
from tests.factories.applications import ApplicationFactory, SubmittedApplicationFactory
from tests.factories.cms import ProgrammePageFactory
from tests.factories.organisations import EstablishmentFactory, OrganisationFactory
from tests.helpers import demo_definition

pytestmark = pytest.mark.django_db


def _at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 12, tzinfo=dt.UTC)


@pytest.fixture
def programme(db):
    return ProgrammePageFactory()


@pytest.fixture
def fixture_cases(programme, desk, case):
    """Two awards (a cooperative in Deusto, a limited company in Abando), a rejection, two
    pending (one of them for an establishment in Deusto of a company in Abando), a draft."""
    cooperative = OrganisationFactory(legal_form="cooperative", district="deusto")
    company = OrganisationFactory(legal_form="limited_company", district="abando")
    made = {
        "coop_award": case(
            mine=False, organisation=cooperative, status=S.APPROVED,
            awarded_amount=Decimal("1250.00"), submitted_at=_at(3, 2), decided_at=_at(3, 12),
        ),
        "company_award": case(
            mine=False, organisation=company, status=S.APPROVED,
            awarded_amount=Decimal("1000.00"), submitted_at=_at(3, 5), decided_at=_at(3, 25),
        ),
        "rejected": case(
            mine=False, organisation=company, status=S.REJECTED, rejection_reasons=["other"],
            submitted_at=_at(4, 1), decided_at=_at(4, 7),
        ),
        "coop_pending": case(
            mine=False, organisation=cooperative, status=S.IN_REVIEW, submitted_at=_at(4, 10),
        ),
        "establishment_pending": case(
            mine=False, organisation=company, submitted_at=_at(4, 15),
            establishment=EstablishmentFactory(organisation=company, district="deusto"),
        ),
    }  # fmt: skip
    ApplicationFactory(organisation=cooperative, programme_slug=PROGRAMME)  # a draft
    return made


def test_the_figures_of_a_small_programme(fixture_cases):
    account = programme_account_uncached(PROGRAMME, "es")
    assert (account.budget, account.committed, account.paid) == (
        Decimal("10000.00"), Decimal("2250.00"), None,
    )  # fmt: skip
    assert (account.received, account.awarded, account.rejected, account.pending) == (5, 2, 1, 2)
    assert account.withdrawn == 0
    assert account.by_status == {"approved": 2, "rejected": 1, "in_review": 1, "submitted": 1}
    # The establishment's application counts in the establishment's district, not its owner's.
    districts = {row.key: (row.received, row.awarded, row.committed) for row in account.by_district}
    assert districts == {"deusto": (3, 1, Decimal("1250.00")), "abando": (2, 1, Decimal("1000.00"))}
    forms = {row.key: (row.received, row.awarded, row.committed) for row in account.by_legal_form}
    assert forms == {
        "cooperative": (2, 1, Decimal("1250.00")),
        "limited_company": (3, 1, Decimal("1000.00")),
    }
    assert account.social_economy_committed == Decimal("1250.00")
    assert account.social_economy_percent == Decimal("55.6")
    # Decisions after 10, 20 and 6 days.
    assert (account.median_days, account.mean_days) == (Decimal("10.0"), Decimal("12.0"))
    assert [(m.month, m.received, m.committed) for m in account.months] == [
        (dt.date(2026, 3, 1), 2, Decimal("2250.00")),
        (dt.date(2026, 4, 1), 3, Decimal("0")),
    ]


def test_the_plan_sums_its_published_programmes(fixture_cases):
    other = demo_definition()
    other["slug"] = "second-aid"
    ProgrammePageFactory(definition=other)
    case = fixture_cases["coop_award"]
    Application.objects.filter(pk=case.pk).update(programme_slug="second-aid")
    plan = plan_account("es")
    assert plan.slug is None
    assert {programme.slug for programme in plan.programmes} == {PROGRAMME, "second-aid"}
    assert (plan.received, plan.awarded, plan.committed) == (5, 2, Decimal("2250.00"))
    assert plan.social_economy_committed == Decimal("1250.00")


@pytest.mark.parametrize(
    ("language", "committed", "budget"),
    [("es", "2.250,00 €", "10.000,00 €"), ("eu", "2.250,00 €", "10.000,00 €"),
     ("en", "€2,250.00", "€10,000.00")],
)  # fmt: skip
def test_the_page_shows_the_figures_in_each_language(
    client, fixture_cases, language, committed, budget
):
    with translation.override(language):
        url = reverse("public_programme_account", args=[PROGRAMME])
        plan_url = reverse("public_plan_account")
    assert url.startswith(f"/{language}/")
    response = client.get(url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    html = response.content.decode().replace("\xa0", " ")
    assert f'<dd data-figure="committed">{committed}</dd>' in html
    assert f'<dd data-figure="budget">{budget}</dd>' in html
    assert '<dd data-figure="received">5</dd>' in html
    assert '<dd data-figure="pending">2</dd>' in html
    assert f'lang="{language}"' in html
    # Five charts, each named by its title and description, each with its table.
    assert html.count('<svg class="chart" role="img" aria-labelledby=') == 5
    assert html.count("<title id=") == 5 and html.count("<desc id=") == 5
    for table in ("status", "district", "legal-form", "months"):
        assert f'data-table="{table}"' in html
    plan = client.get(plan_url).content.decode()
    assert url in plan  # each measure links to its own account
    # Linked from the footer of every page and from the programme's page.
    assert plan_url in client.get(f"/{language}/").content.decode()


def test_the_programme_page_links_to_its_account(client, programme):
    html = client.get(programme.url).content.decode()
    assert reverse("public_programme_account", args=[PROGRAMME]) in html


def test_the_cache_serves_the_old_figures_until_the_desk_decides(client, fixture_cases, people):
    url = reverse("public_programme_account", args=[PROGRAMME])
    assert '<dd data-figure="awarded">2</dd>' in client.get(url).content.decode()
    # A change behind the desk's back (no status change) waits for the cache to expire...
    Application.objects.filter(pk=fixture_cases["company_award"].pk).update(
        awarded_amount=Decimal("900.00")
    )
    html = client.get(url).content.decode().replace("\xa0", " ")
    assert '<dd data-figure="committed">2.250,00 €</dd>' in html
    # ...a decision shows at once.
    pending = fixture_cases["coop_pending"]
    Application.objects.filter(pk=pending.pk).update(assigned_to=people.caseworker)
    pending.refresh_from_db()
    assert decision_approve(application=pending, user=people.caseworker).status == S.APPROVED
    html = client.get(url).content.decode().replace("\xa0", " ")
    assert '<dd data-figure="awarded">3</dd>' in html
    assert '<dd data-figure="committed">3.400,00 €</dd>' in html  # 1250 + 900 + 1250
    assert '<dd data-figure="pending">1</dd>' in html


def test_the_open_data(client, fixture_cases):
    url = reverse("public_programme_account", args=[PROGRAMME])
    response = client.get(url + "?format=csv")
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    value = {(row["section"], row["key"], row["measure"]): row["value"] for row in rows}
    assert value[("total", "", "committed")] == "2250.00"
    assert value[("total", "", "budget")] == "10000.00"
    assert value[("total", "", "paid")] == ""
    assert value[("total", "", "social_economy_percent")] == "55.6"
    assert value[("total", "", "median_days_to_decision")] == "10.0"
    assert value[("applications", "", "received")] == "5"
    assert value[("district", "deusto", "received")] == "3"
    assert value[("legal_form", "cooperative", "committed")] == "1250.00"
    assert value[("month", "2026-03", "committed")] == "2250.00"
    assert value[("status", "rejected", "applications")] == "1"
    data = json.loads(client.get(url + "?format=json").content)["account"]
    assert data["committed"] == "2250.00" and data["paid"] is None
    assert data["applications"]["pending"] == 2
    assert [row["key"] for row in data["by_district"]] == ["deusto", "abando"]
    plan = json.loads(client.get(reverse("public_plan_account") + "?format=json").content)
    assert [one["programme"] for one in plan["account"]["programmes"]] == [PROGRAMME]


def test_an_unpublished_or_unknown_programme_has_no_account(client, programme):
    hidden = demo_definition()
    hidden["slug"] = "not-yet-aid"
    ProgrammePageFactory(definition=hidden, publish=False)
    assert client.get(reverse("public_programme_account", args=["not-yet-aid"])).status_code == 404
    assert client.get(reverse("public_programme_account", args=["no-such-aid"])).status_code == 404
    plan = json.loads(client.get(reverse("public_plan_account") + "?format=json").content)
    assert [one["programme"] for one in plan["account"]["programmes"]] == [PROGRAMME]


def test_chart_labels_are_escaped():
    svg = bar_chart(
        chart_id="c", title="<b>t</b>", desc="d & e", data=[Datum('<script>"x"', 1, "1 €")]
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert '<title id="c-title">&lt;b&gt;t&lt;/b&gt;</title>' in svg
    assert 'role="img"' in svg and 'width="100%"' in svg and "viewBox=" in svg


def test_the_staff_figures_are_for_desk_staff_only(client, people, fixture_cases):
    url = reverse("desk:figures")
    one = reverse("desk:figures_programme", args=[PROGRAMME])
    assert client.get(url).status_code == 302  # to the admin's login
    client.force_login(people.applicant)
    assert client.get(url).status_code in (302, 403)
    assert client.get(one).status_code in (302, 403)
    client.force_login(people.editor)
    assert client.get(one).status_code in (302, 403)
    client.force_login(people.caseworker)
    html = client.get(one).content.decode().replace("\xa0", " ")
    assert '<dd data-figure="committed">2.250,00 €</dd>' in html
    assert 'data-table="status"' in html and 'data-table="legal-form"' in html
    plan = client.get(url).content.decode()
    assert one in plan
    # The desk's home links to the figures.
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()


def _cases_in_bulk(n: int, programme_slug: str = PROGRAMME):
    organisations = [
        OrganisationFactory(legal_form=form, district=district)
        for form, district in (("cooperative", "deusto"), ("association", "abando"),
                               ("limited_company", "uribarri"))
    ]  # fmt: skip
    start = timezone.now() - dt.timedelta(days=90)
    for i in range(n):
        status = (S.APPROVED, S.REJECTED, S.SUBMITTED)[i % 3]
        decided = status != S.SUBMITTED
        SubmittedApplicationFactory(
            organisation=organisations[i % 3],
            programme_slug=programme_slug,
            status=status,
            submitted_at=start + dt.timedelta(days=i * 3),
            decided_at=start + dt.timedelta(days=i * 3 + 5) if decided else None,
            awarded_amount=Decimal("100.00") if status == S.APPROVED else None,
        )


def test_the_account_costs_the_same_queries_for_3_and_30_applications(programme, desk):
    _cases_in_bulk(3)
    with CaptureQueriesContext(connection) as few:
        small = programme_account_uncached(PROGRAMME, "es")
    _cases_in_bulk(27)
    with CaptureQueriesContext(connection) as many:
        large = programme_account_uncached(PROGRAMME, "es")
    assert (small.received, large.received) == (3, 30)
    assert len(few.captured_queries) == len(many.captured_queries) <= 12, (
        len(few.captured_queries),
        len(many.captured_queries),
    )
