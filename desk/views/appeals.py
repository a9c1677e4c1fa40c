"""The desk's appeals: a queue of their own, and the page where a senior resolves one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from applications import roles
from applications.models import AppealStatus
from applications.services.deadlines import months_after
from desk.selectors.appeals import appeal_for_desk, appeal_programmes, appeals_list
from desk.services.amounts import amount_shown, application_unit
from desk.services.appeals import appeal_resolve
from desk.services.errors import DeskError
from desk.views.access import DeskAccessMixin


class AppealResolutionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Resolution"),
        choices=[
            (AppealStatus.UPHELD, gettext_lazy("Uphold: correct the decision")),
            (AppealStatus.DISMISSED, gettext_lazy("Dismiss: the decision stands")),
        ],
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(
        label=gettext_lazy("Reasons, for the applicant"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )
    amount = forms.DecimalField(
        label=gettext_lazy("Amount of the corrected decision (euros)"),
        required=False,
        min_value=0,
        decimal_places=2,
        help_text=gettext_lazy(
            "Upholding an appeal against an award: the corrected amount. Against a rejection "
            "or revocation: leave empty for the amount the rules computed (or the one revoked)."
        ),
    )


class AppealListView(DeskAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "desk/appeals.html"
    header_icon = "help"

    def get_page_title(self):
        return _("Appeals")

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", AppealStatus.LODGED)
        programme = self.request.GET.get("programme") or None
        order = self.request.GET.get("order", "oldest")
        appeals = list(
            appeals_list(
                status=status if status != "all" else None, programme_slug=programme, order=order
            )[:500]
        )
        for appeal in appeals:
            # A month to resolve; after it the silence counts as dismissal (art. 124.2).
            appeal.resolve_by = months_after(timezone.localdate(appeal.lodged_at), 1)
        return super().get_context_data(
            appeals=appeals,
            statuses=[("all", _("All"))] + list(AppealStatus.choices),
            status=status,
            programmes=appeal_programmes(),
            programme=programme or "",
            order=order,
            orders=[
                ("oldest", _("Oldest first")),
                ("newest", _("Newest first")),
                ("programme", _("By programme")),
            ],
            **kwargs,
        )


class AppealView(DeskAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "desk/appeal.html"
    header_icon = "help"

    def get_page_title(self):
        return _("Appeal")

    def get_breadcrumbs_items(self):
        return []

    def appeal(self):
        if not hasattr(self, "_appeal"):
            self._appeal = appeal_for_desk(self.kwargs["pk"])
        return self._appeal

    def post(self, request, *args, **kwargs):
        if not roles.is_senior_caseworker(request.user):
            raise PermissionDenied
        appeal = self.appeal()
        form = AppealResolutionForm(request.POST)
        if form.is_valid():
            try:
                appeal_resolve(
                    appeal=appeal,
                    user=request.user,
                    outcome=form.cleaned_data["outcome"],
                    resolution=form.cleaned_data["resolution"],
                    amount=form.cleaned_data["amount"],
                )
            except DeskError as error:
                # A refusal about one field (the amount, the reasons) is shown at it.
                field = error.code if error.code in form.fields else None
                for message in error.messages:
                    form.add_error(field, message)
            else:
                messages.success(
                    request, _("The appeal has been resolved; its letter is on its way.")
                )
                return redirect("desk:appeal", pk=appeal.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, form=None, **kwargs):
        appeal = self.appeal()
        application = appeal.application
        unit = application_unit(application)
        return super().get_context_data(
            appeal=appeal,
            application=application,
            documents=list(appeal.documents.all()),
            awarded_shown=amount_shown(application.awarded_amount, unit),
            computed_shown=amount_shown(application.computed_amount, unit),
            corrected_shown=amount_shown(appeal.corrected_amount, unit),
            form=form or AppealResolutionForm(),
            is_senior=roles.is_senior_caseworker(self.request.user),
            case_url=reverse("desk:case", args=[application.pk]),
            resolve_by=months_after(timezone.localdate(appeal.lodged_at), 1),
            **kwargs,
        )
