"""`manage.py evaluate`: one programme, facts from .json or .jsonl, no database."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from engine_builders import GOOD_BAR, HOSPITALITY

ROOT = Path(__file__).resolve().parents[2]
DEMO_PROGRAMMES = sorted((ROOT / "cms" / "demo" / "programmes").glob("*.json"))


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("evaluate", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def programme_file(tmp_path: Path) -> Path:
    path = tmp_path / "hospitality.json"
    path.write_text(json.dumps(HOSPITALITY), encoding="utf-8")
    return path


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_one_facts_object_prints_one_result(programme_file: Path, tmp_path: Path):
    facts = write(tmp_path, "facts.json", json.dumps(GOOD_BAR))
    status, out, _ = run(str(programme_file), str(facts), "--as-of", "2026-01-20")
    assert status == 0
    result = json.loads(out)
    assert result["outcome"] == "eligible"
    assert result["amount"] == "1250.00"
    assert result["open"] is True
    assert result["reasons"][-1]["id"] == "de_minimis"
    assert "más" in out  # Spanish by default, non-ASCII kept


def test_language_and_non_ascii_kept(programme_file: Path, tmp_path: Path):
    facts = write(tmp_path, "facts.json", json.dumps({**GOOD_BAR, "debts_with_city": True}))
    status, out, _ = run(str(programme_file), str(facts), "--lang", "eu", "--as-of", "2026-03-01")
    assert status == 0
    assert "«bai»" in out  # not escaped as \u00ab
    result = json.loads(out)
    assert result["outcome"] == "ineligible"
    assert result["open"] is False


def test_invalid_facts_in_a_json_file(programme_file: Path, tmp_path: Path):
    facts = write(tmp_path, "facts.json", json.dumps({"employees": "five"}))
    status, out, _ = run(str(programme_file), str(facts))
    assert status == 1
    assert json.loads(out) == {
        "error": {"fact": "employees", "message": "must be a whole number, not 'five'"}
    }


def test_jsonl_prints_one_line_per_line_in_order_and_goes_on(programme_file: Path, tmp_path: Path):
    lines = [
        json.dumps(GOOD_BAR),
        json.dumps({"employees": -3}),
        "",
        json.dumps({"sector": "care"}),
        json.dumps({**GOOD_BAR, "employees": 12}),
        json.dumps({"is_sse": True}),
    ]
    facts = write(tmp_path, "facts.jsonl", "\n".join(lines) + "\n")
    status, out, _ = run(str(programme_file), str(facts), "--as-of", "2026-01-20")
    assert status == 1
    results = [json.loads(line) for line in out.splitlines()]
    assert [r.get("outcome") or r["error"]["fact"] for r in results] == [
        "eligible",
        "employees",
        "ineligible",
        "eligible",
        "is_sse",
    ]
    assert results[3]["amount"] == "1500.00"
    assert results[4]["error"]["message"] == "is derived (from legal_form) and cannot be supplied"


def test_jsonl_all_good_exits_zero(programme_file: Path, tmp_path: Path):
    facts = write(tmp_path, "facts.jsonl", json.dumps(GOOD_BAR) + "\n" + json.dumps({}) + "\n")
    status, out, _ = run(str(programme_file), str(facts))
    assert status == 0
    assert [json.loads(line)["outcome"] for line in out.splitlines()] == [
        "eligible",
        "needs_info",
    ]


def test_an_invalid_programme_exits_two_with_its_errors(tmp_path: Path):
    broken: dict[str, Any] = json.loads(json.dumps(HOSPITALITY))
    broken["eligibility"]["all"][2]["op"] = "gte2"
    broken["unit"] = "hours"
    programme = write(tmp_path, "broken.json", json.dumps(broken))
    facts = write(tmp_path, "facts.json", "{}")
    status, out, err = run(str(programme), str(facts))
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith("eligibility.all[2].op: 'gte2' is not one of 'eq'")
    assert lines[1] == "unit: must be 'EUR' when de_minimis is true, not 'hours'"


@pytest.mark.parametrize("path", DEMO_PROGRAMMES, ids=[path.stem for path in DEMO_PROGRAMMES])
def test_every_demo_programme_evaluates(path: Path, tmp_path: Path):
    facts = write(tmp_path, "facts.jsonl", "{}\n" + json.dumps({"employees": 3}) + "\n")
    for lang in ("es", "eu", "en"):
        status, out, err = run(str(path), str(facts), "--lang", lang)
        assert (status, err) == (0, "")
        for line in out.splitlines():
            result = json.loads(line)
            assert result["programme"] == path.stem or result["programme"]
            assert result["outcome"] in ("eligible", "ineligible", "needs_info")


def test_the_command_runs_as_a_process(programme_file: Path, tmp_path: Path):
    facts = write(tmp_path, "facts.jsonl", json.dumps(GOOD_BAR) + "\n" + '{"employees": 1.5}\n')
    done = subprocess.run(
        [sys.executable, "manage.py", "evaluate", str(programme_file), str(facts)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    first, second = done.stdout.splitlines()
    assert json.loads(first)["outcome"] == "eligible"
    assert json.loads(second)["error"]["fact"] == "employees"
