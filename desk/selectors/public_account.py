"""The public account of each measure and of the whole plan: money budgeted and committed,
applications received and how they ended, who the money reaches (district, legal form, the
social economy), how long decisions take, and month by month, as the Bilbao Aurrera plan
published them.

Every figure is grouped in the database over all the published programmes at once, so an
account costs the same handful of queries for three applications as for thirty thousand.
Accounts are cached for a short while (`ONESTOP_PUBLIC_ACCOUNT_CACHE_SECONDS`) under a
version that any change of an application's status bumps (desk.signals), so that a
decision shows on the next request rather than minutes later.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Coalesce, NullIf, TruncMonth
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.constants import OPEN_STATUSES, ApplicationStatus
from applications.models import Application
from desk.models import ProgrammeDesk
from eligibility.service import SSE_LEGAL_FORMS
from onestop.i18n import text_in_language
from organisations.constants import District, LegalForm

S = ApplicationStatus
# Bumped by every change of an application's status; part of every account's cache key.
VERSION_KEY = "public-account:version"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Share:
    """One district's or legal form's part: applications received, awards and their money."""

    key: str
    label: str
    received: int = 0
    awarded: int = 0
    committed: Decimal = Decimal("0")


@dataclass(frozen=True)
class Month:
    month: dt.date  # its first day
    received: int = 0
    committed: Decimal = Decimal("0")


@dataclass(frozen=True)
class Account:
    """One programme's account (`slug` set) or the plan's (`slug` None, `programmes` its
    programmes' own accounts)."""

    slug: str | None
    title: str
    unit: str
    budget: Decimal | None
    committed: Decimal
    # No payment is recorded anywhere yet (the awards app will keep them): None says "not
    # yet recorded" rather than a misleading zero.
    paid: Decimal | None
    received: int
    awarded: int
    rejected: int
    pending: int
    withdrawn: int
    by_status: dict[str, int]
    by_district: list[Share]
    by_legal_form: list[Share]
    social_economy_committed: Decimal
    median_days: Decimal | None
    mean_days: Decimal | None
    months: list[Month]
    programmes: list[Account] = field(default_factory=list)

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed

    @property
    def social_economy_percent(self) -> Decimal | None:
        """The social economy's share of the money committed, in per cent; None before any."""
        if not self.committed:
            return None
        share = self.social_economy_committed * 100 / self.committed
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        """(status, label, count) of every status that holds applications, in the order of
        the status choices."""
        return [
            (status.value, str(status.label), self.by_status[status.value])
            for status in S
            if self.by_status.get(status.value)
        ]


def is_social_economy(legal_form: str) -> bool:
    """Whether a legal form belongs to the social economy (Ley 5/2011): the rule engine's own
    list, so that the account and the programmes' `is_sse` rules never disagree."""
    return legal_form in SSE_LEGAL_FORMS


# --- reading -------------------------------------------------------------------------------


def _published_programmes(language: str) -> list[dict]:
    """The live programmes in the CMS, each as slug, title in `language`, unit and budget
    (the desk's row, else the definition's)."""
    from cms.selectors import programme_pages_default_locale

    budgets = dict(ProgrammeDesk.objects.values_list("programme_slug", "budget"))
    programmes = []
    for page in programme_pages_default_locale().live():
        definition = page.definition or {}
        budget = budgets.get(page.programme_slug)
        if budget is None and definition.get("budget") not in (None, ""):
            budget = Decimal(str(definition["budget"]))
        programmes.append(
            {
                "slug": page.programme_slug,
                "title": text_in_language(definition.get("title"), language) or page.title,
                "unit": definition.get("unit", "EUR"),
                "budget": budget,
            }
        )
    return programmes


def _district_label(key: str) -> str:
    return str(District(key).label) if key in District.values else _("District not stated")


def _legal_form_label(key: str) -> str:
    return str(LegalForm(key).label) if key in LegalForm.values else key


class _Tally:
    """The grouped rows of every query, by programme; summed over programmes for the plan."""

    def __init__(self, slugs: list[str]):
        received = Application.objects.filter(programme_slug__in=slugs).exclude(status=S.DRAFT)
        awards = Application.objects.awarded().filter(programme_slug__in=slugs)
        # An application for one establishment is counted in the establishment's district.
        district = Coalesce(NullIf("establishment__district", Value("")), "organisation__district")

        self.status = defaultdict(dict)
        for row in received.values("programme_slug", "status").annotate(n=Count("pk")).order_by():
            self.status[row["programme_slug"]][row["status"]] = row["n"]

        self.awards = {
            row["programme_slug"]: (row["n"], row["money"] or Decimal("0"))
            for row in awards.values("programme_slug")
            .annotate(n=Count("pk"), money=Sum("awarded_amount"))
            .order_by()
        }

        self.shares = {}
        for name, expression in (
            ("district", district),
            ("legal_form", F("organisation__legal_form")),
        ):
            grouped = defaultdict(lambda: defaultdict(lambda: [0, 0, Decimal("0")]))
            for row in (
                received.annotate(group=expression)
                .values("programme_slug", "group")
                .annotate(n=Count("pk"))
                .order_by()
            ):
                grouped[row["programme_slug"]][row["group"] or ""][0] += row["n"]
            for row in (
                awards.annotate(group=expression)
                .values("programme_slug", "group")
                .annotate(n=Count("pk"), money=Sum("awarded_amount"))
                .order_by()
            ):
                cell = grouped[row["programme_slug"]][row["group"] or ""]
                cell[1] += row["n"]
                cell[2] += row["money"] or Decimal("0")
            self.shares[name] = grouped

        # The median is not an aggregate both SQLite and PostgreSQL have: one column of one
        # query, read whole, gives both the median and the mean.
        self.durations = defaultdict(list)
        for slug, submitted_at, decided_at in (
            received.filter(decided_at__isnull=False, submitted_at__isnull=False)
            .values_list("programme_slug", "submitted_at", "decided_at")
            .order_by()
        ):
            self.durations[slug].append((decided_at - submitted_at).total_seconds() / 86400)

        self.months = defaultdict(lambda: defaultdict(lambda: [0, Decimal("0")]))
        for row in (
            received.filter(submitted_at__isnull=False)
            .annotate(month=TruncMonth("submitted_at"))
            .values("programme_slug", "month")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            self.months[row["programme_slug"]][_first_day(row["month"])][0] += row["n"]
        for row in (
            awards.filter(decided_at__isnull=False)
            .annotate(month=TruncMonth("decided_at"))
            .values("programme_slug", "month")
            .annotate(money=Sum("awarded_amount"))
            .order_by()
        ):
            self.months[row["programme_slug"]][_first_day(row["month"])][1] += row[
                "money"
            ] or Decimal("0")


def _first_day(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)


def _days(values: list[float], how) -> Decimal | None:
    if not values:
        return None
    return Decimal(str(how(values))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _shares(cells: dict, label) -> list[Share]:
    rows = [
        Share(key=key, label=label(key), received=n, awarded=awarded, committed=money)
        for key, (n, awarded, money) in cells.items()
    ]
    return sorted(rows, key=lambda row: (-row.committed, -row.received, row.label))


def _account(tally: _Tally, slugs: list[str], *, slug, title, unit, budget, programmes=()):
    """The account of `slugs` summed together from the tally."""
    by_status: dict[str, int] = defaultdict(int)
    awarded, committed = 0, Decimal("0")
    shares = {name: defaultdict(lambda: [0, 0, Decimal("0")]) for name in tally.shares}
    months = defaultdict(lambda: [0, Decimal("0")])
    durations: list[float] = []
    for one in slugs:
        for status, n in tally.status.get(one, {}).items():
            by_status[status] += n
        n, money = tally.awards.get(one, (0, Decimal("0")))
        awarded, committed = awarded + n, committed + money
        for name, grouped in tally.shares.items():
            for key, cell in grouped.get(one, {}).items():
                total = shares[name][key]
                total[0], total[1], total[2] = (
                    total[0] + cell[0],
                    total[1] + cell[1],
                    total[2] + cell[2],
                )
        for month, (n, money) in tally.months.get(one, {}).items():
            months[month][0] += n
            months[month][1] += money
        durations.extend(tally.durations.get(one, ()))
    by_legal_form = _shares(shares["legal_form"], _legal_form_label)
    return Account(
        slug=slug,
        title=title,
        unit=unit,
        budget=budget,
        committed=committed,
        paid=None,
        received=sum(by_status.values()),
        awarded=awarded,
        rejected=by_status.get(S.REJECTED, 0),
        pending=sum(by_status.get(status, 0) for status in OPEN_STATUSES),
        withdrawn=by_status.get(S.WITHDRAWN, 0),
        by_status=dict(by_status),
        by_district=_shares(shares["district"], _district_label),
        by_legal_form=by_legal_form,
        social_economy_committed=sum(
            (row.committed for row in by_legal_form if is_social_economy(row.key)), Decimal("0")
        ),
        median_days=_days(durations, statistics.median),
        mean_days=_days(durations, statistics.fmean),
        months=[
            Month(month=m, received=n, committed=money) for m, (n, money) in sorted(months.items())
        ],
        programmes=list(programmes),
    )


def _accounts(
    language: str, *, only: str | None = None
) -> tuple[list[dict], list[Account], _Tally]:
    programmes = _published_programmes(language)
    if only is not None:
        programmes = [programme for programme in programmes if programme["slug"] == only]
        if not programmes:
            raise Http404("no published programme by that slug")
    tally = _Tally([programme["slug"] for programme in programmes])
    accounts = [_account(tally, [programme["slug"]], **programme) for programme in programmes]
    return programmes, accounts, tally


def programme_account_uncached(slug: str, language: str) -> Account:
    with translation.override(language):
        return _accounts(language, only=slug)[1][0]


def plan_account_uncached(language: str) -> Account:
    """The plan: every published programme summed. Money is summed over the programmes in
    euros only (an hour of consultancy is not a euro); each programme's own account, in its
    own unit, is in `programmes`."""
    with translation.override(language):
        programmes, accounts, tally = _accounts(language)
        in_euros = [programme for programme in programmes if programme["unit"] == "EUR"]
        budgets = [programme["budget"] for programme in in_euros]
        plan = _account(
            tally,
            [programme["slug"] for programme in in_euros],
            slug=None,
            title=_("The whole plan"),
            unit="EUR",
            budget=None if None in budgets else sum(budgets, Decimal("0")),
            programmes=sorted(accounts, key=lambda account: account.title.lower()),
        )
        # Applications are counted in every programme, whatever its unit.
        everyone = _account(
            tally, [programme["slug"] for programme in programmes], slug=None, title="",
            unit="EUR", budget=None,
        )  # fmt: skip
        return _with_counts_of(plan, everyone)


def _with_counts_of(plan: Account, everyone: Account) -> Account:
    from dataclasses import replace

    return replace(
        plan,
        received=everyone.received,
        awarded=everyone.awarded,
        rejected=everyone.rejected,
        pending=everyone.pending,
        withdrawn=everyone.withdrawn,
        by_status=everyone.by_status,
        median_days=everyone.median_days,
        mean_days=everyone.mean_days,
    )


# --- the cache -----------------------------------------------------------------------------


def account_version() -> int:
    return cache.get(VERSION_KEY, 0)


def _cached(key: str, build):
    key = f"public-account:{account_version()}:{key}"
    account = cache.get(key)
    if account is None:
        account = build()
        cache.set(key, account, timeout=settings.ONESTOP_PUBLIC_ACCOUNT_CACHE_SECONDS)
    return account


def programme_account(slug: str, language: str) -> Account:
    """A published programme's account, from the cache when fresh; 404 for an unknown or
    unpublished programme."""
    return _cached(
        f"programme:{slug}:{language}", lambda: programme_account_uncached(slug, language)
    )


def plan_account(language: str) -> Account:
    return _cached(f"plan:{language}", lambda: plan_account_uncached(language))


# --- open data -----------------------------------------------------------------------------


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


def account_data(account: Account) -> dict:
    """The account as plain data (the JSON download, and the CSV's rows)."""
    data = {
        "programme": account.slug,
        "title": account.title,
        "unit": account.unit,
        "budget": _amount(account.budget),
        "committed": _amount(account.committed),
        "paid": _amount(account.paid) or None,
        "applications": {
            "received": account.received,
            "awarded": account.awarded,
            "rejected": account.rejected,
            "pending": account.pending,
            "withdrawn": account.withdrawn,
            "by_status": account.by_status,
        },
        "social_economy_committed": _amount(account.social_economy_committed),
        "social_economy_percent": (
            None if account.social_economy_percent is None else str(account.social_economy_percent)
        ),
        "median_days_to_decision": None
        if account.median_days is None
        else str(account.median_days),
        "mean_days_to_decision": None if account.mean_days is None else str(account.mean_days),
        "by_district": [_share_data(row) for row in account.by_district],
        "by_legal_form": [_share_data(row) for row in account.by_legal_form],
        "months": [
            {
                "month": month.month.strftime("%Y-%m"),
                "received": month.received,
                "committed": _amount(month.committed),
            }
            for month in account.months
        ],
    }
    if account.programmes:
        data["programmes"] = [account_data(programme) for programme in account.programmes]
    return data


def _share_data(row: Share) -> dict:
    return {
        "key": row.key,
        "label": row.label,
        "received": row.received,
        "awarded": row.awarded,
        "committed": _amount(row.committed),
    }


def account_csv(account: Account) -> str:
    """The account as CSV in long form, one figure a row: section, key, label, measure,
    value. Easy to filter in a spreadsheet and stable as sections grow."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["programme", "section", "key", "label", "measure", "value"])
    for one in [account, *account.programmes]:
        programme = one.slug or "plan"
        data = account_data(one)
        for measure in ("budget", "committed", "paid", "social_economy_committed",
                        "social_economy_percent", "median_days_to_decision",
                        "mean_days_to_decision"):  # fmt: skip
            value = data[measure]
            writer.writerow(
                [programme, "total", "", one.title, measure, "" if value is None else value]
            )
        for measure, value in data["applications"].items():
            if measure != "by_status":
                writer.writerow([programme, "applications", "", one.title, measure, value])
        for status, label, n in one.status_rows:
            writer.writerow([programme, "status", status, label, "applications", n])
        for section in ("by_district", "by_legal_form"):
            for row in data[section]:
                for measure in ("received", "awarded", "committed"):
                    writer.writerow(
                        [
                            programme,
                            section.removeprefix("by_"),
                            row["key"],
                            row["label"],
                            measure,
                            row[measure],
                        ]
                    )
        for month in data["months"]:
            for measure in ("received", "committed"):
                writer.writerow([programme, "month", month["month"], "", measure, month[measure]])
    return out.getvalue()
