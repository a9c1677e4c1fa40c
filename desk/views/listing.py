"""The queue listings: one page per queue, with filters, search, sorting and export."""

from collections import OrderedDict

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.ui.tables import BaseColumn, Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.coreutils import multigetattr

from applications.constants import ApplicationStatus
from applications.models import Application
from desk.selectors import QUEUES, count_capped, desk_queue, desk_queue_key
from desk.selectors.keyset import keyset_page
from desk.services.amounts import amount_shown, unit_name
from desk.views.access import DeskAccessMixin
from desk.views.exports import FormulaSafeExportMixin, LocalSpreadsheetExportMixin
from desk.views.filters import DeskFilterSet, programme_titles, programme_units
from desk.views.queues import TAKE_NEXT_QUEUES, queue_tabs
from organisations.constants import District, LegalForm


class DeadlineColumn(Column):
    """A date to meet, shown as the date: Wagtail's DateColumn says how long ago a date
    was, and shows every date still to come as "just now"."""

    cell_template_name = "desk/tables/deadline_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["now"] = timezone.now()
        return context


class SelectColumn(BaseColumn):
    """A checkbox per row that belongs to the bulk-approve form outside the table."""

    cell_template_name = "desk/includes/select_cell.html"

    def __init__(self, name="select", **kwargs):
        super().__init__(name, label=gettext_lazy("Select"), **kwargs)


def case_url(application: Application) -> str:
    return reverse("desk:case", args=[application.pk])


# The filtered or searched rows are counted no further (the queue tabs go to COUNT_CAP).
MATCHES_COUNT_CAP = 1_000

# What neither a row nor the export shows, and can be large (a whole programme definition).
LISTING_DEFERRED = ("programme_definition", "submitted_answers", "answers", "progress")


class LocalDateTimeColumn(Column):
    """A moment shown as the local date and time ("02/12/2026 19:48"): Wagtail's DateColumn
    says only how long ago it was."""

    cell_template_name = "desk/tables/datetime_cell.html"


