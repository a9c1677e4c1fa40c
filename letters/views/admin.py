"""The letters in the Wagtail admin: the letter templates (a snippet that policy approvers and
administrators edit) and "issue letters for every decided application without one", per
programme, with the progress of each run, read from the outbox rows the run wrote."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import SnippetViewSet

from applications import roles
from applications.models import Application
from applications.selectors_outbox import may_manage_outbox
from letters.models import LetterTemplate
from letters.selectors import letter_batches_recent
from letters.services.letters import applications_missing_letters, letter_batch_start


class LetterTemplateViewSet(SnippetViewSet):
    model = LetterTemplate
    icon = "doc-full"
    menu_label = gettext_lazy("Letter templates")
    list_display = ["__str__", "programme_slug", "kind"]
    list_filter = ["kind"]
    add_to_admin_menu = False


letter_template_viewset = LetterTemplateViewSet()


def may_run_batches(user) -> bool:
    return bool(user.is_superuser or roles.is_senior_caseworker(user))


class LetterBatchView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "letters/admin/batches.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not may_run_batches(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Decision letters")

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decided = (
            Application.objects.filter(decided_at__isnull=False)
            .values("programme_slug")
            .annotate(decided=Count("pk"))
            .order_by("programme_slug")
        )
        context["programmes"] = [
            {
                "slug": row["programme_slug"],
                "decided": row["decided"],
                "missing": len(applications_missing_letters(row["programme_slug"])),
            }
            for row in decided
        ]
        context["batches"] = letter_batches_recent()
        context["running"] = any(not batch.is_finished for batch in context["batches"])
        context["may_see_outbox"] = may_manage_outbox(self.request.user)
        return context

    def post(self, request, *args, **kwargs):
        slug = request.POST.get("programme_slug", "")
        if not Application.objects.filter(programme_slug=slug, decided_at__isnull=False).exists():
            messages.error(request, _("There is no decided application in that programme."))
        else:
            letter_batch_start(programme_slug=slug, user=request.user)
            messages.success(
                request,
                _("Letters for %(programme)s are being issued; the progress is below.")
                % {"programme": slug},
            )
        return redirect("letter_batches:index")


letter_batch_urls = (
    [path("", LetterBatchView.as_view(), name="index")],
    "letter_batches",
)
