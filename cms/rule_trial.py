"""“Try these rules”: a policy editor answers as an applicant would and sees the outcome of
the rules being edited, before they are saved or published.

It is a preview mode of the programme page, so Wagtail's preview panel evaluates the unsaved
draft in the editor and refreshes it as the rules change. The sample answers are kept in the
editor's session, so they survive those refreshes.
"""

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.programme_editor.messages import plain_error
from cms.programme_editor.paths import parse_path
from eligibility import service as eligibility_service
from eligibility.engine import CATALOGUE, FactError
from eligibility.service import facts_form_class, facts_from_cleaned_data
from onestop.i18n import format_money, text_in_language

PREVIEW_MODE = "try"
SUBMITTED_MARKER = "trial"
FACTS_PREFIX = "fact"
OUTCOME_LABELS = {
    "eligible": _("Eligible"),
    "ineligible": _("Not eligible"),
    "needs_info": _("More information needed"),
}


class TrialSettingsForm(forms.Form):
    trial_language = forms.ChoiceField(label=_("Explain in"), choices=settings.LANGUAGES)
    trial_as_of = forms.DateField(
        label=_("On date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: today."),
    )


def answers_for_preview(original_request, page) -> dict:
    """The sample answers for this page: just submitted, else the last ones of the session."""
    key = _session_key(page)
    if SUBMITTED_MARKER in original_request.GET:
        answers = {
            name: original_request.GET.getlist(name)
            for name in original_request.GET
            if name not in ("mode", SUBMITTED_MARKER)
        }
        original_request.session[key] = answers
        return answers
    return original_request.session.get(key, {})


def render_trial(request, page):
    """The trial page shown in the preview panel, in the staff member's admin language (the
    preview is rendered on a fresh request that would otherwise speak the site's default)."""
    language = getattr(request, "rule_trial_admin_language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        return _render_trial(request, page, language).render()


def _render_trial(request, page, admin_lang):
    answers = getattr(request, "rule_trial_answers", {}) or {}
    context = {
        "page": page,
        "action": getattr(request, "rule_trial_action", ""),
        "preview_mode": PREVIEW_MODE,
        "submitted_marker": SUBMITTED_MARKER,
    }
    errors = eligibility_service.definition_errors(page.definition)
    if errors:
        context["definition_errors"] = [plain_error(error, page.definition) for error in errors]
        return TemplateResponse(request, "cms/admin/rule_trial.html", context)

    programme = eligibility_service.compiled_programme(page.definition)
    data = _querydict(answers) if answers else None
    settings_form = TrialSettingsForm(data, initial={"trial_language": admin_lang})
    if data is not None and "trial_language" not in data:
        data["trial_language"] = admin_lang
    language = (
        settings_form.cleaned_data["trial_language"] if settings_form.is_valid() else admin_lang
    )
    specs = _asked_facts(programme)
    facts_form = facts_form_class(specs, language)(data, prefix=FACTS_PREFIX)
    context.update(settings_form=settings_form, facts_form=facts_form, language=language)
    if data is not None and settings_form.is_valid() and facts_form.is_valid():
        facts = facts_from_cleaned_data(facts_form.cleaned_data)
        as_of = settings_form.cleaned_data["trial_as_of"] or datetime.date.today()
        try:
            evaluation = programme.evaluate(
                facts,
                as_of=as_of,
                de_minimis_ceiling=Decimal(settings.ONESTOP_DE_MINIMIS_CEILING),
            )
        except FactError as error:
            facts_form.add_error(error.fact, error.message)
        else:
            result = evaluation.to_dict(language)
            for reason in result["reasons"]:
                reason["label"] = rule_description(reason["id"])
            context["result"] = result
            context["documents"] = _documents(programme, evaluation, language)
            context["outcome_label"] = OUTCOME_LABELS[result["outcome"]]
            if result["amount"] is not None:
                context["amount"] = format_money(Decimal(result["amount"]), result["unit"], language)
            context["missing_labels"] = [
                text_in_language(programme.fact_specs[name].label, language)
                for name in result["missing_facts"]
            ]
    return TemplateResponse(request, "cms/admin/rule_trial.html", context)


def rule_description(rule_id: str) -> str:
    """What a rule is called on the trial page: its id, or for a rule without one (named by
    its place, `eligibility.all[2].any[0]`) "Rule 3, option 1"."""
    parts = parse_path(rule_id) if "[" in rule_id else None
    if not parts:
        return rule_id
    numbers = [part + 1 for part in parts if isinstance(part, int)]
    if not numbers:
        return rule_id
    text = gettext("Rule %(number)d") % {"number": numbers[0]}
    for number in numbers[1:]:
        text += ", " + gettext("option %(number)d") % {"number": number}
    return text


def _documents(programme, evaluation, language) -> list[dict]:
    """The definition's documents these answers would require (or might, when an answer the
    condition reads is missing), with their labels."""
    labels = {
        document["code"]: text_in_language(document.get("label"), language) or document["code"]
        for document in programme.definition.get("documents", [])
    }
    return [
        {"code": item["code"], "label": labels.get(item["code"], item["code"]), **item}
        for item in evaluation.documents()
        if item["required"] is not False
    ]


def _asked_facts(programme):
    """The input facts the rules read: catalogue facts in catalogue order, then questions."""
    names = programme.input_facts
    standard = [CATALOGUE[name] for name in CATALOGUE if name in names]
    questions = [
        programme.fact_specs[question["name"]]
        for question in programme.definition.get("questions", [])
        if question["name"] in names
    ]
    return standard + questions


def _querydict(answers: dict):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for name, values in answers.items():
        data.setlist(name, values)
    return data


def _session_key(page) -> str:
    return f"onestop-rule-trial-{page.pk or 'new'}"
