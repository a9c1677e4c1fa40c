"""Settings shared by every environment.

Every value is read from the environment (django-environ). The environment modules (dev,
test, production) only set defaults for the variables before importing this one, so the
same variable always means the same thing wherever it is set.
"""

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Where the site is reached: every absolute link (emails, letters' verification address and QR
# code, allauth's emails) is built from it by cms.site_address.site_url, never from a request.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "cms",
    "eligibility",
    "organisations",
    "applications",
    "desk",
    "letters",
    "demo",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    "formtools",
    # Applicant accounts: sign-up by email, verification, password reset, optional TOTP.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # The API's OpenAPI docs page, served from the site rather than a CDN.
    "ninja",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "onestop.content_security.ContentSecurityPolicyMiddleware",
    "onestop.sessions.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "applications.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "onestop.urls"
WSGI_APPLICATION = "onestop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'onestop.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
# A connection kept between requests and tasks is checked before its first use in each,
# so one that the server or a restart has dropped is replaced rather than failing the task.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's SQLite file under concurrent saves: readers never block the writer (WAL), a
    # writer waits for the lock instead of failing with "database is locked", and a
    # transaction takes the write lock when it begins (IMMEDIATE), not when it first writes,
    # where SQLite cannot wait and fails at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Public pages are served to anonymous visitors from the cache for this long at most
# (cms.views.pages); an edit in the CMS purges them at once, but figures the desk changes,
# such as a programme's budget left, may lag by this much. 0 turns the cache off.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=30)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# One sign-in for everyone, staff and applicants: allauth's, by verified email address, with its
# rate limits and second factor. The admin's and Wagtail's own login forms redirect there
# (applications.accounts.views), and SecondFactorMiddleware signs out any session that skipped
# its user's second factor.
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
ACCOUNT_ADAPTER = "applications.accounts.adapter.AccountAdapter"
LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
LOGIN_REDIRECT_URL = "applications:application_list"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = env("ACCOUNT_EMAIL_SUBJECT_PREFIX", default="")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme or "https"
# Failed sign-ins and second-factor codes: per client and per account, counted in the shared
# cache (Redis in production). A locked account is refused even the right password, and told
# until when (applications.accounts.adapter).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("LOGIN_FAILED_RATE", default="10/m/ip,5/5m/key"),
    "reset_password": env("RESET_PASSWORD_RATE", default="20/m/ip,5/m/key"),
}
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Staff must have a second factor (an authenticator app, or a security key / passkey); an
# applicant may add one, and is then never signed in without it.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_ADAPTER = "applications.accounts.mfa_adapter.MFAAdapter"
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="onestop")
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=DEBUG)

# A session ends after this long without a request; every request extends it, but the
# session is written at most once a minute unless it changed (onestop/sessions.py). Pages
# warn two minutes before the end and offer to stay signed in.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)
SESSION_EXPIRY_WARNING_SECONDS = 2 * 60

