from allauth.mfa.totp.views import activate_totp
from allauth.mfa.webauthn.views import add_webauthn
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from applications.accounts.views import (
    enrolment_recorded,
    password_reset_elsewhere,
    sign_in_elsewhere,
)
from cms.views import pages
from cms.views.search import search
from letters.views.verification import verify_short
from onestop.content_security import csp_report

urlpatterns = [
    # One sign-in for everyone: the admin's own login and password reset lead to allauth's.
    path("admin/login/", sign_in_elsewhere, name="admin_sign_in_elsewhere"),
    path("admin/password_reset/", password_reset_elsewhere),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("csp-report/", csp_report, name="csp_report"),
    # The public screening API: no language prefix, the language is a field of the request.
    path("api/v1/", include("eligibility.api_urls")),
    # A letter's QR code: short, without a language; redirects to the page in the visitor's.
    path("verify/<str:code>", verify_short, name="verify_short"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Citizen-facing pages carry their language in the URL (/es/, /eu/, /en/); Wagtail serves the
# page tree of that locale. This must stay last: it catches every remaining path.
urlpatterns += i18n_patterns(
    path("search/", search, name="search"),
    path("find-support/", include("eligibility.urls")),
    # Enrolling a second factor counts as using it (applications.accounts.views).
    path(
        "accounts/2fa/totp/activate/",
        enrolment_recorded(activate_totp),
        name="mfa_enrol_totp",
    ),
    path("accounts/2fa/webauthn/add/", enrolment_recorded(add_webauthn), name="mfa_enrol_key"),
    path("accounts/", include("allauth.urls")),
    # Wagtail's front-end login (for restricted pages) is another door: to allauth's too.
    path("_util/login/", sign_in_elsewhere, name="wagtailcore_login"),
    path("", include("organisations.urls")),
    path("", include("applications.urls")),
    path("", include("letters.urls")),
    path("", include("desk.public_urls")),
    # Wagtail's own front-end patterns (wagtail.urls), its pages served through the cache of
    # public pages.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    re_path(serve_pattern, pages.serve, name="wagtail_serve"),
    prefix_default_language=True,
)
