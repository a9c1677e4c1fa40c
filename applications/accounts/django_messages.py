"""Messages of Django itself that the applicant's pages can show and that Django's Basque
catalogue lacks (its entries were written for older wording, e.g. the minimum-length password
rule's "%(min_length)d", so the lookup misses and the Spanish fallback shows instead).

makemessages only extracts strings found in the project's code, so they are marked here; the
project's catalogues come before Django's, which makes these translations the ones used. The
texts must stay exactly as in Django's source (django/contrib/auth/password_validation.py,
django/core/validators.py, django/forms/, django/views/csrf.py); check them after upgrading
Django. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # Password rules on sign-up, password reset and password change.
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    # Field validators and form fields the wizard and the organisation forms use.
    gettext_noop("Enter a valid domain name."),
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),
    gettext_noop(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: "
        "%(allowed_extensions)s."
    ),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be "
        "ambiguous or it may not exist."
    ),
    # The page shown when a form's security token is refused (CSRF failure).
    gettext_noop(
        "You are seeing this message because this HTTPS site requires a “Referer header” to "
        "be sent by your web browser, but none was sent. This header is required for security "
        "reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    gettext_noop(
        "If you have configured your browser to disable “Referer” headers, please re-enable "
        "them, at least for this site, or for HTTPS connections, or for “same-origin” requests."
    ),
    gettext_noop(
        "If you have configured your browser to disable cookies, please re-enable them, at "
        "least for this site, or for “same-origin” requests."
    ),
]
