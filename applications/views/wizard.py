"""The application wizard: start or resume a draft, its task list, its steps (a formtools
NamedUrl wizard whose storage is the draft), the documents step, check answers and submit."""

from __future__ import annotations

from collections import OrderedDict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from formtools.wizard.views import NamedUrlWizardView, StepsHelper

from applications import selectors
from applications.models import Application, ApplicationDocument
from applications.selectors import application_for_user
from applications.services import documents as document_services
from applications.services import drafts as draft_services
from applications.wizard.forms import (
    DeclarationForm,
    DocumentsStepForm,
    DocumentUploadForm,
    facts_step_form_class,
    initial_from_answers,
)
from applications.wizard.programmes import live_programme, live_programme_or_404
from applications.wizard.sections import (
    Draft,
    document_rows,
    draft_for,
    outcome_on_answers,
    refusal_problems,
    status_label,
    step_status,
    submission_problems,
    summary_sections,
)
from applications.wizard.steps import DOCUMENT_UPLOADS, DOCUMENTS, ORGANISATION
from applications.wizard.storage import DraftStorage
from eligibility.service import answer_text, screener_answers, short_label
from onestop.i18n import active_language
from organisations.selectors import organisations_for_user, unit_facts

RETURN_TO_CHECK = "check"


def _submitted_redirect(application: Application):
    return redirect("applications:application_confirmation", pk=application.pk)


# --- start --------------------------------------------------------------------------------


class OrganisationChoiceForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=gettext_lazy("Which organisation are you applying for?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select the organisation you are applying for.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            (organisation.pk, organisation.legal_name) for organisation in organisations
        ]


@login_required
def apply_start(request, programme_slug: str):
    """Pick the organisation (when the user represents several), then start or resume."""
    programme = live_programme_or_404(programme_slug)
    organisations = list(organisations_for_user(request.user))
    if not organisations:
        messages.info(request, _("Add your organisation first: you apply on its behalf."))
        here = reverse("applications:apply_start", args=[programme_slug])
        create = reverse("organisations:organisation_create")
        return redirect(f"{create}?{urlencode({'next': here})}")
    # A per-establishment programme asks next which establishment: its drafts are there.
    # An organisation its rules let apply once for all its establishments applies here.
    per_establishment = {
        organisation.pk: selectors.applies_per_establishment(programme.compiled, organisation)
        for organisation in organisations
    }
    drafts = {
        application.organisation_id: application
        for application in Application.objects.drafts().filter(
            organisation__in=organisations, programme_slug=programme_slug
        )
        if not per_establishment[application.organisation_id]
    }
    only = organisations[0] if len(organisations) == 1 else None
    if request.method == "GET" and only is not None and only.pk in drafts:
        return redirect("applications:application_resume", pk=drafts[only.pk].pk)
    title = programme.title(active_language())
    # A draft already started is resumed; a new one is refused now, not at submission,
    # when the programme's rules on other applications rule it out.
    conflicts = {
        organisation.pk: _conflict_row(conflict, title)
        for organisation in organisations
        if organisation.pk not in drafts
        and (
            conflict := selectors.organisation_application_conflict(
                organisation,
                programme_slug=programme_slug,
                definition=programme.definition,
                whole_organisation=not per_establishment[organisation.pk],
            )
        )
        is not None
    }

    choice = None
    if only is None:
        choice = OrganisationChoiceForm(
            request.POST if request.method == "POST" else None, organisations=organisations
        )
    is_open = programme.is_open()
    if request.method == "POST" and is_open:
        organisation = only
        if choice is not None and choice.is_valid():
            chosen = choice.cleaned_data["organisation"]
            organisation = next(item for item in organisations if item.pk == chosen)
            if chosen in conflicts:
                choice.add_error("organisation", conflicts[chosen]["message"])
                organisation = None
        if organisation is not None and organisation.pk in conflicts:
            organisation = None
        if organisation is not None and per_establishment[organisation.pk]:
            return redirect(
                "applications:apply_establishment",
                programme_slug=programme_slug,
                organisation_pk=organisation.pk,
            )
        if organisation is not None:
            application = draft_services.draft_start(
                organisation=organisation,
                programme_slug=programme_slug,
                user=request.user,
                prefill=screener_answers(request.session),
            )
            return redirect(_entry_url(application))
    return render(
        request,
        "applications/wizard/start.html",
        {
            "programme_title": title,
            "programme_url": programme.page_url(active_language()),
            "organisations": organisations,
            "form": choice,
            "is_open": is_open,
            "drafts": drafts,
            "conflict_list": [
                {"organisation": organisation.legal_name, **conflicts[organisation.pk]}
                for organisation in organisations
                if organisation.pk in conflicts
            ],
            "refused": conflicts.get(only.pk) if only is not None else None,
        },
    )


