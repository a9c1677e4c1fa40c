"""Admin wiring of the applications app: the caseworker desk in the Wagtail admin."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from applications.desk_admin import urls as desk_urls
from applications.desk_admin.access import is_desk_staff
from applications.desk_admin.programme_settings import programme_desk_viewset
from applications.desk_admin.queues import QUEUES


@hooks.register("register_admin_urls")
def register_desk_urls():
    # Wagtail wraps these in its admin-access check; the views add the desk roles' check.
    return [path("desk/", include((desk_urls.urlpatterns, "desk"), namespace="desk"))]


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return is_desk_staff(request)


class DeskSubmenuMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return is_desk_staff(request)


class ProgrammeSettingsMenuItem(MenuItem):
    def is_shown(self, request):
        return programme_desk_viewset.permission_policy.user_has_permission(request.user, "change")


@hooks.register("register_admin_viewset")
def register_programme_desk_viewset():
    return programme_desk_viewset


def desk_menu_items():
    items = [
        DeskMenuItem(
            label, reverse_lazy("desk:queue", args=[name]), name=f"desk-{name}", order=index
        )
        for index, (name, label) in enumerate(QUEUES.items())
    ]
    items.append(
        ProgrammeSettingsMenuItem(
            _("Programme settings"),
            reverse_lazy("desk_programmes:index"),
            name="desk-programmes",
            order=len(items) + 1,
        )
    )
    items.append(
        DeskMenuItem(
            _("Competitive ranking"),
            reverse_lazy("desk:ranking_index"),
            name="desk-ranking",
            order=len(items),
        )
    )
    return items


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return DeskSubmenuMenuItem(
        _("Desk"),
        Menu(construct_hook_name=None, register_hook_name=None, items=desk_menu_items()),
        name="desk",
        icon_name="tasks",
        order=150,
    )


# --- letters: the letter templates snippet, and the batch of missing letters ---------------
from wagtail.snippets.models import register_snippet  # noqa: E402

from applications.letters_admin import (  # noqa: E402
    letter_batch_urls,
    letter_template_viewset,
    may_run_batches,
)

register_snippet(letter_template_viewset)


@hooks.register("register_admin_urls")
def register_letter_batch_urls():
    return [path("letters/", include(letter_batch_urls))]


class LetterBatchMenuItem(MenuItem):
    def is_shown(self, request):
        return may_run_batches(request.user)


@hooks.register("register_admin_menu_item")
def register_letter_batch_menu_item():
    return LetterBatchMenuItem(
        _("Decision letters"),
        reverse_lazy("letter_batches:index"),
        name="letter-batches",
        icon_name="doc-full",
        order=160,
    )


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


# --- the staff dashboard ----------------------------------------------------------------------

from applications.desk_admin.dashboard import desk_dashboard_panels  # noqa: E402


@hooks.register("construct_homepage_panels")
def add_desk_dashboard(request, panels):
    desk_dashboard_panels(request, panels)