# Languages: Spanish is the default; everything a citizen sees exists in es, eu and en.
LANGUAGE_CODE = "es"
LANGUAGES = [
    ("es", "Español"),
    ("eu", "Euskara"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["onestop.formats"]
USE_I18N = True
USE_TZ = True
# The city's time zone: programme windows are inclusive dates in Europe/Madrid.
TIME_ZONE = "Europe/Madrid"

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The admin's date pickers write what the desk reads and its hints show: 31/12/2026 19:48.
# Each is in every language's *_INPUT_FORMATS (onestop/formats), as Wagtail requires.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Applicants' documents and generated letters: never under MEDIA_ROOT, never served directly.
PRIVATE_STORAGE_ROOT = env.path("PRIVATE_STORAGE_ROOT", default=str(VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND", default=("django.contrib.staticfiles.storage.StaticFilesStorage")
        )
    },
}

# The programme editor posts large nested forms.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = env("SITE_NAME", default="onestop")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars are not fetched from Gravatar: that would send a hash of every member of
# staff's email address to a third party on each admin page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# A mail server that stops answering must not hold a worker until the task's time limit.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Used by the file-based backend (the browser suite reads the emails it sends from there).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
# The sender of every email. Set, it is used as it stands; unset, the sender follows the site:
# the city's authority as the CMS's city settings name it, at noreply@ SITE_URL's host
# (cms.site_address.email_sender). The value here serves mail sent past that helper.
_SENDER_FROM_ENVIRONMENT = env("DEFAULT_FROM_EMAIL", default="")
_SITE_HOST = urlsplit(SITE_URL).hostname or "localhost"
try:  # a site reached by IP address (the demo's 127.0.0.1) has no mail domain
    ipaddress.ip_address(_SITE_HOST)
    _SITE_HOST = "localhost"
except ValueError:
    pass
DEFAULT_FROM_EMAIL = _SENDER_FROM_ENVIRONMENT or f"Ayuntamiento de Bilbao <noreply@{_SITE_HOST}>"
EMAIL_SENDER_FROM_SITE = not _SENDER_FROM_ENVIRONMENT

# Celery: no broker configured means tasks run in-process, at the call, as in the demo.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A worker that dies mid-task leaves the message on the queue for another worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# E-mails have a queue of their own, so that letters never wait behind them: a slow or hung
# mail server (each send may take EMAIL_TIMEOUT) or a burst of notifications fills `emails`,
# while letters and everything else stay on the default `celery` queue. A worker must be
# started on both (`-Q celery,emails`), or one worker per queue.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {
    "applications.tasks.emails.application_email_send": {"queue": "emails"},
}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# With acks_late, a message a worker took but did not acknowledge (it was SIGKILLed, or its
# machine died) goes back to the queue once the visibility timeout has passed; kombu's
# default is an hour. The timeout must exceed the longest task, or a task still running is
# handed to a second worker: the hard time limit below stays under it (a letter renders in
# well under a second, an email is one SMTP exchange; the clean-ups go one row at a time and
# carry on where a cut-short run stopped). Retries with a countdown are ETA messages, which
# Redis also redelivers after this timeout: the outbox keeps its backoff in its rows instead.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=300)
}
CELERY_TASK_TIME_LIMIT = env.int(
    "CELERY_TASK_TIME_LIMIT", default=CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] - 60
)
# The soft limit raises in the task, which records the failure (an outbox row's attempt);
# the hard limit kills the process.
CELERY_TASK_SOFT_TIME_LIMIT = env.int(
    "CELERY_TASK_SOFT_TIME_LIMIT", default=CELERY_TASK_TIME_LIMIT - 30
)