def _conflict_row(conflict, programme_title: str) -> dict:
    return {
        "message": conflict.message(programme_title),
        "url": reverse("applications:application_detail", args=[conflict.application.pk]),
        "reference": conflict.application.reference,
    }


def _entry_url(application: Application) -> str:
    """A resumed draft opens on its task list; a new one on its first step."""
    if (application.progress or {}).get(draft_services.COMPLETED):
        return reverse("applications:application_resume", args=[application.pk])
    draft = draft_for(application, active_language())
    return draft.step_url(draft.steps[0].name) if draft.steps else _check_url(application)


def _check_url(application: Application) -> str:
    return reverse("applications:application_check", args=[application.pk])


# --- the task list ------------------------------------------------------------------------


@login_required
def application_resume(request, pk: int):
    """The draft's sections and how far each has got: where a returning applicant resumes."""
    application = application_for_user(request.user, pk)
    if not application.is_draft:
        return _submitted_redirect(application)
    draft = draft_for(application, active_language())
    documents = document_rows(draft)
    sections = []
    for step in draft.steps:
        status = step_status(draft, step, documents)
        sections.append(
            {
                "title": step.title,
                "url": draft.step_url(step.name),
                "status": status,
                "status_label": status_label(status),
            }
        )
    completed = sum(1 for section in sections if section["status"] == "completed")
    return render(
        request,
        "applications/wizard/task_list.html",
        {
            "application": application,
            "draft": draft,
            "programme_title": draft.programme.title(active_language()),
            "sections": sections,
            "completed_count": completed,
            "check_url": _check_url(application),
            "all_completed": completed == len(sections),
        },
    )


# --- the steps ----------------------------------------------------------------------------


