import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "onestop.settings.production",
    "SECRET_KEY": "k3J9x!vQ2#pLr8@Zm5&Tn1^Wc7*Yb4%Hd6$Fg0(Ej)Ua-Si+Ro=Pq_Nl~Mk",
    "ALLOWED_HOSTS": "ayudas.example.org",
    "DATABASE_URL": "postgres://onestop@db.example.org:5432/onestop",
    "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
    "SITE_URL": "https://ayudas.example.org",
    "CACHE_URL": "redis://redis.example.org:6379/1",
    "SIGNING_PKCS12_PATH": "/etc/onestop/signing.p12",
    "SIGNING_PKCS12_PASSWORD": "city-certificate-password",
}


def run_check(environment: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENVIRONMENT}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_checklist_passes_with_production_settings():
    result = run_check(PRODUCTION_ENVIRONMENT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    environment = {k: v for k, v in PRODUCTION_ENVIRONMENT.items() if k != "SECRET_KEY"}
    result = run_check(environment)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_a_cache_that_is_not_shared_between_processes():
    environment = {**PRODUCTION_ENVIRONMENT, "CACHE_URL": "locmemcache://"}
    result = run_check(environment)
    assert result.returncode != 0
    assert "CACHE_URL must point at Redis" in result.stderr


def test_production_settings_refuse_to_start_without_a_shared_cache():
    environment = {k: v for k, v in PRODUCTION_ENVIRONMENT.items() if k != "CACHE_URL"}
    result = run_check(environment)
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr


def test_production_cookies_are_host_only_and_secure():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.LANGUAGE_COOKIE_SECURE,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENVIRONMENT}
    env.update(PRODUCTION_ENVIRONMENT)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "True", "True"]


@pytest.mark.parametrize(
    "site_url",
    [
        "ayudas.example.org",
        "//ayudas.example.org",
        "ftp://ayudas.example.org",
        "https://",
        "https://ayudas.example.org/ayudas/",
        "https://ayudas.example.org/?lang=es",
    ],
)
def test_production_settings_refuse_a_site_url_that_is_not_the_sites_bare_address(site_url):
    result = run_check({**PRODUCTION_ENVIRONMENT, "SITE_URL": site_url})
    assert result.returncode != 0
    assert "SITE_URL must be the site's absolute address" in result.stderr


def test_production_settings_refuse_to_start_without_a_site_url():
    environment = {k: v for k, v in PRODUCTION_ENVIRONMENT.items() if k != "SITE_URL"}
    result = run_check(environment)
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def _production_values(names: str, **environment) -> list[str]:
    code = f"from django.conf import settings as s; print(*[getattr(s, n) for n in {names!r}.split()], sep='|')"
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENVIRONMENT}
    env.pop("DEFAULT_FROM_EMAIL", None)
    env.update({**PRODUCTION_ENVIRONMENT, **environment})
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split("|")


def test_production_links_and_sender_follow_site_url():
    names = "SITE_URL WAGTAILADMIN_BASE_URL ACCOUNT_DEFAULT_HTTP_PROTOCOL DEFAULT_FROM_EMAIL"
    assert _production_values(names + " EMAIL_SENDER_FROM_SITE") == [
        "https://ayudas.example.org",
        "https://ayudas.example.org",
        "https",
        "Ayuntamiento de Bilbao <noreply@ayudas.example.org>",
        "True",
    ]


def test_a_sender_set_in_the_environment_wins():
    sender = "Ayudas Bilbao <ayudas@bilbao.example>"
    values = _production_values(
        "DEFAULT_FROM_EMAIL EMAIL_SENDER_FROM_SITE", DEFAULT_FROM_EMAIL=sender
    )
    assert values == [sender, "False"]
