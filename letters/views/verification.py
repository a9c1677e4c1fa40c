"""The public check of a letter: anyone holding its verification code sees what the letter
decided, its fingerprint and who signed it, and can upload a PDF to compare and to have its
electronic signature checked. Nothing else is revealed, and
wrong codes are rate-limited per client so that codes cannot be tried in bulk."""

import hashlib

from allauth.account.adapter import get_adapter as get_account_adapter
from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from applications.accounts.throttling import throttle_hit, throttle_retry_after
from letters.models.letters import LetterKind, verification_code_normalise
from letters.rendering.content import awarded_text, programme_title
from letters.selectors import letter_by_code, letter_stored_signature
from letters.services.signing import pdf_signature_check
from onestop.i18n import active_language

WRONG_CODES_ALLOWED = 20
WRONG_CODES_WINDOW = 15 * 60  # seconds
MAX_PDF_SIZE = 10 * 1024 * 1024
UPLOADS_ALLOWED = 30
UPLOADS_WINDOW = 15 * 60  # seconds


NO_LETTER_WITH_CODE = _("No letter was issued with this code. Check it and try again.")


class VerificationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        help_text=_("20 letters and numbers, printed on the letter: for example 7KQ2M-9PXW4-…"),
        max_length=40,
    )

    def clean_code(self):
        code = verification_code_normalise(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                _("Enter the code as it is printed on the letter: 20 letters and numbers.")
            )
        return code


class LetterPdfForm(forms.Form):
    pdf = forms.FileField(
        label=_("The letter's PDF"),
        help_text=_("We compare it with the letter issued with this code. It is not stored."),
    )

    def clean_pdf(self):
        pdf = self.cleaned_data["pdf"]
        if pdf.size > MAX_PDF_SIZE:
            raise forms.ValidationError(_("The file is larger than 10 MB: it cannot be a letter."))
        return pdf


def _client(request) -> str:
    return get_account_adapter(request).get_client_ip(request)


def _too_many_wrong_codes(request) -> bool:
    return (
        throttle_retry_after(
            key=f"verify-wrong:{_client(request)}",
            limit=WRONG_CODES_ALLOWED,
            window_seconds=WRONG_CODES_WINDOW,
        )
        is not None
    )


def _wrong_code(request) -> None:
    throttle_hit(
        key=f"verify-wrong:{_client(request)}",
        limit=WRONG_CODES_ALLOWED,
        window_seconds=WRONG_CODES_WINDOW,
    )


def _rate_limited(request) -> HttpResponse:
    return render(request, "letters/verification/too_many.html", status=429)


@require_http_methods(["GET", "POST"])
def verify_start(request):
    form = VerificationCodeForm(request.POST or None)
    if request.method == "POST":
        if _too_many_wrong_codes(request):
            return _rate_limited(request)
        if form.is_valid():
            if letter_by_code(form.cleaned_data["code"]) is not None:
                return redirect("letters:verify_letter", code=form.cleaned_data["code"])
            _wrong_code(request)
            form.add_error("code", NO_LETTER_WITH_CODE)
    return render(request, "letters/verification/verify_start.html", {"form": form})


def _unknown_code(request, code: str) -> HttpResponse:
    """The start page with the code from the URL in its field and the error the form would
    give: a mistyped link or QR scan is told what is wrong and can correct it in place."""
    form = VerificationCodeForm({"code": code})
    if form.is_valid():
        form.add_error("code", NO_LETTER_WITH_CODE)
    return render(request, "letters/verification/verify_start.html", {"form": form}, status=404)


@require_http_methods(["GET", "POST"])
def verify_letter(request, code: str):
    if _too_many_wrong_codes(request):
        return _rate_limited(request)
    letter = letter_by_code(code)
    if letter is None:
        _wrong_code(request)
        return _unknown_code(request, code)
    if letter.code != code:
        return redirect("letters:verify_letter", code=letter.code)
    form = LetterPdfForm(request.POST or None, request.FILES or None)
    matches = None
    if request.method == "POST":
        # Each comparison hashes up to 10 MB: a client may ask only so many per window.
        retry_after = throttle_hit(
            key=f"verify-upload:{_client(request)}",
            limit=UPLOADS_ALLOWED,
            window_seconds=UPLOADS_WINDOW,
        )
        if retry_after is not None:
            form.add_error(
                "pdf",
                _("Too many uploads from your connection. Wait %(minutes)d minutes and try again.")
                % {"minutes": max(1, round(retry_after / 60))},
            )
    signature = None
    if request.method == "POST" and form.is_valid():
        # At most MAX_PDF_SIZE, held once: hashed, and its signature checked.
        uploaded = b"".join(form.cleaned_data["pdf"].chunks())
        matches = hashlib.sha256(uploaded).hexdigest() == letter.sha256
        signature = pdf_signature_check(uploaded)
    application = letter.application
    language = active_language()
    return render(
        request,
        "letters/verification/verify_letter.html",
        {
            "letter": letter,
            "reference": application.reference,
            "programme": programme_title(application, language),
            # What a bank or a public body checking the letter needs: who it was addressed
            # to and, for an award, how much. Not the tax id, the address or anything else.
            "organisation_name": application.organisation.legal_name,
            "amount": awarded_text(application, language)
            if letter.kind in (LetterKind.AWARD, LetterKind.REVOCATION)
            else "",
            "form": form,
            "matches": matches,
            "signature": signature,
            "stored_signature": letter_stored_signature(letter),
        },
    )


def verify_short(request, code: str):
    """/verify/<code> from the QR code: the page in the visitor's language."""
    from django.urls import reverse
    from django.utils.translation import get_language_from_request, override

    with override(get_language_from_request(request)):
        return redirect(reverse("letters:verify_letter", kwargs={"code": code}))
