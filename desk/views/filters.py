"""The queue listings' filters: programme, status, district, legal form, amount, date."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from applications.constants import ApplicationStatus
from applications.models import Application
from organisations.constants import District, LegalForm


def programme_choices() -> list[tuple[str, str]]:
    from cms.selectors import programme_pages_default_locale

    return [(page.programme_slug, page.title) for page in programme_pages_default_locale()]


def programme_titles() -> dict[str, str]:
    return dict(programme_choices())


def programme_units() -> dict[str, str]:
    """Each programme's unit of award ("EUR", "hours", "vouchers", "percent")."""
    from cms.selectors import programme_pages_default_locale

    return {
        page.programme_slug: (page.definition or {}).get("unit") or "EUR"
        for page in programme_pages_default_locale()
    }


SUBMITTED_STATUSES = [
    (value, label) for value, label in ApplicationStatus.choices if value != ApplicationStatus.DRAFT
]


class DeskFilterSet(WagtailFilterSet):
    programme = django_filters.ChoiceFilter(
        label=_("Programme"), field_name="programme_slug", choices=programme_choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SUBMITTED_STATUSES)
    district = django_filters.ChoiceFilter(
        label=_("District"), field_name="organisation__district", choices=District.choices
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), field_name="organisation__legal_form", choices=LegalForm.choices
    )
    amount_min = django_filters.NumberFilter(
        label=_("Amount from (EUR)"), field_name="computed_amount", lookup_expr="gte"
    )
    amount_max = django_filters.NumberFilter(
        label=_("Amount up to (EUR)"), field_name="computed_amount", lookup_expr="lte"
    )
    submitted_from = django_filters.DateFilter(
        label=_("Submitted from"),
        field_name="submitted_at",
        lookup_expr="date__gte",
        widget=AdminDateInput,
    )
    submitted_to = django_filters.DateFilter(
        label=_("Submitted up to"),
        field_name="submitted_at",
        lookup_expr="date__lte",
        widget=AdminDateInput,
    )

    class Meta:
        model = Application
        fields = []
