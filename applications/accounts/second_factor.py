"""The second factor, held on every request rather than trusted to one sign-in page.

allauth asks for the code when someone signs in through its pages. Every other way a session
could come to hold a user (a login view of Django's or Wagtail's, a door added later) is
closed here: a user with a second factor whose session did not use it is signed out, and
staff, who must have one, are sent to set it up before any admin page.
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator

# The kinds of authenticator that prove possession; recovery codes only stand in for them.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# Set once per session when the user had no second factor at the time: saves a query on every
# later request. Enrolling in this session records the second factor's use (views).
NO_SECOND_FACTOR_SESSION_KEY = "onestop.no_second_factor"


def has_admin_access(user) -> bool:
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def session_used_second_factor(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def session_lacks_required_second_factor(request) -> bool:
    """True when the signed-in user has a second factor this session never used."""
    if session_used_second_factor(request):
        return False
    if request.session.get(NO_SECOND_FACTOR_SESSION_KEY):
        return False
    if has_second_factor(request.user):
        return True
    request.session[NO_SECOND_FACTOR_SESSION_KEY] = True
    return False


def staff_must_enrol(request) -> bool:
    """True for a member of staff whose session has not used a second factor: they have none
    (a user with one is signed out before this is asked)."""
    return has_admin_access(request.user) and not session_used_second_factor(request)


def second_factor_enrolment_record(request) -> None:
    if not request.user.is_authenticated or session_used_second_factor(request):
        return
    authenticator = (
        Authenticator.objects.filter(user=request.user, type__in=SECOND_FACTORS)
        .order_by("-created_at")
        .first()
    )
    if authenticator is None:
        return
    request.session.pop(NO_SECOND_FACTOR_SESSION_KEY, None)
    record_authentication(
        request, request.user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
    )
