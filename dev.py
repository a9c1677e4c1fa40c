#!/usr/bin/env python3
"""Set up onestop and run it, with nothing but Python 3.11+ on the machine.

    python3 dev.py demo     install, build the demo desk, serve it at http://127.0.0.1:8000
    python3 dev.py demo A   the same, served at address A (host:port, e.g. 192.168.1.20:8000)
    python3 dev.py test     install, run the test suite (SQLite, tasks in-process)
    python3 dev.py setup    install only
    python3 dev.py code U   the current second-factor code of demo staff member U (e.g. admin)

Everything is installed into .venv from requirements.lock (exact versions, with hashes); the
installation is skipped when the lock file has not changed since the last one.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".installed-lock-sha256"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python3
        sys.exit("onestop needs Python 3.11 or newer.")
    command, rest = (argv[0], argv[1:]) if argv else ("demo", [])
    commands = {"demo": demo, "test": test, "setup": setup, "code": code}
    if command not in commands:
        sys.exit(f"usage: python3 dev.py [{'|'.join(commands)}] [arguments]")
    return commands[command](rest)


def setup(_args: list[str] | None = None) -> int:
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != digest:
        print("Installing the locked dependencies ...", flush=True)
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PYTHON, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", LOCK)
        STAMP.write_text(digest)
    compile_catalogues()
    return 0


def demo(args: list[str]) -> int:
    setup()
    address = args[0] if args else "127.0.0.1:8000"
    env = demo_env(os.environ, address)
    (ROOT / "var").mkdir(exist_ok=True)
    manage("migrate", "--no-input", env=env)
    manage("load_demo", "--with-applications", env=env)
    print(f"\nThe demo desk is at http://{address}/ and the admin at http://{address}/admin/\n")
    return manage("runserver", address, env=env, check=False)


def demo_env(environ, address: str) -> dict[str, str]:
    """The demo desk's environment when served at `address` (host:port, or a port alone as
    runserver takes it): its emails and letters link there, and its host is allowed."""
    if address.isdigit():
        address = f"127.0.0.1:{address}"
    host = urlsplit(f"//{address}").hostname or "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address, as ALLOWED_HOSTS writes it
    allowed = environ.get("ALLOWED_HOSTS") or "127.0.0.1,localhost,[::1]"
    if host not in allowed.split(","):
        allowed = f"{allowed},{host}"
    return {
        **environ,
        "DJANGO_SETTINGS_MODULE": "onestop.settings.dev",
        "SITE_URL": f"http://{address}",
        "ALLOWED_HOSTS": allowed,
    }


def code(args: list[str]) -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "onestop.settings.dev"}
    return manage("demo_code", *args, env=env, check=False)


def test(args: list[str]) -> int:
    setup()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "onestop.settings.test"}
    env.pop("DATABASE_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    suite = args or ["tests", "--ignore=tests/integration", "--ignore=tests/e2e"]
    return run(PYTHON, "-m", "pytest", *suite, env=env, check=False)


def compile_catalogues() -> None:
    """Compile locale/*/LC_MESSAGES/*.po with polib, so that no gettext tools are needed."""
    import_polib = (
        "import polib, sys; [polib.pofile(p).save_as_mofile(p[:-3] + '.mo') for p in sys.argv[1:]]"
    )
    catalogues = [str(p) for p in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))]
    if catalogues:
        run(PYTHON, "-c", import_polib, *catalogues)


def manage(*args: str, env: dict, check: bool = True) -> int:
    return run(PYTHON, ROOT / "manage.py", *args, env=env, check=check)


def run(*command, env: dict | None = None, check: bool = True) -> int:
    completed = subprocess.run([str(part) for part in command], cwd=ROOT, env=env)
    if check and completed.returncode != 0:
        sys.exit(completed.returncode)
    return completed.returncode


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
