from django import forms
from django.utils.translation import gettext_lazy as _

from cms.constants import Audience, Benefit, WindowStatus
from cms.selectors import ProgrammeFilters


class ProgrammeFilterForm(forms.Form):
    """The public programme list's filters: a GET form that works without JavaScript."""

    benefit = forms.ChoiceField(
        label=_("Kind of support"),
        choices=[("", _("Any kind"))] + Benefit.choices,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Application window"),
        choices=[("", _("Open, upcoming or closed"))] + WindowStatus.choices,
        required=False,
    )
    audience = forms.ChoiceField(
        label=_("Who it is for"),
        choices=[("", _("Any organisation"))] + Audience.choices,
        required=False,
    )

    def filters(self) -> ProgrammeFilters:
        if not self.is_valid():
            return ProgrammeFilters()
        return ProgrammeFilters(**self.cleaned_data)
