"""The demo's SQLite database takes two people saving at the same instant.

The race runs in a fresh interpreter with the demo's own settings (onestop.settings.dev) on a
SQLite file, so the database options come from the settings' code path, not from this test.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_two_saves_at_the_same_instant_both_succeed_on_the_demo_database(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "onestop.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    completed = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_save_race"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert report["journal_mode"] == "wal"
    assert report["busy_timeout_ms"] >= 10_000
    assert report["errors"] == [], report
    assert report["saved"] == report["attempted"] == 60
