"""The Content-Security-Policy of every response, and the endpoint browsers report to.

The public site runs under a strict policy: scripts only from our own origin or carrying the
request's nonce, no plugins, no framing by others, forms only to ourselves. Wagtail's admin
writes a few inline scripts of its own (date pickers, inline panels) that carry no nonce, so
its pages allow inline scripts and styles from our origin; everything else stays as strict.
"""

import json
import logging

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("onestop.csp")

MAX_REPORT_BYTES = 16 * 1024

ADMIN_REPLACEMENTS = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    admin_prefix: str | None = None

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if self._is_admin(request.path_info):
            # A nonce in the policy would make browsers ignore 'unsafe-inline'.
            parts.nonce = None
            parts.replace = {**(parts.replace or {}), **ADMIN_REPLACEMENTS}
        return parts

    def _is_admin(self, path: str) -> bool:
        if self.admin_prefix is None:
            type(self).admin_prefix = reverse("wagtailadmin_home")
        return path.startswith(self.admin_prefix)


@csrf_exempt
@require_POST
def csp_report(request):
    """Browsers post here what the policy blocked; each report is logged as a warning."""
    body = request.read(MAX_REPORT_BYTES + 1)
    if len(body) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        report = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    details = report.get("csp-report", report) if isinstance(report, dict) else report
    logger.warning("Content-Security-Policy violation: %s", json.dumps(details)[:2000])
    return HttpResponse(status=204)
