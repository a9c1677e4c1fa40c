"""The outbox in the Wagtail admin (Settings): the letters and emails that failed for good or
are late, with their last error, and a button that sends one again. For senior caseworkers
and superusers."""

from urllib.parse import parse_qsl

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from applications.constants import OutboxKind, OutboxState
from applications.models import OutboxEntry
from applications.selectors_outbox import (
    may_manage_outbox,
    outbox_counts,
    outbox_entries_needing_attention,
)
from applications.services.outbox import (
    OutboxRetryRefused,
    outbox_entry_label,
    outbox_entry_retry,
)

# The rows listed are dead or pending: done ones need nobody's attention.
STATE_CHOICES = [
    ("", gettext_lazy("Failed and late")),
    (OutboxState.DEAD, gettext_lazy("Failed")),
    (OutboxState.PENDING, gettext_lazy("Late or retrying")),
]
KIND_CHOICES = [("", gettext_lazy("Letters and emails")), *OutboxKind.choices]
PAGE_SIZE = 100

class OutboxFilterForm(forms.Form):
    state = forms.ChoiceField(label=gettext_lazy("State"), choices=STATE_CHOICES, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=KIND_CHOICES, required=False)


class OutboxView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "applications/outbox_admin/index.html"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not may_manage_outbox(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Outbox")

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = OutboxFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        entries = outbox_entries_needing_attention(
            self.request.user, state=filters.get("state", ""), kind=filters.get("kind", "")
        )
        shown = list(entries[:PAGE_SIZE])
        for entry in shown:
            entry.what = outbox_entry_label(entry)
        context.update(
            form=form,
            entries=shown,
            entry_count=entries.count(),
            page_size=PAGE_SIZE,
            counts=outbox_counts(),
            query=self.request.GET.urlencode(),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            entry_id = int(request.POST.get("entry", ""))
        except ValueError:
            raise Http404 from None
        try:
            entry = outbox_entry_retry(entry_id=entry_id, user=request.user)
        except OutboxEntry.DoesNotExist:
            raise Http404 from None
        except OutboxRetryRefused:
            messages.warning(request, _("That one has been done meanwhile: nothing to send."))
        else:
            messages.success(
                request,
                _("%(what)s for %(reference)s is being sent again.")
                % {"what": outbox_entry_label(entry), "reference": entry.application.reference},
            )
        url = reverse("outbox:index")
        query = request.POST.get("query", "")
        if query:
            form = OutboxFilterForm(dict(parse_qsl(query)))
            if form.is_valid():
                url += "?" + urlencode({k: v for k, v in form.cleaned_data.items() if v})
        return redirect(url)


outbox_urls = ([path("", OutboxView.as_view(), name="index")], "outbox")
