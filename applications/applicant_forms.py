"""Forms of the applicant's own pages: answering an information request, withdrawing,
appealing against a decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.uploads import ACCEPT_ATTRIBUTE


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one control: a list of uploaded files, possibly empty."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class InformationAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
    )
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_("PDF, JPEG or PNG. You can choose several files at once."),
    )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("answer") or "").strip() and not cleaned.get("files"):
            self.add_error("answer", _("Write an answer or attach a file."))
        return cleaned


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("This helps us improve the programme. You do not have to give a reason."),
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Grounds of your appeal"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        help_text=_(
            "Say what you think is wrong in the decision and why, and what you ask for "
            "(for example, that the support be granted, or the amount corrected)."
        ),
        error_messages={"required": _("Write the grounds of your appeal.")},
    )
    files = MultipleFileField(
        label=_("Documents that support your appeal"),
        required=False,
        help_text=_("Optional. PDF, JPEG or PNG. You can choose several files at once."),
    )
