"""What journeys share: the live desk's environment, scripts run in its database, signing
in, and the emails it wrote."""

from __future__ import annotations

import email
import os
import re
import socket
import subprocess
import sys
import time
from email import policy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def desk_address(workdir: Path) -> str:
    """The host:port the desk in `workdir` is served at: a free local port, picked once."""
    path = workdir / "address"
    if not path.exists():
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            path.write_text(f"127.0.0.1:{sock.getsockname()[1]}")
    return path.read_text()


def desk_env(workdir: Path) -> dict[str, str]:
    """The environment of a demo desk kept in `workdir`: its SQLite database, private files
    and emails as files in workdir/mail (read by `messages_to`), its links to the address it
    is served at, as `dev.py demo ADDRESS` gives them. Tasks run in-process."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "onestop.settings.dev",
        "SITE_URL": f"http://{desk_address(workdir)}",
        "DATABASE_URL": f"sqlite:///{workdir / 'desk.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_STORAGE_ROOT": str(workdir / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
    }
    env.pop("CELERY_BROKER_URL", None)
    return env


def manage(workdir: Path, *arguments: str) -> str:
    """Run `manage.py ARGUMENTS` on the desk in `workdir`; its standard output."""
    completed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        cwd=ROOT,
        env=desk_env(workdir),
        check=False,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        pytest.fail(f"manage.py {arguments[0]} failed:\n{completed.stderr[-4000:]}")
    return completed.stdout


def run_in_desk(workdir: Path, script: str) -> str:
    """Run a Python script in the desk's Django (manage.py shell); the last line it prints."""
    return manage(workdir, "shell", "-c", script).strip().splitlines()[-1]


def programme_withdraw(workdir: Path, slug: str) -> None:
    """Unpublish a programme a test published in the shared desk, in every language, so the
    tests that count the demo's programmes (home page, screener) see only the demo's."""
    run_in_desk(
        workdir,
        "from cms.models import ProgrammePage\n"
        f"for page in ProgrammePage.objects.live().filter(programme_slug={slug!r}):\n"
        "    page.unpublish()\n"
        "print('withdrawn')\n",
    )


def applicant_script(username: str, address: str, password: str) -> str:
    """The start of a script for `run_in_desk`: `user`, an applicant who signs in by email
    with `password`, the address already verified."""
    return f"""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

user, _ = get_user_model().objects.get_or_create(
    username={username!r}, defaults={{"email": {address!r}}})
user.set_password({password!r})
user.save()
EmailAddress.objects.update_or_create(
    user=user, email=user.email, defaults={{"verified": True, "primary": True}})
"""


# The code each demo member of staff last typed: allauth accepts a code only once.
_codes_used: dict[str, str] = {}


def staff_sign_in(page, base_url: str, username: str, *, then: str = "/admin/") -> None:
    """Sign a demo member of staff in as they would: the admin sends them to the one sign-in
    page, they give email and password, then the code of their authenticator app."""
    from demo.content import DEMO_USERS, demo_totp_code

    demo_user = next(user for user in DEMO_USERS if user.username == username)
    page.goto(f"{base_url}{then}")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("#id_login", demo_user.email)
    page.fill("#id_password", demo_user.password)
    page.click("form.account-form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    code = demo_totp_code(demo_user)
    while code == _codes_used.get(username):
        time.sleep(1)
        code = demo_totp_code(demo_user)
    _codes_used[username] = code
    page.fill("#id_code", code)
    page.click("form.account-form button[type=submit]")
    page.wait_for_url(f"{base_url}{then}")


def sign_in(page, base_url: str, address: str, password: str, *, language: str = "es") -> None:
    """Sign in on the public site by email and wait for the page it lands on."""
    page.goto(f"{base_url}/{language}/accounts/login/")
    page.fill("#id_login", address)
    page.fill("#id_password", password)
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()


def messages_to(mail_dir: Path, address: str) -> list[email.message.EmailMessage]:
    """Every email the desk has sent to `address`, oldest first."""
    found = []
    for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
        # Bytes, not text: the parser decodes each part by its own charset and encoding.
        for chunk in path.read_bytes().split(b"-" * 79):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk.lstrip(), policy=policy.default)
            if address in (message["To"] or ""):
                found.append(message)
    return found


def wait_for_message(
    mail_dir: Path, address: str, pattern: str, *, seconds: float = 10
) -> email.message.EmailMessage:
    """The newest email to `address` whose plain text matches `pattern` (a regex)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in reversed(messages_to(mail_dir, address)):
            if re.search(pattern, plain_text(message)):
                return message
        time.sleep(0.2)
    pytest.fail(f"no email to {address} matching {pattern!r} in {mail_dir}")


def plain_text(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def wait_for_link(mail_dir: Path, address: str, path_part: str) -> tuple[str, str]:
    """The first link to `path_part` in the newest email to `address` that has one, and that
    email's subject."""
    link = r"https?://\S+" + re.escape(path_part) + r"\S*"
    message = wait_for_message(mail_dir, address, link)
    return re.search(link, plain_text(message)).group(0), message["Subject"]
