"""Production: every secret and host comes from the environment, with no default.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL, CACHE_URL, SITE_URL,
SIGNING_PKCS12_PATH, SIGNING_PKCS12_PASSWORD.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault(
    "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
)

from onestop.settings.base import *  # noqa: E402

DEBUG = False
# WhiteNoise serves the collected static files, right after the security middleware.
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
# Rate limits, lockouts and used second-factor codes live in the cache: it must be shared by
# every process, so production takes Redis (e.g. redis://127.0.0.1:6379/1) and nothing else.
CACHES = {"default": env.cache("CACHE_URL")}
if CACHES["default"]["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
    raise ImproperlyConfigured(
        "CACHE_URL must point at Redis (redis:// or rediss://): the rate limits and lockouts "
        "must hold across every process."
    )
CELERY_TASK_ALWAYS_EAGER = False
# Every link in emails and on letters is built from SITE_URL: it must be the bare address of
# the site as citizens reach it.
SITE_URL = env("SITE_URL")
_site = urlsplit(SITE_URL)
if (
    _site.scheme not in ("https", "http")
    or not _site.hostname
    or _site.path not in ("", "/")
    or _site.query
    or _site.fragment
    or _site.username
):
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's absolute address, such as https://ayudas.example.org, "
        f"with no path: every link in emails and on letters is built from it (got {SITE_URL!r})."
    )
WAGTAILADMIN_BASE_URL = SITE_URL
ACCOUNT_DEFAULT_HTTP_PROTOCOL = _site.scheme
# Letters are signed with the city's own certificate: without it, production would sign them
# with a self-signed stand-in that no one can trust.
ONESTOP_SIGNING_PKCS12_PATH = env("SIGNING_PKCS12_PATH")
ONESTOP_SIGNING_PKCS12_PASSWORD = env("SIGNING_PKCS12_PASSWORD")
if not ONESTOP_SIGNING_PKCS12_PATH or not ONESTOP_SIGNING_PKCS12_PASSWORD:
    raise ImproperlyConfigured(
        "SIGNING_PKCS12_PATH and SIGNING_PKCS12_PASSWORD must name the city's "
        "signing certificate (a PKCS#12 file) and its password: letters are signed with it."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
# __Host-: the browser keeps these cookies only when set over HTTPS for this exact host and path
# /, so a sibling subdomain cannot plant or read them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
