"""The desk's settings per programme (service-level target, four-eyes threshold, whether a
caseworker may award a manual amount above the rules' result and up to what), which
senior caseworkers and administrators may change; budgets and committed money are shown, not
edited here, since money moves only through the desk's services."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from applications import roles
from desk.models import ProgrammeDesk
from desk.services.sla import sla_deadlines_refresh


class SeniorDeskPolicy(BasePermissionPolicy):
    """Seniors and superusers see and change the rows; nobody adds or deletes them here
    (a programme's row is made by the desk when its first case needs it)."""

    def user_has_permission(self, user, action):
        if action not in ("view", "change"):
            return False
        return bool(user.is_active and (user.is_superuser or roles.is_senior_caseworker(user)))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        if not set(actions) & {"view", "change"}:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name=roles.SENIOR_CASEWORKERS))
            .distinct()
        )

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class ProgrammeDeskEditView(EditView):
    def save_instance(self):
        # A new service-level target moves the deadlines of the programme's open cases.
        with transaction.atomic():
            desk = super().save_instance()
            sla_deadlines_refresh(desk=desk, previous_sla_days=self.form.initial["sla_days"])
        return desk


class ProgrammeDeskViewSet(ModelViewSet):
    model = ProgrammeDesk
    edit_view_class = ProgrammeDeskEditView
    icon = "cog"
    menu_label = _("Programme desk settings")
    add_to_admin_menu = False
    url_prefix = "desk-programmes"
    name = "desk_programmes"
    list_display = ["programme_slug", "budget", "committed", "sla_days", "four_eyes_threshold"]
    form_fields = [
        "sla_days",
        "four_eyes_threshold",
        "manual_amount_allowed",
        "manual_amount_maximum",
    ]
    inspect_view_enabled = False
    copy_view_enabled = False


register_permission_policy(ProgrammeDesk, SeniorDeskPolicy(ProgrammeDesk))
programme_desk_viewset = ProgrammeDeskViewSet()
