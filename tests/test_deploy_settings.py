import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "onestop.settings.production",
    "SECRET_KEY": "k3J9x!vQ2#pLr8@Zm5&Tn1^Wc7*Yb4%Hd6$Fg0(Ej)Ua-Si+Ro=Pq_Nl~Mk",
    "ALLOWED_HOSTS": "ayudas.example.org",
    "DATABASE_URL": "postgres://onestop@db.example.org:5432/onestop",
    "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
    "SITE_URL": "https://ayudas.example.org",
    "CACHE_URL": "redis://redis.example.org:6379/1",
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
