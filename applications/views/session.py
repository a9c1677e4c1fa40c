from django.http import HttpResponse
from django.views.decorators.http import require_POST


@require_POST
def keep_alive(request):
    """Extend the session: with SESSION_SAVE_EVERY_REQUEST, any request does it."""
    request.session.modified = True
    return HttpResponse(status=204)
