"""The forms of the case page's actions. They parse input; the desk's services decide."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications import roles
from applications.constants import InformationRequestKind, RevocationReason
from applications.services.deadlines import working_days_after
from desk.services.amounts import amount_shown, unit_name


def rejection_reason_choices():
    from applications import constants

    choices_class = getattr(constants, "RejectionReason", None)
    return choices_class.choices if choices_class is not None else []


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}))


class VerifyEvidenceForm(forms.Form):
    evidence = forms.CharField(max_length=200, widget=forms.HiddenInput)


class ReassignForm(forms.Form):
    to_user = forms.ModelChoiceField(label=_("Assign to"), queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                groups__name__in=[roles.CASEWORKERS, roles.SENIOR_CASEWORKERS],
            )
            .distinct()
            .order_by("username")
        )


class InformationRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("The request asks"),
        choices=[
            (InformationRequestKind.INFORMATION, _("For information or documents")),
            (
                InformationRequestKind.CORRECTION,
                _(
                    "To correct the application: if it is not corrected in time, it is closed "
                    "as withdrawn (Ley 39/2015, art. 68.1)"
                ),
            ),
        ],
        initial=InformationRequestKind.INFORMATION,
        widget=forms.RadioSelect,
        # Left out (an older form, a script): a plain request for information.
        required=False,
    )
    message = forms.CharField(
        label=_("What the applicant must send or explain"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    due_on = forms.DateField(
        label=_("Answer by"),
        help_text=_("For example: 31/12/2026"),
    )

    # A request to correct an application gives ten working days (Ley 39/2015, art. 68.1).
    DEFAULT_WORKING_DAYS = 10

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].initial = working_days_after(
            timezone.localdate(), self.DEFAULT_WORKING_DAYS
        )
        self.fields["due_on"].help_text = _(
            "Ten working days from today unless you change it (weekends and holidays do not "
            "count). For example: 31/12/2026"
        )

    def clean_kind(self):
        return self.cleaned_data.get("kind") or InformationRequestKind.INFORMATION

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on <= timezone.localdate():
            raise forms.ValidationError(_("The date to answer by must be in the future."))
        return due_on


class ProposeForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount to award"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        help_text=_(
            "Required when the amount differs from the rules' result; the approver reads it."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, computed_amount: Decimal | None = None, unit: str = "EUR", **kwargs):
        super().__init__(*args, **kwargs)
        self.computed_amount = computed_amount
        self.unit = unit
        self.fields["amount"].label = _("Amount to award (%(unit)s)") % {"unit": unit_name(unit)}
        if computed_amount is not None:
            self.fields["amount"].initial = computed_amount

    def clean(self):
        cleaned = super().clean()
        amount = cleaned.get("amount")
        if (
            amount is not None
            and self.computed_amount is not None
            and amount != self.computed_amount
            and not cleaned.get("justification", "").strip()
        ):
            self.add_error(
                "justification",
                _("Explain why the amount differs from the rules' %(computed)s.")
                % {"computed": amount_shown(self.computed_amount, self.unit)},
            )
        return cleaned


class RejectForm(forms.Form):
    reason_codes = forms.MultipleChoiceField(
        label=_("Reasons"),
        choices=rejection_reason_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(
        label=_("Explanation for the applicant"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the caseworker"),
        help_text=_("What the caseworker should look at again. The applicant does not see it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AmendedApprovalForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount to award"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,
    )
    justification = forms.CharField(
        label=_("Justification"),
        help_text=_("Why you approve a different amount from the one proposed."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, unit: str = "EUR", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].label = _("Amount to award (%(unit)s)") % {"unit": unit_name(unit)}


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RevocationReason.choices)
    explanation = forms.CharField(
        label=_("Explanation for the beneficiary"),
        help_text=_("It is stated in the revocation letter."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EmptyForm(forms.Form):
    """Claim, release, approve: a button, nothing to fill in."""
