"""The demo and local development: SQLite, tasks in-process, emails on the console."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from onestop.settings.base import *  # noqa: E402
