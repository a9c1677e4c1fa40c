"""The browser suite: Playwright driving the system's Chromium against a running demo desk.

The desk is built once per session exactly as `python3 dev.py demo` builds it (migrate,
load_demo, runserver) on a database of its own, so the journeys see what a newcomer sees.
"""

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.desk import ROOT, desk_address, desk_env, manage

UNDER_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = ROOT / "var" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@contextlib.contextmanager
def demo_desk(workdir: Path) -> Iterator[str]:
    """Build a demo desk in `workdir` (migrate, load_demo), serve it with `manage.py runserver`
    and give its base URL; the server is stopped on leaving."""
    manage(workdir, "migrate", "--no-input", "-v0")
    manage(workdir, "load_demo")
    address = desk_address(workdir)
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", address, "--noreload"],
        cwd=ROOT,
        env=desk_env(workdir),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://{address}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base_url}/es/", timeout=2)  # noqa: S310
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the desk did not start:\n{(workdir / 'server.log').read_text()}")
                time.sleep(0.3)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def desk_workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("desk")


@pytest.fixture(scope="session")
def live_desk(desk_workdir) -> Iterator[str]:
    """The base URL of a demo desk served by `manage.py runserver`."""
    with demo_desk(desk_workdir) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def desk_mail(desk_workdir) -> Path:
    """The folder where the live desk writes each email it sends, one file per message."""
    return desk_workdir / "mail"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if UNDER_CI:
            pytest.exit(f"browser suite: no Chromium at {CHROMIUM} (required under CI=true)", 1)
        pytest.skip(f"no Chromium at {CHROMIUM}; install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        new_context = browser.new_context

        def watched_context(*args, **kwargs):
            context = new_context(*args, **kwargs)
            context.on("page", _watch_for_csp_violations)
            return context

        browser.new_context = watched_context
        yield browser
        browser.close()


# What the Content-Security-Policy blocked during the current test, in any page of any context:
# Chromium reports each violation on the page's console.
_csp_blocked: list[str] = []


def _watch_for_csp_violations(page) -> None:
    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            _csp_blocked.append(f"{page.url}: {message.text}")

    page.on("console", on_console)


@pytest.fixture(autouse=True)
def _pages_run_under_the_csp_without_violations():
    _csp_blocked.clear()
    yield
    assert _csp_blocked == [], "the Content-Security-Policy blocked:\n" + "\n".join(_csp_blocked)


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()
