from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from applications.views.verification import verify_short
from cms.views.search import search
from eligibility.api import api as screening_api

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # The public screening API: no language prefix, the language is a field of the request.
    path("api/v1/", screening_api.urls),
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
    path("accounts/", include("allauth.urls")),
    path("", include("applications.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
