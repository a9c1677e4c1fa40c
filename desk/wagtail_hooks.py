"""Admin wiring of the desk: its queues, programme settings, ranking and dashboard."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from desk.views import urls as desk_urls
from desk.views.access import is_desk_staff
from desk.views.programme_settings import programme_desk_viewset
from desk.views.queues import QUEUES


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
    items.append(
        DeskMenuItem(
            _("Proportional awards"),
            reverse_lazy("desk:prorata_index"),
            name="desk-prorata",
            order=len(items),
        )
    )
    items.append(
        DeskMenuItem(
            _("Appeals"),
            reverse_lazy("desk:appeals"),
            name="desk-appeals",
            order=len(items),
        )
    )
    items.append(
        DeskMenuItem(
            _("BDNS export"),
            reverse_lazy("desk:bdns_export"),
            name="desk-bdns",
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


# --- the staff dashboard ----------------------------------------------------------------------

from desk.views.dashboard import desk_dashboard_panels  # noqa: E402


@hooks.register("construct_homepage_panels")
def add_desk_dashboard(request, panels):
    desk_dashboard_panels(request, panels)
