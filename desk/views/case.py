"""The case page: everything about one application at a glance, and the actions on it."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from applications import roles
from applications.constants import DECIDABLE_STATUSES, ApplicationStatus, EventKind
from applications.models import Application
from cms.services.programme_of_record import programme_of_record
from desk.selectors import desk_applications
from desk.selectors.evidence import evidence_checklist
from desk.services.amounts import amount_shown, application_unit, unit_name
from desk.views import forms as desk_forms
from desk.views.access import DeskAccessMixin
from desk.views.documents import document_shown_inline
from desk.views.trace import trace_comparison
from eligibility.service import answer_text, programme_facts, short_label
from onestop.i18n import active_language, text_in_language


@dataclass(frozen=True)
class AnswerRow:
    name: str
    label: str
    value: str


def _shown(spec, value: Any, lang: str) -> str:
    if value is None or value == "":
        return _("Not answered")
    return answer_text(spec, value, lang)


def answer_rows(
    answers: dict[str, Any] | None, definition: dict[str, Any] | None
) -> list[AnswerRow]:
    """The answers in the order given, each with the question's label in the staff's language."""
    lang = active_language()
    specs = programme_facts((definition or {}).get("questions", []))
    rows = []
    for name, value in (answers or {}).items():
        spec = specs.get(name)
        label = short_label(spec, lang) if spec is not None else name
        rows.append(AnswerRow(name=name, label=label or name, value=_shown(spec, value, lang)))
    return rows


def returned_comment(events):
    """The approver's comment when the latest status change sent the proposal back."""
    transitions = [event for event in events if event.kind == EventKind.TRANSITION]
    if transitions and (transitions[-1].data or {}).get("returned"):
        return transitions[-1]
    return None


@dataclass(frozen=True)
class CaseAction:
    form_class: type[forms.Form]
    run: Callable[..., Any]
    done: str
    senior_only: bool = False


def _services():
    from desk import services as desk

    return desk


ACTIONS: dict[str, CaseAction] = {
    "claim": CaseAction(
        desk_forms.EmptyForm,
        lambda app, user, data: _services().case_claim(application=app, user=user),
        gettext_lazy("You are working on this case now."),
    ),
    "release": CaseAction(
        desk_forms.EmptyForm,
        lambda app, user, data: _services().case_release(application=app, user=user),
        gettext_lazy("The case is back in the queue."),
    ),
    "reassign": CaseAction(
        desk_forms.ReassignForm,
        lambda app, user, data: _services().case_reassign(
            application=app, user=user, to_user=data["to_user"]
        ),
        gettext_lazy("The case has been reassigned."),
        senior_only=True,
    ),
    "note": CaseAction(
        desk_forms.NoteForm,
        lambda app, user, data: _services().case_note_add(
            application=app, user=user, text=data["text"]
        ),
        gettext_lazy("Note added."),
    ),
    "verify_evidence": CaseAction(
        desk_forms.VerifyEvidenceForm,
        lambda app, user, data: _services().evidence_verify(
            application=app, user=user, evidence_id=data["evidence"]
        ),
        gettext_lazy("Marked as verified."),
    ),
    "request_information": CaseAction(
        desk_forms.InformationRequestForm,
        lambda app, user, data: _services().information_request_create(
            application=app,
            user=user,
            message=data["message"],
            due_on=data["due_on"],
            kind=data["kind"],
        ),
        gettext_lazy("The applicant has been asked for information."),
    ),
    "propose": CaseAction(
        desk_forms.ProposeForm,
        lambda app, user, data: _services().decision_propose(
            application=app,
            user=user,
            amount=data["amount"],
            justification=data.get("justification", ""),
        ),
        gettext_lazy("Approval proposed."),
    ),
    "approve": CaseAction(
        desk_forms.EmptyForm,
        lambda app, user, data: _services().decision_approve(application=app, user=user),
        gettext_lazy("Decision recorded."),
    ),
    "return": CaseAction(
        desk_forms.ReturnForm,
        lambda app, user, data: _services().decision_return(
            application=app, user=user, comment=data["comment"]
        ),
        gettext_lazy("The case is back with the caseworker who proposed it."),
        senior_only=True,
    ),
    "approve_amended": CaseAction(
        desk_forms.AmendedApprovalForm,
        lambda app, user, data: _services().decision_approve_amended(
            application=app,
            user=user,
            amount=data["amount"],
            justification=data["justification"],
        ),
        gettext_lazy("Decision recorded."),
        senior_only=True,
    ),
    "revoke": CaseAction(
        desk_forms.RevokeForm,
        lambda app, user, data: _services().decision_revoke(
            application=app, user=user, reason=data["reason"], explanation=data["explanation"]
        ),
        gettext_lazy("The award has been revoked and its money returned to the budget."),
        senior_only=True,
    ),
    "reject": CaseAction(
        desk_forms.RejectForm,
        lambda app, user, data: _services().decision_reject(
            application=app, user=user, reason_codes=data["reason_codes"], text=data["text"]
        ),
        gettext_lazy("The application has been rejected."),
    ),
}


