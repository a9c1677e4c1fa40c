"""Forms of the organisation profile and of invitations."""

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from eligibility.service import LocalizedDecimalField
from organisations.models import Establishment, Organisation
from organisations.validators import iban_compact, tax_id_compact

# The profile form's sections, each a fieldset with its legend.
ORGANISATION_FIELDSETS = (
    (_("Identification"), ("legal_name", "tax_id", "legal_form")),
    (
        _("About the organisation"),
        (
            "founded_on",
            "employees",
            "sector",
            "women_led",
            "turnover_current",
            "turnover_previous",
        ),
    ),
    (_("Premises"), ("district", "premises_tenure", "monthly_rent")),
    (_("Address and contact"), ("street", "postcode", "city", "contact_email", "phone")),
    (_("Bank account"), ("iban",)),
)

_AUTOCOMPLETE = {
    "legal_name": "organization",
    "street": "street-address",
    "postcode": "postal-code",
    "city": "address-level2",
    "contact_email": "email",
    "phone": "tel",
}


def _organisation_formfield(model_field, **kwargs):
    # Amounts are typed as the screener suggests them ("180.000,00"): the one parser of
    # amounts typed in the active language, grouping included.
    if isinstance(model_field, models.DecimalField):
        return model_field.formfield(form_class=LocalizedDecimalField, localize=True, **kwargs)
    return model_field.formfield(**kwargs)


class OrganisationForm(forms.ModelForm):
    # Longer than what is stored: people type ids with spaces, dashes or an "ES" prefix.
    tax_id = forms.CharField(
        label=capfirst(Organisation._meta.get_field("tax_id").verbose_name),
        help_text=_("The NIF or CIF of the organisation, for example B12345674."),
        max_length=20,
    )
    iban = forms.CharField(
        label=Organisation._meta.get_field("iban").verbose_name,
        help_text=_("The account where the support would be paid. It starts with ES."),
        max_length=50,
        required=False,
    )

    class Meta:
        model = Organisation
        formfield_callback = _organisation_formfield
        fields = [name for _legend, names in ORGANISATION_FIELDSETS for name in names]
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "turnover_current": _("In euros."),
            "turnover_previous": _("In euros."),
            "monthly_rent": _("In euros, if the premises are rented."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DecimalField):
                field.localize = True
                field.widget.is_localized = True
                field.widget.input_type = "text"
                field.widget.attrs["inputmode"] = "decimal"
            if name in _AUTOCOMPLETE:
                field.widget.attrs["autocomplete"] = _AUTOCOMPLETE[name]
        self.fields["tax_id"].widget.attrs.update(autocapitalize="characters", spellcheck="false")
        self.fields["iban"].widget.attrs.update(autocapitalize="characters", spellcheck="false")
        self.fields["postcode"].widget.attrs["inputmode"] = "numeric"

    def clean_tax_id(self) -> str:
        return tax_id_compact(self.cleaned_data["tax_id"])

    def clean_iban(self) -> str:
        return iban_compact(self.cleaned_data["iban"])

    def fieldsets(self):
        return [
            (legend, [self[name] for name in names]) for legend, names in ORGANISATION_FIELDSETS
        ]


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person you invite"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class EstablishmentForm(forms.ModelForm):
    """An establishment of the organisation: what per-establishment programmes read."""

    # Longer than what is stored: the code is often copied with its dots ("56.10").
    activity_code = forms.CharField(
        label=capfirst(Establishment._meta.get_field("activity_code").verbose_name),
        help_text=_(
            "The CNAE code of what is done there, 2 to 4 digits, for example 5610 for restaurants."
        ),
        max_length=8,
        required=False,
    )

    class Meta:
        model = Establishment
        formfield_callback = _organisation_formfield
        fields = [
            "name",
            "address",
            "district",
            "activity_code",
            "employees",
            "surface_m2",
            "premises_tenure",
            "monthly_rent",
        ]
        help_texts = {
            "name": _("The name people know it by, for example the shop's sign."),
            "surface_m2": _("In square metres."),
            "monthly_rent": _("In euros, if the premises are rented."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.localize = True
                field.widget.is_localized = True
                field.widget.input_type = "text"
                field.widget.attrs["inputmode"] = "decimal"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["activity_code"].widget.attrs.update(inputmode="numeric", spellcheck="false")
        self.fields["employees"].widget.attrs["inputmode"] = "numeric"

    def clean_activity_code(self) -> str:
        # "56.10" is how the code is printed; the list writes it without dots.
        return "".join(self.cleaned_data["activity_code"].split()).replace(".", "")
