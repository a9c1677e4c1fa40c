"""The applicant's organisations: list, create, view, edit, invite, accept an invitation."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from stdnum import iban

from onestop.i18n import active_language, format_date, format_money, format_number
from organisations import selectors
from organisations.forms import ORGANISATION_FIELDSETS, InvitationForm, OrganisationForm
from organisations.models import Invitation
from organisations.services import organisations as services


@login_required
def organisation_list(request):
    return render(
        request,
        "organisations/organisation_list.html",
        {"organisations": selectors.organisations_for_user(request.user)},
    )


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your organisation has been saved."))
        return redirect(
            _next_url(request)
            or reverse("organisations:organisation_detail", args=[organisation.pk])
        )
    return render(request, "organisations/organisation_form.html", {"form": form})


def _next_url(request) -> str:
    """Where to go back to after saving (the application wizard sends people here and
    back), if it is a page of this site."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@login_required
def organisation_detail(request, pk: int):
    organisation = selectors.organisation_for_user(request.user, pk)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "sections": _profile_sections(organisation),
            "establishments": establishment_rows(organisation),
        },
    )


def _profile_sections(organisation) -> list[tuple[str, list[tuple[str, str]]]]:
    """The profile as the person reads it: each section's labels and displayed values."""
    fields = {field.name: field for field in organisation._meta.fields}
    language = active_language()
    sections = []
    for legend, names in ORGANISATION_FIELDSETS:
        rows = []
        for name in names:
            field, value = fields[name], getattr(organisation, name)
            if field.choices and value:
                shown = getattr(organisation, f"get_{name}_display")()
            elif value is None or value == "":
                shown = "—"
            elif isinstance(value, bool):
                shown = _("Yes") if value else _("No")
            elif isinstance(value, datetime.date):
                shown = format_date(value, language)
            elif isinstance(value, Decimal):
                shown = format_money(value, "EUR", language)
            elif name == "iban":
                shown = iban.format(value)
            else:
                shown = str(value)
            rows.append((field.verbose_name[:1].upper() + field.verbose_name[1:], shown))
        sections.append((legend, rows))
    return sections


def establishment_rows(organisation) -> list[dict]:
    """Each establishment as the profile page lists it: its name, address and facts."""
    language = active_language()
    rows = []
    for establishment in selectors.establishments_of(organisation):
        details = []
        if establishment.district:
            details.append(establishment.get_district_display())
        if establishment.activity_code:
            details.append(_("CNAE %(code)s") % {"code": establishment.activity_code})
        if establishment.employees is not None:
            details.append(_("%(count)s employees") % {"count": establishment.employees})
        if establishment.surface_m2 is not None:
            details.append(
                _("%(area)s m²")
                % {"area": format_number(Decimal(establishment.surface_m2), language)}
            )
        rows.append({"establishment": establishment, "details": details})
    return rows


@login_required
def organisation_update(request, pk: int):
    organisation = selectors.organisation_for_user(request.user, pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            organisation=organisation, user=request.user, data=form.cleaned_data
        )
        messages.success(request, _("Your changes have been saved."))
        return redirect(
            _next_url(request)
            or reverse("organisations:organisation_detail", args=[organisation.pk])
        )
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
def invitation_create(request, pk: int):
    organisation = selectors.organisation_for_user(request.user, pk)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_create(
            organisation=organisation,
            invited_by=request.user,
            email=form.cleaned_data["email"],
        )
        messages.success(
            request,
            _("We have sent an invitation to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("organisations:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "organisations/invitation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
def invitation_accept(request, token: str):
    invitation = Invitation.objects.select_related("organisation").filter(token=token).first()
    if invitation is not None and not services.invitation_addressed_to(
        invitation=invitation, user=request.user
    ):
        # Someone else's invitation: say how to reach it, and nothing of what it is for.
        sign_in_again = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        return render(
            request,
            "organisations/invitation_other_address.html",
            {"sign_in_again": sign_in_again},
            status=403,
        )
    error = None
    if request.method == "POST":
        try:
            representation = services.invitation_accept(token=token, user=request.user)
        except ValidationError as invalid:
            error = invalid.messages[0]
        else:
            messages.success(
                request,
                _("You now represent %(organisation)s.")
                % {"organisation": representation.organisation.legal_name},
            )
            return redirect("organisations:organisation_detail", pk=representation.organisation_id)
    status = 400 if error else 200
    return render(
        request,
        "organisations/invitation_accept.html",
        {"invitation": invitation, "error": error},
        status=status if invitation else 404,
    )
