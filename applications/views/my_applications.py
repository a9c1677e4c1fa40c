"""The applicant's own applications: the list, one application, answering the desk's
requests for information, withdrawing, and downloading documents.

Every view reads through a selector that checks the user represents the organisation:
anyone else gets 404, so that not even the existence of an application is disclosed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications import applicant_presentation as presentation
from applications import selectors
from applications.applicant_forms import AppealForm, InformationAnswerForm, WithdrawalForm
from applications.constants import WITHDRAWABLE_STATUSES, ApplicationStatus
from applications.selectors_appeals import appeal_window, appeals_of
from applications.services.appeals import appeal_lodge, appeal_window_refusal
from applications.services.applicant_actions import (
    application_withdraw,
    information_request_answer,
)
from applications.services.transitions import TransitionRefused
from applications.storage import private_file_response
from cms.services.programme_of_record import programmes_of_record
from onestop.i18n import active_language
from organisations import selectors as organisation_selectors


@login_required
def application_list(request):
    language = active_language()
    applications = list(selectors.applications_for_user(request.user))
    live = programmes_of_record(
        slugs=(app.programme_slug for app in applications if not app.programme_definition),
        include_unpublished=True,
    )
    groups: dict[int, dict] = {}
    for application in applications:
        definition = presentation.application_definition(application, live)
        group = groups.setdefault(
            application.organisation_id,
            {"organisation": application.organisation, "applications": []},
        )
        group["applications"].append(
            {
                "application": application,
                "programme_title": presentation.programme_title(
                    definition, application.programme_slug, language
                ),
                "url": _application_url(application),
            }
        )
    organisations = sorted(groups.values(), key=lambda group: group["organisation"].legal_name)
    return render(
        request,
        "applications/my/application_list.html",
        {
            "groups": organisations,
            "several_organisations": len(organisations) > 1,
            "has_organisation": organisation_selectors.organisations_for_user(
                request.user
            ).exists(),
        },
    )


def _application_url(application) -> str:
    if application.is_draft:
        resume = _draft_resume_url(application)
        if resume:
            return resume
    return reverse("applications:application_detail", args=[application.pk])


def _draft_resume_url(application) -> str:
    # The wizard's task list is where a draft is continued, on any device.
    try:
        return reverse("applications:application_resume", args=[application.pk])
    except NoReverseMatch:
        return ""


@login_required
def application_detail(request, pk: int):
    application = selectors.application_for_user(request.user, pk)
    language = active_language()
    live = (
        {}
        if application.programme_definition
        else programmes_of_record(slugs=[application.programme_slug], include_unpublished=True)
    )
    definition = presentation.application_definition(application, live)
    answers = application.submitted_answers
    if answers is None:
        answers = application.answers
    meaning, next_step = presentation.status_explanation(application.status)
    return render(
        request,
        "applications/my/application_detail.html",
        {
            "application": application,
            "programme_title": presentation.programme_title(
                definition, application.programme_slug, language
            ),
            "status_meaning": meaning,
            "status_next_step": next_step,
            "timeline": selectors.application_timeline(application),
            "answer_rows": presentation.answer_rows(definition, answers or {}, language),
            "documents": list(application.documents.all()),
            # A request left open by a withdrawal or a decision can no longer be answered.
            "open_requests": [
                request
                for request in application.information_requests.all()
                if request.is_open and application.status == ApplicationStatus.INFO_REQUESTED
            ],
            "answered_requests": [
                request for request in application.information_requests.all() if not request.is_open
            ],
            "can_withdraw": application.status in WITHDRAWABLE_STATUSES,
            "resume_url": _draft_resume_url(application) if application.is_draft else "",
            "awarded_text": presentation.awarded_text(application, definition, language),
            "appeal_window": appeal_window(application),
            "appeals": appeals_of(application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def information_answer(request, pk: int, request_pk: int):
    application = selectors.application_for_user(request.user, pk)
    information_request = selectors.information_request_for_user(
        request.user, application, request_pk
    )
    if not information_request.is_open:
        messages.info(request, _("This request has already been answered."))
        return redirect("applications:application_detail", pk=application.pk)
    if application.status != ApplicationStatus.INFO_REQUESTED:
        messages.info(
            request,
            _("This request can no longer be answered: the application is %(status)s.")
            % {"status": application.get_status_display().lower()},
        )
        return redirect("applications:application_detail", pk=application.pk)
    form = InformationAnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            information_request_answer(
                information_request=information_request,
                user=request.user,
                answer=form.cleaned_data["answer"],
                files=form.cleaned_data["files"],
            )
        except TransitionRefused as refused:
            messages.error(request, str(refused))
            return redirect("applications:application_detail", pk=application.pk)
        except ValidationError as invalid:
            field = (
                "answer" if getattr(invalid, "code", "") in ("no_answer", "answered") else "files"
            )
            for message in invalid.messages:
                form.add_error(field, message)
        else:
            messages.success(
                request,
                _(
                    "Thank you: your answer has been sent. Your application is back with the caseworker."
                ),
            )
            return redirect("applications:application_detail", pk=application.pk)
    return render(
        request,
        "applications/my/information_answer.html",
        {
            "application": application,
            "information_request": information_request,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw_view(request, pk: int):
    application = selectors.application_for_user(request.user, pk)
    if application.status not in WITHDRAWABLE_STATUSES:
        messages.error(
            request,
            _("This application can no longer be withdrawn: it is %(status)s.")
            % {"status": application.get_status_display().lower()},
        )
        return redirect("applications:application_detail", pk=application.pk)
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_withdraw(
                application=application, user=request.user, reason=form.cleaned_data["reason"]
            )
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Your application has been withdrawn."))
        return redirect("applications:application_detail", pk=application.pk)
    return render(
        request,
        "applications/my/application_withdraw.html",
        {"application": application, "form": form},
    )


# Refusals about the appeal itself, shown on its text; the others are about a file.
_APPEAL_TEXT_CODES = ("no_text", "too_long", "no_decision", "pending", "appealed", "late")


@login_required
@require_http_methods(["GET", "POST"])
def appeal_lodge_view(request, pk: int):
    """The recurso de reposición against the decision that stands: grounds and documents."""
    application = selectors.application_for_user(request.user, pk)
    window = appeal_window(application)
    if not window.is_open:
        messages.error(request, appeal_window_refusal(window).messages[0])
        return redirect("applications:application_detail", pk=application.pk)
    form = AppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = appeal_lodge(
                application=application,
                user=request.user,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as invalid:
            field = "files" if getattr(invalid, "code", "") not in _APPEAL_TEXT_CODES else "text"
            for message in invalid.messages:
                form.add_error(field, message)
        else:
            messages.success(
                request,
                _(
                    "Your appeal has been lodged with registry number %(number)s. Its receipt "
                    "is among your letters; you will be notified of the resolution."
                )
                % {"number": appeal.registry_entry.number},
            )
            return redirect("applications:application_detail", pk=application.pk)
    return render(
        request,
        "applications/my/appeal.html",
        {"application": application, "form": form, "window": window},
    )


@login_required
@require_http_methods(["GET"])
def document_download(request, pk: int):
    document = selectors.document_for_user(request.user, pk)
    return private_file_response(
        document.file,
        filename=document.original_name,
        content_type=document.content_type or "application/octet-stream",
    )
