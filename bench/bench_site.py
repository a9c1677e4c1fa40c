"""Settings and URLs of the benchmarks that run the site under gunicorn (surge.py, pages.py).

The production settings, with one more URL: `/bench/hello/`, a trivial view behind the same
middleware, the baseline every figure is divided by. It reads `request.user`, so that the
session and the user are loaded as on every signed-in page.

    DJANGO_SETTINGS_MODULE=bench_site  (with bench/ on PYTHONPATH)
"""

from django.http import HttpResponse
from django.urls import path

from onestop.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_site"


def hello(request):
    return HttpResponse("hello" if request.user.is_authenticated else "hello, stranger")


def _urlpatterns():
    from onestop import urls

    return [path("bench/hello/", hello), *urls.urlpatterns]


def __getattr__(name):
    # The project's URLs import models, so they are built on first use, not with the settings.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)