class ApplicationWizard(NamedUrlWizardView):
    """The draft's steps, one URL each. The steps come from the programme's definition and
    the organisation's profile, so they are built per request; the storage is the draft."""

    url_name = "applications:application_step"

    @classmethod
    def get_initkwargs(cls, *args, **kwargs):
        # formtools wants a form list up front; the real one is built for each draft.
        kwargs.setdefault("form_list", [("start", forms.Form)])
        kwargs.setdefault("url_name", cls.url_name)
        return super().get_initkwargs(*args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.application = application_for_user(request.user, kwargs["pk"])
        if not self.application.is_draft:
            return _submitted_redirect(self.application)
        self.draft: Draft = draft_for(self.application, active_language())
        if not self.draft.steps:
            return redirect(_check_url(self.application))
        self.form_list = OrderedDict(
            (step.name, self._form_class(step)) for step in self.draft.steps
        )
        # What formtools' own dispatch does, with the draft as storage instead of the session.
        self.prefix = self.get_prefix(request, *args, **kwargs)
        self.storage = DraftStorage(self.prefix, request, application=self.application)
        self.steps = StepsHelper(self)
        try:
            return TemplateView.dispatch(self, request, *args, **kwargs)
        except draft_services.DraftClosed:
            # Submitted from another tab while this page was open.
            return _submitted_redirect(self.application)

    def _form_class(self, step):
        if step.kind == DOCUMENT_UPLOADS:
            return DocumentsStepForm
        return facts_step_form_class(self.draft.programme.compiled, step.facts, active_language())

    def get_step_url(self, step):
        url = reverse(self.url_name, kwargs={"pk": self.application.pk, "step": step})
        if self.request.GET.get("return") == RETURN_TO_CHECK:
            url += "?return=check"
        return url

    def get_template_names(self):
        step = self.draft.step(self.steps.current)
        if step is not None and step.kind == DOCUMENT_UPLOADS:
            return ["applications/wizard/documents.html"]
        return ["applications/wizard/step.html"]

    def get_form_initial(self, step):
        current = self.draft.step(step)
        if current is None:
            return {}
        return initial_from_answers(
            self.draft.programme.compiled, current.facts, self.draft.answers
        )

    def process_step(self, form):
        """The step's answers, for the storage to write into the draft."""
        answers = form.answers()
        if self.steps.current == ORGANISATION:
            # Confirming the organisation step takes the profile as it is now.
            step = self.draft.step(ORGANISATION)
            profile = unit_facts(self.application.organisation, self.application.establishment)
            answers.update({name: profile.get(name) for name in step.profile_facts})
        return answers

    def render_next_step(self, form, **kwargs):
        if self.request.GET.get("return") == RETURN_TO_CHECK:
            return redirect(_check_url(self.application))
        return super().render_next_step(form, **kwargs)

    def render_done(self, form, **kwargs):
        # Checking the answers is a page of its own, which revalidates from the draft.
        return redirect(_check_url(self.application))

    def post(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if step not in self.get_form_list():
            return redirect(self.get_step_url(self.steps.first))
        # The page posted is the step of its URL, whatever step another tab was last on.
        self.storage.current_step = step
        if step == DOCUMENTS:
            return self._documents_post(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def _documents_post(self, request, *args, **kwargs):
        """The documents page is one form: "Upload" and "Continue" both keep every file
        chosen (checked as any upload is); "Continue" then moves on only once each required
        document has a file, and otherwise says which are missing, on this page."""
        upload_forms = self._upload_chosen(request)
        if upload_forms:
            return self.render(self.get_form(), upload_forms=upload_forms)
        if "upload" in request.POST:
            return redirect(self.get_step_url(DOCUMENTS))
        missing = {}
        for row in document_rows(self.draft):
            if row.required and not row.uploaded:
                form = DocumentUploadForm(data={}, files={}, prefix=row.code)
                form.full_clean()
                form.errors["file"] = form.error_class(
                    [_("Upload this document: %(document)s.") % {"document": row.label}]
                )
                missing[row.code] = form
        if missing:
            return self.render(self.get_form(), upload_forms=missing)
        return super().post(request, *args, **kwargs)

    def _upload_chosen(self, request) -> dict[str, DocumentUploadForm]:
        """Keep each file chosen on the page; the forms of those refused, by document code."""
        pressed = request.POST.get("upload")
        codes = [row.code for row in document_rows(self.draft)]
        if pressed and pressed not in codes:
            codes.append(pressed)
        refused = {}
        for code in codes:
            if code != pressed and not request.FILES.get(f"{code}-file"):
                continue
            upload_form = DocumentUploadForm(request.POST, request.FILES, prefix=code)
            if upload_form.is_valid():
                try:
                    document = document_services.document_add(
                        application=self.application,
                        user=request.user,
                        code=code,
                        uploaded_file=upload_form.cleaned_data["file"],
                    )
                except ValidationError as error:
                    upload_form.add_error("file", error.messages)
                else:
                    messages.success(
                        request,
                        _("“%(name)s” has been uploaded.") % {"name": document.original_name},
                    )
                    continue
            refused[code] = upload_form
        return refused

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        step = self.draft.step(self.steps.current)
        language = active_language()
        back_to_check = self.request.GET.get("return") == RETURN_TO_CHECK
        previous = self.steps.prev
        context.update(
            {
                "application": self.application,
                "draft": self.draft,
                "step": step,
                "programme_title": self.draft.programme.title(language),
                "step_number": self.steps.step1,
                "step_count": self.steps.count,
                "action_url": self.request.get_full_path(),
                "back_url": _check_url(self.application)
                if back_to_check
                else (
                    self.get_step_url(previous)
                    if previous
                    else reverse("applications:application_resume", args=[self.application.pk])
                ),
                "task_list_url": reverse(
                    "applications:application_resume", args=[self.application.pk]
                ),
                "radio_fields": form.radio_fields() if hasattr(form, "radio_fields") else set(),
            }
        )
        if step is not None and step.profile_facts:
            context["profile_rows"] = self._profile_rows(step, language)
            context["profile_change_url"] = (
                self._profile_url() + "?" + urlencode({"next": self.request.get_full_path()})
            )
        if step is not None and step.kind == DOCUMENT_UPLOADS:
            upload_forms = kwargs.get("upload_forms", {})
            rows = document_rows(self.draft)
            context["documents"] = [
                {
                    "row": row,
                    "form": upload_forms.get(row.code) or DocumentUploadForm(prefix=row.code),
                }
                for row in rows
            ]
            context["upload_errors"] = [
                (item["form"]["file"], error)
                for item in context["documents"]
                for error in item["form"]["file"].errors
            ]
        return context

    def _profile_url(self) -> str:
        """Where the profile facts shown are changed: the establishment's page for an
        application of one, else the organisation's."""
        if self.application.establishment_id:
            return reverse(
                "organisations:establishment_update",
                args=[self.application.organisation_id, self.application.establishment_id],
            )
        return reverse("organisations:organisation_update", args=[self.application.organisation_id])

    def _profile_rows(self, step, language):
        profile = unit_facts(self.application.organisation, self.application.establishment)
        specs = self.draft.programme.compiled.fact_specs
        return [
            (short_label(specs[name], language), answer_text(specs[name], profile[name], language))
            for name in step.profile_facts
            if name in profile
        ]


# --- documents ----------------------------------------------------------------------------


@login_required
@require_POST
def document_remove(request, pk: int, document_pk: int):
    application = application_for_user(request.user, pk)
    if not application.is_draft:
        return _submitted_redirect(application)
    document = get_object_or_404(
        ApplicationDocument, pk=document_pk, application=application, information_request=None
    )
    name = document.original_name
    document_services.document_remove(document=document, user=request.user)
    messages.success(request, _("“%(name)s” has been removed.") % {"name": name})
    target = reverse(
        "applications:application_step", kwargs={"pk": application.pk, "step": DOCUMENTS}
    )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        target = back
    return redirect(target)


@login_required
def draft_delete_view(request, pk: int):
    """Confirm, then delete a draft of the user's own organisation (404 for anyone else's)."""
    application = application_for_user(request.user, pk)
    if not application.is_draft:
        return _submitted_redirect(application)
    programme = live_programme(application.programme_slug)
    title = programme.title(active_language()) if programme else application.programme_slug
    if request.method == "POST":
        draft_services.draft_delete(application=application, user=request.user)
        messages.success(
            request,
            _("Your draft application for %(programme)s has been deleted.") % {"programme": title},
        )
        return redirect("applications:application_list")
    return render(
        request,
        "applications/wizard/delete.html",
        {
            "application": application,
            "programme_title": title,
            "back_url": reverse("applications:application_resume", args=[application.pk]),
        },
    )


# --- check your answers, declare, submit --------------------------------------------------


@login_required
def application_check(request, pk: int):
    application = application_for_user(request.user, pk)
    if not application.is_draft:
        return _submitted_redirect(application)
    language = active_language()
    draft = draft_for(application, language)
    documents = document_rows(draft)
    declaration = (application.progress or {}).get(draft_services.DECLARATION) or {}
    evidence = draft.programme.compiled.evidence_texts(language)
    given = declaration.get("evidence") or {}
    form = DeclarationForm(
        request.POST if request.method == "POST" else None,
        initial={
            "declaration": bool(declaration),
            **{f"evidence_{index}": item["id"] in given for index, item in enumerate(evidence)},
        },
        evidence=evidence,
    )
    problems = []
    refusal = None
    if request.method == "POST":
        problems = submission_problems(draft, documents)
        if form.is_valid() and not problems:
            from applications.services.submission import SubmissionRefused, application_submit

            evidence_given = form.evidence_given()
            try:
                # The declaration is recorded by the submission itself, in its transaction.
                submitted = application_submit(
                    application=application,
                    user=request.user,
                    declaration={"evidence": evidence_given},
                )
            except SubmissionRefused as refused:
                # Refused, the submission wrote nothing: the declaration is kept on its own,
                # so that the applicant finds it given when they come back.
                draft_services.draft_declare(
                    application=application,
                    user=request.user,
                    accepted=True,
                    evidence=evidence_given,
                )
                refusal = refused
                problems = refusal_problems(draft, refused.facts, refused.documents)
            else:
                return redirect("applications:application_confirmation", pk=submitted.pk)
    return render(
        request,
        "applications/wizard/check.html",
        {
            "application": application,
            "draft": draft,
            "programme_title": draft.programme.title(language),
            "sections": summary_sections(draft),
            "documents": documents,
            "documents_url": draft.step_url(DOCUMENTS, back_to_check=True)
            if draft.step(DOCUMENTS)
            else "",
            "outcome": outcome_on_answers(draft),
            "form": form,
            "problems": problems,
            "refusal": refusal.messages[0] if refusal is not None else "",
            "back_url": reverse("applications:application_resume", args=[application.pk]),
        },
        status=400 if request.method == "POST" else 200,
    )
