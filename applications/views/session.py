from django.http import HttpResponse
from django.views.decorators.http import require_POST


@require_POST
def keep_alive(request):
    """Extend the session: a changed session is written, and its time starts again."""
    request.session.modified = True
    return HttpResponse(status=204)
