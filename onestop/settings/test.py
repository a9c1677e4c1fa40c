"""The test suites: the same settings with fast hashing and no outgoing mail.

DATABASE_URL and CELERY_BROKER_URL are honoured, so the integration suite runs these settings
against PostgreSQL and Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# The test client's host: a link in an email opens in the client.
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# Tests change the database under pages they read within one test module and roll it back
# between tests, which a cache outliving each test would hide; the cache's own tests turn it
# on (tests/cms/test_public_page_cache.py).
os.environ.setdefault("PUBLIC_PAGE_CACHE_SECONDS", "0")

from onestop.settings.base import *  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "test-media"))
PRIVATE_STORAGE_ROOT = env.path("PRIVATE_STORAGE_ROOT", default=str(VAR_DIR / "test-private"))
