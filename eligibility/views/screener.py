"""The "Find support" screener: one question per page, then the programmes that fit.

Thin views: the reasoning is `eligibility.screening`, the programmes are
`eligibility.screening_service`, the session `eligibility.screener_session`, the wording is
`eligibility.questions` and `.presentation`.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eligibility.engine import NEEDS_INFO
from eligibility.forms import facts_from_cleaned_data, screener_form
from eligibility.questions import question_help, question_text
from eligibility.screener_session import (
    screener_record_answer,
    screener_record_unknown,
    screener_reset,
)
from eligibility.screening import (
    CAN_APPLY,
    DO_NOT_QUALIFY,
    MAY_QUALIFY,
    OPENS_SOON,
    group_evaluations,
)
from eligibility.screening_service import programme_links, screener_state
from eligibility.views.presentation import answer_rows, programme_result, question_url

TITLE = _("Find support for your organisation")
RETURN_TO_RESULTS = "results"


def _language() -> str:
    return (get_language() or "es")[:2]


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """What the screener does, and a button to start (or go on, or start again)."""
    state = screener_state(request.session)
    started = bool(state.answers.facts or state.answers.unknown)
    return render(
        request,
        "eligibility/screener_start.html",
        {
            "title": TITLE,
            "started": started,
            "programme_count": len(state.live),
        },
    )


@require_GET
def next_question(request: HttpRequest) -> HttpResponse:
    """Go to the question that decides the most programmes, or to the results."""
    state = screener_state(request.session)
    if state.next_fact is None:
        return redirect("screener:results")
    return redirect("screener:question", fact=state.next_fact)


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, fact: str) -> HttpResponse:
    state = screener_state(request.session)
    spec = state.screening.specs.get(fact)
    if spec is None:
        raise Http404("not a question of the screener")
    language = _language()
    back_to_results = request.GET.get("return") == RETURN_TO_RESULTS
    done = reverse("screener:results" if back_to_results else "screener:next")
    form_kwargs = {
        "label": question_text(spec, language),
        "help_text": question_help(spec, language),
    }

    if request.method == "POST":
        if "dont_know" in request.POST:
            screener_record_unknown(request.session, fact=fact)
            return redirect(done)
        form = screener_form(spec, language, data=request.POST, **form_kwargs)
        if form.is_valid():
            value = facts_from_cleaned_data(form.cleaned_data).get(fact)
            if not state.screening.check_facts({fact: value}):
                screener_record_answer(request.session, fact=fact, value=value)
                return redirect(done)
            form.add_error(fact, _("Enter a valid answer."))
    else:
        form = screener_form(spec, language, initial=state.answers.facts.get(fact), **form_kwargs)

    bound = form[fact]
    if spec.type not in ("bool", "choice"):
        _describe(bound)  # a group of radios is described on its fieldset, in the template
    decided = sum(1 for evaluation in state.evaluations if evaluation.outcome != NEEDS_INFO)
    return render(
        request,
        "eligibility/screener_question.html",
        {
            "title": TITLE,
            "form": form,
            "field": bound,
            "spec": spec,
            "is_choice": spec.type in ("bool", "choice"),
            "is_date": spec.type == "date",
            "back_url": _back_url(state.answers.asked, fact, back_to_results),
            "decided": decided,
            "programme_count": len(state.evaluations),
            "said_unknown": fact in state.answers.unknown,
        },
    )


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    state = screener_state(request.session)
    language = _language()
    links = programme_links(state.live, language)
    groups = group_evaluations(state.evaluations, state.upcoming)
    shown = {
        group: [
            programme_result(
                evaluation, state=state, link=links.get(evaluation.slug), lang=language
            )
            for evaluation in evaluations
        ]
        for group, evaluations in groups.items()
    }
    asked = state.answers.asked
    return render(
        request,
        "eligibility/screener_results.html",
        {
            "title": _("Your results"),
            "can_apply": shown[CAN_APPLY],
            "may_qualify": shown[MAY_QUALIFY],
            "do_not_qualify": shown[DO_NOT_QUALIFY],
            "opens_soon": shown[OPENS_SOON],
            "answers": answer_rows(state, language),
            "next_url": question_url(state.next_fact) if state.next_fact else "",
            "back_url": question_url(asked[-1]) if asked else reverse("screener:start"),
            "programme_count": len(state.evaluations),
        },
    )


@require_POST
def restart(request: HttpRequest) -> HttpResponse:
    """Forget the answers and start again from the first question."""
    screener_reset(request.session)
    return redirect("screener:next")


def _back_url(asked: list[str], fact: str, back_to_results: bool) -> str:
    """The page before this question: the results when changing an answer from there, else
    the question asked before this one, else the start page."""
    if back_to_results:
        return reverse("screener:results")
    earlier = asked[: asked.index(fact)] if fact in asked else asked
    return question_url(earlier[-1]) if earlier else reverse("screener:start")


def _describe(bound) -> None:
    """Tie the hint and the error message to the control, for screen readers."""
    ids = []
    if bound.help_text:
        ids.append(f"{bound.auto_id}-hint")
    if bound.errors:
        ids.append(f"{bound.auto_id}-error")
    if ids:
        bound.field.widget.attrs["aria-describedby"] = " ".join(ids)
