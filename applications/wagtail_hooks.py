"""Admin wiring of applications: the outbox, data protection, what if and local holidays."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

# --- the outbox: letters and emails that failed or are late, under Settings ---------------
from applications.outbox_admin import outbox_urls  # noqa: E402
from applications.selectors_outbox import may_manage_outbox  # noqa: E402


@hooks.register("register_admin_urls")
def register_outbox_urls():
    return [path("outbox/", include(outbox_urls))]


class OutboxMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_outbox(request.user)


@hooks.register("register_settings_menu_item")
def register_outbox_menu_item():
    return OutboxMenuItem(
        _("Outbox"), reverse_lazy("outbox:index"), name="outbox", icon_name="mail", order=900
    )


# --- data protection: subject-access exports and the register, for its officers -------------
from applications.privacy_admin import data_protection_urls, may_use_data_protection  # noqa: E402


@hooks.register("register_admin_urls")
def register_data_protection_urls():
    return [path("data-protection/", include(data_protection_urls))]


class DataProtectionMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_data_protection(request.user)


@hooks.register("register_admin_menu_item")
def register_data_protection_menu_item():
    return DataProtectionMenuItem(
        _("Data protection"),
        reverse_lazy("data_protection:index"),
        name="data-protection",
        icon_name="lock",
        order=170,
    )




# --- the programme page: whether the reader may apply ------------------------------------
from applications.selectors import user_apply_standing  # noqa: E402


@hooks.register("programme_page_context")
def programme_page_apply_standing(*, page, request, definition) -> dict:
    """Tell a signed-in applicant now, not at submission, that the programme's rules on
    other applications refuse theirs, with a link to the application in the way."""
    standing = user_apply_standing(
        getattr(request, "user", None), programme_slug=page.programme_slug, definition=definition
    )
    return {
        "apply_conflicts": [
            {
                "message": conflict.message(page.title),
                "application": conflict.application,
                "organisation": conflict.application.organisation.legal_name,
            }
            for conflict in standing.conflicts
        ],
        "may_apply": standing.may_apply,
    }


# --- what if: a programme page's draft against past applications --------------------------
from applications.whatif_admin import WhatIfMenuItem, whatif_urls  # noqa: E402


@hooks.register("register_admin_urls")
def register_whatif_urls():
    return [path("what-if/", include(whatif_urls))]


@hooks.register("register_page_header_buttons")
def whatif_page_header_button(page, user, next_url=None, view_name=None):
    yield WhatIfMenuItem(page=page, priority=67)


@hooks.register("register_page_listing_more_buttons")
def whatif_page_listing_button(page, user, next_url=None):
    yield WhatIfMenuItem(page=page, priority=55)


# --- the city's own non-working days, for every deadline ------------------------------------
from wagtail.admin.panels import FieldPanel  # noqa: E402
from wagtail.snippets.models import register_snippet  # noqa: E402
from wagtail.snippets.views.snippets import SnippetViewSet  # noqa: E402

from applications.models import LocalHoliday  # noqa: E402


class LocalHolidayViewSet(SnippetViewSet):
    """The city's local holidays and the days it declares non-working: every deadline in
    working days skips them, with Spain's and the Basque Country's holidays."""

    model = LocalHoliday
    icon = "date"
    menu_label = _("Local holidays")
    add_to_settings_menu = True
    list_display = ["date", "name"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["-date"]
    panels = [FieldPanel("date"), FieldPanel("name")]


register_snippet(LocalHolidayViewSet)
