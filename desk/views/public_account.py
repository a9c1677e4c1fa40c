"""The public account of each measure and of the whole plan (as a page with charts and
tables, CSV and JSON), and the same figures for desk staff, fresh and in more detail."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from desk.charts import Datum, bar_chart, column_chart
from desk.selectors.public_account import (
    account_csv,
    account_data,
    plan_account,
    plan_account_uncached,
    programme_account,
    programme_account_uncached,
)
from desk.views.access import DeskAccessMixin
from onestop.i18n import active_language, format_money, format_number


def _open_data(request, account, name: str):
    """The CSV or JSON download the request asks for (`?format=`), else None."""
    wanted = request.GET.get("format")
    if wanted == "csv":
        response = HttpResponse(account_csv(account), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if wanted == "json":
        return HttpResponse(
            json.dumps({"account": account_data(account)}, ensure_ascii=False),
            content_type="application/json",
        )
    return None


def account_context(account, language: str, *, chart_prefix: str = "account") -> dict:
    """What the account's templates show: the figures written in `language`, the charts
    and the rows of their tables."""

    def money(value):
        return None if value is None else format_money(value, account.unit, language)

    def days(value):
        return None if value is None else format_number(value, language, places=1)

    def share_rows(shares):
        return [
            {
                "label": row.label,
                "received": row.received,
                "awarded": row.awarded,
                "committed": money(row.committed),
            }
            for row in shares
        ]

    with translation.override(language):
        months = [
            {
                "label": formats.date_format(month.month, "YEAR_MONTH_FORMAT"),
                "short": month.month.strftime("%m/%y"),
                "received": month.received,
                "committed": money(month.committed),
                "month": month,
            }
            for month in account.months
        ]
        statuses = account.status_rows
        charts = {
            "district": bar_chart(
                chart_id=f"{chart_prefix}-district",
                title=_("Money committed by district"),
                desc=_("One bar per district, as long as the money awarded there."),
                data=[
                    Datum(row.label, float(row.committed), money(row.committed))
                    for row in account.by_district
                ],
            ),
            "legal_form": bar_chart(
                chart_id=f"{chart_prefix}-legal-form",
                title=_("Money committed by legal form"),
                desc=_("One bar per legal form, as long as the money awarded to it."),
                data=[
                    Datum(row.label, float(row.committed), money(row.committed))
                    for row in account.by_legal_form
                ],
            ),
            "status": bar_chart(
                chart_id=f"{chart_prefix}-status",
                title=_("Applications by status"),
                desc=_("One bar per status, as long as the number of applications in it."),
                data=[Datum(label, n, str(n)) for _status, label, n in statuses],
            ),
            "received": column_chart(
                chart_id=f"{chart_prefix}-received",
                title=_("Applications received each month"),
                desc=_("One column per month, as tall as the applications received in it."),
                data=[Datum(row["short"], row["received"], str(row["received"])) for row in months],
            ),
            "committed": column_chart(
                chart_id=f"{chart_prefix}-committed",
                title=_("Money committed each month"),
                desc=_("One column per month, as tall as the money awarded in it."),
                data=[
                    Datum(row["short"], float(row["month"].committed), row["committed"])
                    for row in months
                ],
            ),
        }
    return {
        "account": account,
        "money": {
            "budget": money(account.budget),
            "committed": money(account.committed),
            "remaining": money(account.remaining),
            "paid": money(account.paid),
            "social_economy": money(account.social_economy_committed),
        },
        "social_economy_percent": (
            None
            if account.social_economy_percent is None
            else format_number(account.social_economy_percent, language, places=1)
        ),
        "median_days": days(account.median_days),
        "mean_days": days(account.mean_days),
        "by_district": share_rows(account.by_district),
        "by_legal_form": share_rows(account.by_legal_form),
        "statuses": statuses,
        "months": months,
        "charts": charts,
    }


def _programme_rows(account, language: str) -> list[dict]:
    return [
        {
            "account": programme,
            "url": reverse("public_programme_account", args=[programme.slug]),
            "budget": "—"
            if programme.budget is None
            else format_money(programme.budget, programme.unit, language),
            "committed": format_money(programme.committed, programme.unit, language),
        }
        for programme in account.programmes
    ]


@cache_control(public=True, max_age=300)
def public_plan_account(request):
    """The whole plan's account: every published programme summed, and each one's line."""
    language = active_language()
    account = plan_account(language)
    download = _open_data(request, account, "account")
    if download is not None:
        return download
    context = account_context(account, language)
    context["programme_rows"] = _programme_rows(account, language)
    return render(request, "desk/public/account.html", context)


@cache_control(public=True, max_age=300)
def public_programme_account(request, slug: str):
    """One published programme's account; 404 for any other slug."""
    language = active_language()
    account = programme_account(slug, language)
    download = _open_data(request, account, f"account-{slug}")
    if download is not None:
        return download
    context = account_context(account, language)
    context["plan_url"] = reverse("public_plan_account")
    return render(request, "desk/public/account.html", context)


class StaffFiguresView(DeskAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """Desk -> Figures: the public account's figures read fresh from the database (not the
    cache), per programme, with every status."""

    template_name = "desk/figures.html"
    header_icon = "table"

    def get_page_title(self):
        return _("Figures")

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        language = active_language()
        slug = self.kwargs.get("slug")
        if slug:
            account = programme_account_uncached(slug, language)
            programme_rows = []
        else:
            account = plan_account_uncached(language)
            programme_rows = [
                {**row, "url": reverse("desk:figures_programme", args=[row["account"].slug])}
                for row in _programme_rows(account, language)
            ]
        return super().get_context_data(
            **account_context(account, language, chart_prefix="figures"),
            programme_rows=programme_rows,
            public_url=(
                reverse("public_programme_account", args=[slug])
                if slug
                else reverse("public_plan_account")
            ),
            **kwargs,
        )
