"""Sessions that end after SESSION_COOKIE_AGE without a request, written only when needed.

Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) costs a database write per
page view, and on launch day that is most of what the database does. Instead the session is
written when it changed, or when its last write is SESSION_REFRESH_SECONDS old: the session
then ends between SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE after
the last request, and the pages' expiry warning counts from the last write, so that it
always appears before the real end.
"""

import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware

# When the session was last written (epoch seconds), kept in the session itself.
REFRESHED_KEY = "_onestop_refreshed"


def _is_due(session, now: float) -> bool:
    refreshed = session.get(REFRESHED_KEY)
    return (
        not isinstance(refreshed, int | float)
        or now - refreshed >= settings.SESSION_REFRESH_SECONDS
    )


def session_seconds_left(request) -> int:
    """Seconds until this request's session ends if nothing more happens, counting the
    write this response will make if one is due."""
    session = getattr(request, "session", None)
    if session is None:
        return settings.SESSION_COOKIE_AGE
    now = time.time()
    if session.modified or _is_due(session, now):
        return settings.SESSION_COOKIE_AGE
    return max(0, int(settings.SESSION_COOKIE_AGE - (now - session[REFRESHED_KEY])))


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        # A session that exists and is signed in or holds anything: never create one here.
        if session is not None and session.session_key and not session.is_empty():
            now = time.time()
            if session.modified or _is_due(session, now):
                session[REFRESHED_KEY] = now
        return super().process_response(request, response)