class CaseView(DeskAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "desk/case.html"
    header_icon = "doc-full"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.application = None

    def get_application(self) -> Application:
        if self.application is None:
            self.application = get_object_or_404(
                desk_applications(user=self.request.user), pk=self.kwargs["pk"]
            )
        return self.application

    def get_page_title(self):
        return _("Case %(reference)s") % {"reference": self.get_application().reference}

    def get_breadcrumbs_items(self):
        return []

    @property
    def unit(self) -> str:
        application = self.get_application()
        programme = programme_of_record(slug=application.programme_slug)
        fallback = programme.definition.get("unit") if programme is not None else None
        return application_unit(application, fallback=fallback or "EUR")

    def get(self, request, *args, **kwargs):
        application = self.get_application()
        _services().case_view_record(application=application, user=request.user)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        action = ACTIONS.get(kwargs.get("action", ""))
        if action is None:
            raise Http404
        if action.senior_only and not roles.is_senior_caseworker(request.user):
            raise PermissionDenied
        application = self.get_application()
        form = self.action_form(kwargs["action"], data=request.POST)
        if form.is_valid():
            try:
                action.run(application, request.user, form.cleaned_data)
            except ValidationError as error:
                # A refusal about one field (the amount, its justification) is shown at it.
                field = getattr(error, "code", None)
                for message in error.messages:
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, str(action.done))
                return redirect("desk:case", application.pk)
        context = self.get_context_data(bound_form=(kwargs["action"], form))
        return self.render_to_response(context, status=400)

    def action_form(self, name: str, data=None) -> forms.Form:
        action = ACTIONS[name]
        kwargs: dict[str, Any] = {"data": data, "prefix": name}
        if action.form_class is desk_forms.ProposeForm:
            application = self.get_application()
            amount = application.computed_amount
            kwargs["computed_amount"] = Decimal(amount) if amount is not None else None
            kwargs["unit"] = self.unit
        elif action.form_class is desk_forms.AmendedApprovalForm:
            kwargs["unit"] = self.unit
        return action.form_class(**kwargs)

    def get_context_data(self, bound_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_application()
        user = self.request.user
        programme = programme_of_record(slug=application.programme_slug)
        current_definition = programme.definition if programme is not None else None
        frozen_definition = application.programme_definition or current_definition
        action_forms = {name: self.action_form(name) for name in ACTIONS}
        if bound_form is not None:
            action_forms[bound_form[0]] = bound_form[1]
        organisation = application.organisation
        events = list(application.events.select_related("actor"))
        documents = list(application.documents.all())
        # Named as the programme names them (in the staff member's language), not by code.
        labels = {
            spec.get("code"): text_in_language(spec.get("label"))
            for spec in (frozen_definition or {}).get("documents", [])
        }
        for document in documents:
            document.shown_inline = document_shown_inline(document)
            document.label = labels.get(document.code) or document.code
            if document.appeal_id:
                document.label = _("Sent with an appeal")
        status_labels = dict(ApplicationStatus.choices)
        for event in events:
            event.from_status_label = status_labels.get(event.from_status, event.from_status)
            event.to_status_label = status_labels.get(event.to_status, event.to_status)
        unit = self.unit
        trace = trace_comparison(application, current_definition)
        context.update(
            {
                "application": application,
                "appeals": list(application.appeals.select_related("registry_entry")),
                "unit": unit_name(unit),
                "computed_shown": amount_shown(application.computed_amount, unit),
                "proposed_shown": amount_shown(application.proposed_amount, unit),
                "awarded_shown": amount_shown(application.awarded_amount, unit),
                "trace_frozen_amount": amount_shown(trace.frozen_amount, unit),
                "trace_current_amount": amount_shown(trace.current_amount, unit),
                "proposal_differs": application.proposed_amount is not None
                and application.proposed_amount != application.computed_amount,
                "organisation": organisation,
                "representatives": organisation.representations.select_related("user"),
                "programme_title": programme.title(programme.language)
                if programme is not None
                else application.programme_slug,
                "answers": answer_rows(
                    application.submitted_answers or application.answers, frozen_definition
                ),
                "answers_changed": bool(
                    application.submitted_answers
                    and application.answers != application.submitted_answers
                ),
                "current_answers": answer_rows(application.answers, current_definition),
                "trace": trace,
                "documents": documents,
                "evidence": evidence_checklist(
                    application=application, documents=documents, events=events, labels=labels
                ),
                "information_requests": application.information_requests.all(),
                "events": events,
                "notes": [event for event in events if event.kind == EventKind.NOTE],
                "return_comment": returned_comment(events),
                "forms": action_forms,
                "bound_action": bound_form[0] if bound_form else "",
                "action_refusals": bound_form[1].non_field_errors() if bound_form else [],
                "is_mine": application.assigned_to_id == user.pk,
                "is_senior": roles.is_senior_caseworker(user),
                "is_decidable": application.status in DECIDABLE_STATUSES,
                "queue_url": reverse("desk:queue", args=["mine"]),
                "S": ApplicationStatus,
            }
        )
        return context