def person_name(user) -> str:
    """Who did something, as colleagues know them: the name, the username only when the
    account has no name."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class QueueIndexView(
    DeskAccessMixin, LocalSpreadsheetExportMixin, FormulaSafeExportMixin, IndexView
):
    model = Application
    template_name = "desk/queue.html"
    results_template_name = "desk/queue_results.html"
    filterset_class = DeskFilterSet
    # Searching is the selector's (reference, organisation name, tax id); this turns it on.
    search_fields = ["reference"]
    search_backend_name = None
    default_ordering = None
    paginate_by = 50
    header_icon = "tasks"
    export_filename = "desk-applications"
    list_export = [
        "reference",
        "organisation.legal_name",
        "organisation.tax_id",
        "organisation.legal_form",
        "organisation.district",
        "programme_slug",
        "status",
        "computed_amount",
        "proposed_amount",
        "unit",
        "submitted_at",
        "sla_due_at",
        "assigned_to",
        "decided_at",
        "awarded_amount",
        "decided_by",
    ]
    export_column_widths = {
        "reference": 18,
        "organisation.legal_name": 40,
        "organisation.tax_id": 12,
        "organisation.legal_form": 24,
        "organisation.district": 18,
        "programme_slug": 40,
        "status": 22,
        "computed_amount": 14,
        "proposed_amount": 14,
        "unit": 10,
        "submitted_at": 17,
        "sla_due_at": 17,
        "assigned_to": 24,
        "decided_at": 17,
        "awarded_amount": 14,
        "decided_by": 24,
    }
    export_headings = {
        "reference": gettext_lazy("Reference"),
        "organisation.legal_name": gettext_lazy("Organisation"),
        "organisation.tax_id": gettext_lazy("Tax id"),
        "organisation.legal_form": gettext_lazy("Legal form"),
        "organisation.district": gettext_lazy("District"),
        "programme_slug": gettext_lazy("Programme"),
        "status": gettext_lazy("Status"),
        # Amounts are numbers in their programme's unit, named in the "Unit" column: one
        # export may hold euros, hours and vouchers.
        "computed_amount": gettext_lazy("Rules' amount"),
        "proposed_amount": gettext_lazy("Proposed amount"),
        "unit": gettext_lazy("Unit"),
        "submitted_at": gettext_lazy("Submitted"),
        "sla_due_at": gettext_lazy("Decide by"),
        "assigned_to": gettext_lazy("Assigned to"),
        "decided_at": gettext_lazy("Decided"),
        "awarded_amount": gettext_lazy("Awarded amount"),
        "decided_by": gettext_lazy("Decided by"),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.queue = kwargs["queue"]
        if self.queue not in QUEUES:
            raise Http404

    def get(self, request, *args, **kwargs):
        if self.is_export:
            # Straight to the spreadsheet, streamed: the listing's context would count the
            # rows and hold every one of them in memory first.
            return self.as_spreadsheet(self.get_queryset(), request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Desk: %(queue)s") % {"queue": QUEUES[self.queue]}

    def get_index_url(self):
        return reverse("desk:queue", args=[self.queue])

    def get_index_results_url(self):
        return reverse("desk:queue_results", args=[self.queue])

    def get_queryset(self) -> QuerySet[Application]:
        # The selector filters, searches and orders; the filterset only parses the form.
        filters = {}
        if self.filters and self.filters.is_valid():
            filters = {
                name: value
                for name, value in self.filters.form.cleaned_data.items()
                if value not in (None, "")
            }
        return desk_queue(
            user=self.request.user,
            queue=self.queue,
            filters=filters,
            search=self.search_query,
            order=self.ordering or "",
        ).defer(*LISTING_DEFERRED)

    @cached_property
    def labels(self) -> dict[str, dict[str, str]]:
        # Translated once per request: get_FOO_display translates every choice on every call,
        # which dominates an export of thousands of rows.
        return {
            "status": {value: str(label) for value, label in ApplicationStatus.choices},
            "district": {value: str(label) for value, label in District.choices},
            "legal_form": {value: str(label) for value, label in LegalForm.choices},
        }

    def status_label(self, application: Application) -> str:
        return self.labels["status"].get(application.status, application.status)

    def district_label(self, application: Application) -> str:
        district = application.organisation.district
        return self.labels["district"].get(district, district)

    @cached_property
    def programme_titles(self) -> dict[str, str]:
        return programme_titles()

    def programme_title(self, application: Application) -> str:
        return self.programme_titles.get(application.programme_slug, application.programme_slug)

    @cached_property
    def programme_units(self) -> dict[str, str]:
        return programme_units()

    def unit(self, application: Application) -> str:
        # The definitions are deferred in listings: the programme's page of record says it.
        return self.programme_units.get(application.programme_slug, "EUR")

    def amount_label(self, application: Application) -> str:
        """What an approval would award, in the programme's unit; a proposal that differs
        from the rules' result shows both, so the approver sees what was changed."""
        unit = self.unit(application)
        amount = amount_shown(application.decision_amount, unit)
        if (
            application.proposed_amount is not None
            and application.proposed_amount != application.computed_amount
        ):
            return _("%(amount)s (rules: %(computed)s)") % {
                "amount": amount,
                "computed": amount_shown(application.computed_amount, unit),
            }
        return amount

    @cached_property
    def columns(self):
        return [
            SelectColumn(),
            TitleColumn(
                "reference",
                label=gettext_lazy("Reference"),
                get_url=case_url,
                sort_key="reference",
            ),
            Column(
                "organisation",
                label=gettext_lazy("Organisation"),
                accessor="organisation.legal_name",
                sort_key="organisation",
            ),
            Column(
                "programme",
                label=gettext_lazy("Programme"),
                accessor=self.programme_title,
                sort_key="programme",
            ),
            Column(
                "status",
                label=gettext_lazy("Status"),
                accessor=self.status_label,
                sort_key="status",
            ),
            Column(
                "district",
                label=gettext_lazy("District"),
                accessor=self.district_label,
            ),
            Column(
                "amount",
                label=gettext_lazy("Amount"),
                accessor=self.amount_label,
                sort_key="amount",
            ),
            LocalDateTimeColumn(
                "submitted_at", label=gettext_lazy("Submitted"), sort_key="submitted_at"
            ),
            DeadlineColumn("sla_due_at", label=gettext_lazy("Decide by"), sort_key="sla_due_at"),
            Column(
                "assigned_to",
                label=gettext_lazy("Assigned to"),
                accessor=lambda application: application.assigned_to or "—",
            ),
        ]

    def to_row_dict(self, item):
        row = OrderedDict(
            (name, unit_name(self.unit(item)) if name == "unit" else multigetattr(item, name))
            for name in self.list_export
        )
        row["programme_slug"] = self.programme_title(item)
        row["status"] = self.status_label(item)
        row["organisation.district"] = self.district_label(item)
        legal_form = item.organisation.legal_form
        row["organisation.legal_form"] = self.labels["legal_form"].get(legal_form, legal_form)
        row["assigned_to"] = str(item.assigned_to) if item.assigned_to else ""
        row["decided_by"] = person_name(item.decided_by)
        return row

    # The cursors of keyset pagination (desk.selectors.keyset) in the query string.
    after_kwarg = "after"
    before_kwarg = "before"
    keyset = None

    def paginate_queryset(self, queryset, page_size):
        # A numbered page (?p=, a link kept from before) still works, and counts the queue to
        # number its pages; the desk's own links page by cursor, which reads one page
        # whatever the size of the queue, and never skips or repeats a row on the way.
        if self.page_kwarg in self.request.GET:
            return super().paginate_queryset(queryset, page_size)
        columns, descending = desk_queue_key(queue=self.queue, order=self.ordering or "")
        self.keyset = keyset_page(
            queryset,
            columns=columns,
            descending=descending,
            size=page_size,
            after=self.request.GET.get(self.after_kwarg, ""),
            before=self.request.GET.get(self.before_kwarg, ""),
        )
        return None, None, self.keyset.rows, False

    def _cursor_url(self, name: str, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        query = self.request.GET.copy()
        for kwarg in (self.page_kwarg, self.after_kwarg, self.before_kwarg):
            query.pop(kwarg, None)
        query[name] = cursor
        return f"{self.index_url}?{query.urlencode()}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if self.keyset is not None:
            context["next_url"] = self._cursor_url(self.after_kwarg, self.keyset.next_cursor)
            context["previous_url"] = self._cursor_url(
                self.before_kwarg, self.keyset.previous_cursor
            )
            if self.is_searching or self.is_filtering:
                # "There are N matches", counted no further than the cap: a filter that no
                # index answers (a district, a legal form) reads about cap / share rows,
                # whatever the size of the queue, instead of all of it.
                context["items_count"] = count_capped(self.object_list, MATCHES_COUNT_CAP)
                context["items_count_cap"] = MATCHES_COUNT_CAP
        context["queue"] = self.queue
        context["queue_label"] = QUEUES[self.queue]
        if not self.results_only:
            context["queue_tabs"] = queue_tabs(user=self.request.user, current=self.queue)
        context["can_take_next"] = self.queue in TAKE_NEXT_QUEUES
        context["export_csv_url"] = self._export_url("csv")
        context["export_xlsx_url"] = self._export_url("xlsx")
        return context

    def _export_url(self, export_format: str) -> str:
        query = self.request.GET.copy()
        for kwarg in (self.page_kwarg, self.after_kwarg, self.before_kwarg):
            query.pop(kwarg, None)
        query["export"] = export_format
        return f"{self.index_url}?{query.urlencode()}"


class TakeNextView(DeskAccessMixin, View):
    """Claim the oldest unclaimed case of a queue and open it."""

    http_method_names = ["post"]

    def post(self, request, queue: str):
        from desk.services import case_take_next

        if queue not in TAKE_NEXT_QUEUES:
            raise Http404
        programme_slug = request.POST.get("programme") or None
        application = case_take_next(user=request.user, queue=queue, programme_slug=programme_slug)
        if application is None:
            messages.info(request, _("There is no unclaimed case left in this queue."))
            return redirect("desk:queue", queue)
        return redirect("desk:case", application.pk)
