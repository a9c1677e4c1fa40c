"""The organisation's establishments in its profile: add, change, remove."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from organisations import selectors
from organisations.forms import EstablishmentForm
from organisations.services import establishments as services
from organisations.views.organisations import _next_url


def _profile_url(organisation) -> str:
    return reverse("organisations:organisation_detail", args=[organisation.pk]) + "#establishments"


@login_required
def establishment_create(request, pk: int):
    organisation = selectors.organisation_for_user(request.user, pk)
    form = EstablishmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            establishment = services.establishment_create(
                organisation=organisation, user=request.user, data=form.cleaned_data
            )
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            messages.success(
                request, _("“%(name)s” has been added.") % {"name": establishment.name}
            )
            return redirect(_next_url(request) or _profile_url(organisation))
    return render(
        request,
        "organisations/establishment_form.html",
        {"form": form, "organisation": organisation, "back_url": _back(request, organisation)},
    )


@login_required
def establishment_update(request, pk: int, establishment_pk: int):
    establishment = selectors.establishment_for_user(
        request.user, establishment_pk, organisation_pk=pk
    )
    organisation = establishment.organisation
    form = EstablishmentForm(request.POST or None, instance=establishment)
    if request.method == "POST" and form.is_valid():
        try:
            services.establishment_update(
                establishment=establishment, user=request.user, data=form.cleaned_data
            )
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(_next_url(request) or _profile_url(organisation))
    return render(
        request,
        "organisations/establishment_form.html",
        {
            "form": form,
            "organisation": organisation,
            "establishment": establishment,
            "back_url": _back(request, organisation),
        },
    )


@login_required
def establishment_delete(request, pk: int, establishment_pk: int):
    establishment = selectors.establishment_for_user(
        request.user, establishment_pk, organisation_pk=pk
    )
    organisation = establishment.organisation
    error = ""
    if request.method == "POST":
        name = establishment.name
        try:
            services.establishment_delete(establishment=establishment, user=request.user)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, _("“%(name)s” has been removed.") % {"name": name})
            return redirect(_profile_url(organisation))
    return render(
        request,
        "organisations/establishment_delete.html",
        {
            "organisation": organisation,
            "establishment": establishment,
            "error": error,
            "back_url": _profile_url(organisation),
        },
        status=400 if error else 200,
    )


def _back(request, organisation) -> str:
    return _next_url(request) or _profile_url(organisation)
