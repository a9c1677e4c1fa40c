"""The admin's home for desk staff: each programme's money and cases at a glance, with links
into the queues that hold them."""

from wagtail.admin.ui.components import Component

from applications import roles
from desk.selectors.dashboard import desk_dashboard
from desk.views.filters import SUBMITTED_STATUSES
from onestop.i18n import active_language, format_money


class DeskDashboardPanel(Component):
    name = "desk_dashboard"
    template_name = "desk/dashboard_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rows = desk_dashboard(user=self.request.user)
        context.update(
            {
                "programmes": [
                    (
                        row,
                        {
                            "budget": self._amount(row.budget, row.unit),
                            "committed": self._amount(row.committed, row.unit),
                            "remaining": self._amount(row.remaining, row.unit),
                        },
                        [row.by_status.get(value, 0) for value, _label in SUBMITTED_STATUSES],
                    )
                    for row in rows
                ],
                "statuses": SUBMITTED_STATUSES,
                "totals": {
                    "due_soon": sum(row.due_soon for row in rows),
                    "overdue": sum(row.overdue for row in rows),
                    "mine": sum(row.mine for row in rows),
                },
            }
        )
        return context


    @staticmethod
    def _amount(value, unit: str) -> str:
        return "—" if value is None else format_money(value, unit, active_language())


def desk_dashboard_panels(request, panels) -> None:
    if roles.is_caseworker(request.user):
        panels.append(DeskDashboardPanel(request))