# The city whose desk this is: shown on pages and letters, prefix of application references.
ONESTOP_CITY_CODE = env("CITY_CODE", default="BIO")
# EU de minimis ceiling over three fiscal years, Regulation (EU) 2023/2831.
ONESTOP_DE_MINIMIS_CEILING = env("DE_MINIMIS_CEILING", default="300000.00")
# How long the public account of a measure is served from the cache; a desk decision
# refreshes it sooner (desk.signals).
ONESTOP_PUBLIC_ACCOUNT_CACHE_SECONDS = env.int("PUBLIC_ACCOUNT_CACHE_SECONDS", default=300)
# Applicants' uploads: the largest file accepted, and a virus scanner run on each file (its
# path is the last argument; a non-zero exit refuses it), e.g. "clamdscan --no-summary".
ONESTOP_UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# The most pixels an uploaded image may have: caseworkers' browsers decode it in full.
ONESTOP_UPLOAD_MAX_PIXELS = env.int("UPLOAD_MAX_PIXELS", default=50_000_000)
ONESTOP_VIRUS_SCAN_COMMAND = env("VIRUS_SCAN_COMMAND", default="")
# Drafts untouched this many days are deleted with their files; their representatives are
# reminded DRAFT_REMINDER_DAYS before.
ONESTOP_DRAFT_RETENTION_DAYS = env.int("DRAFT_RETENTION_DAYS", default=90)
ONESTOP_DRAFT_REMINDER_DAYS = env.int("DRAFT_REMINDER_DAYS", default=7)
# How long a submitted file is kept after it ended before its personal data are replaced and
# its files deleted (applications.retention, which also says from when each is counted).
# Withdrawn, or closed without a decision: one year (366 days, so a leap year is covered),
# past the month to appeal the closure and the two for court.
ONESTOP_RETENTION_WITHDRAWN_DAYS = env.int("RETENTION_WITHDRAWN_DAYS", default=366)
# Rejected: four years and three months. A rejection can be challenged by the extraordinary
# review of Ley 39/2015 art. 125 up to four years after its notification (the ordinary appeal,
# one month, and court, two, fall inside); the three months cover the notification (up to
# ten days before it is deemed made, longer by post) and a request that reaches the desk late.
ONESTOP_RETENTION_REJECTED_DAYS = env.int("RETENTION_REJECTED_DAYS", default=1461 + 92)
# Awarded: four years (1461 days, any four years), the prescription of the administration's
# right to claim the money back (Ley 38/2003 General de Subvenciones art. 39). It cannot be
# set shorter: the rules refuse to run.
ONESTOP_RETENTION_AWARDED_DAYS = env.int("RETENTION_AWARDED_DAYS", default=1461)
# Where data subjects write to the data protection officer, shown on the record of
# processing (e.g. "dpd@bilbao.eus"); empty: the city's postal address is given.
ONESTOP_DATA_PROTECTION_CONTACT = env("DATA_PROTECTION_CONTACT", default="")
# The caseworker desk's defaults for a programme (each programme's desk row may change them):
# days from submission to decision, and the amount above which a second, senior caseworker
# must approve.
# Deadlines count working days (Ley 39/2015, art. 30): not Saturdays, Sundays, Spain's
# national holidays, the region's (the `holidays` package's subdivision code; PV, the Basque
# Country) nor the city's own days, which staff keep in the admin (Local holidays).
ONESTOP_HOLIDAY_COUNTRY = env("HOLIDAY_COUNTRY", default="ES")
ONESTOP_HOLIDAY_SUBDIVISION = env("HOLIDAY_SUBDIVISION", default="PV")
ONESTOP_DESK_SLA_DAYS = env.int("DESK_SLA_DAYS", default=30)
# The awarding body as the national subsidies database (BDNS) knows it (set its DIR3 code and
# name), in the export of calls and awards.
ONESTOP_BDNS_AUTHORITY = env("BDNS_AUTHORITY", default="Ayuntamiento de Bilbao")
ONESTOP_FOUR_EYES_THRESHOLD = env("FOUR_EYES_THRESHOLD", default="3000.00")
# The city's certificate that signs letters and receipts (PAdES): a PKCS#12 file and its
# password. Production requires both; unset elsewhere, a self-signed stand-in for the city is
# made once under PRIVATE_STORAGE_ROOT (letters.services.signing), which no one else trusts.
ONESTOP_SIGNING_PKCS12_PATH = env("SIGNING_PKCS12_PATH", default="")
ONESTOP_SIGNING_PKCS12_PASSWORD = env("SIGNING_PKCS12_PASSWORD", default="")
# The public screening API (/api/v1/): requests per client address and period ("120/m",
# "1000/h"), counted in the default cache; more are answered 429 with Retry-After.
ONESTOP_SCREENING_API_RATE = env("SCREENING_API_RATE", default="120/m")
# The outbox of letters and emails (applications.services.outbox): a failed row is tried
# again after OUTBOX_BACKOFF_SECONDS, doubling each time up to OUTBOX_BACKOFF_MAX_SECONDS, and
# is dead (listed for staff to retry) after OUTBOX_MAX_ATTEMPTS. A queued row is left to its
# task for OUTBOX_LEASE_SECONDS before the sweeper queues it again (a message lost with the
# broker or a killed worker); keep it about the visibility timeout, since a live broker
# redelivers by then anyway. Rows pending longer than OUTBOX_OVERDUE_MINUTES are listed.
ONESTOP_OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
ONESTOP_OUTBOX_BACKOFF_SECONDS = env.int("OUTBOX_BACKOFF_SECONDS", default=30)
ONESTOP_OUTBOX_BACKOFF_MAX_SECONDS = env.int("OUTBOX_BACKOFF_MAX_SECONDS", default=3600)
ONESTOP_OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
ONESTOP_OUTBOX_OVERDUE_MINUTES = env.int("OUTBOX_OVERDUE_MINUTES", default=15)
# How many rows one sweep queues at most: after a broker loss, the backlog goes out over a
# few minutes rather than as one burst.
ONESTOP_OUTBOX_SWEEP_LIMIT = env.int("OUTBOX_SWEEP_LIMIT", default=1000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Wagtail logs every background task it runs; that is noise, not news.
        "django_tasks": {"level": "WARNING"},
        # pyHanko logs every signature it cannot validate, with its traceback: a copy the
        # public uploads to the verification page is answered there (why it is not valid).
        "pyhanko.sign.validation": {"level": "CRITICAL"},
        "pyhanko.sign.diff_analysis": {"level": "CRITICAL"},
    },
}
# Content-Security-Policy: scripts only from our origin or with the request's nonce, nothing
# framed by others, forms only to ourselves; the admin's variant is in onestop/content_security.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # The second factor's QR code and Wagtail's icons are data: images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        # Wagtail's preview panel frames our own pages.
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "report-uri": "/csp-report/",
    }
}
# Wagtail's preview views allow their own same-origin frame; nothing else is framed.
X_FRAME_OPTIONS = "DENY"
