"""`manage.py evaluate`: one programme, facts from .json or .jsonl, no database."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from engine_builders import GOOD_BAR, HOSPITALITY

from tests.eligibility.hostile_json import HOSTILE, HUGE_STRING

ROOT = Path(__file__).resolve().parents[2]
DEMO_PROGRAMMES = sorted((ROOT / "demo" / "data" / "programmes").glob("*.json"))


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("evaluate", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    return status, out.getvalue(), err.getvalue()


def run_process(*args: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "evaluate", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


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


# The command names activity codes from the code list in the database, as it does when run.
@pytest.mark.django_db
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
    done = run_process(programme_file, facts)
    assert done.returncode == 1, done.stderr
    first, second = done.stdout.splitlines()
    assert json.loads(first)["outcome"] == "eligible"
    assert json.loads(second)["error"]["fact"] == "employees"


# --- hostile files: a clear error naming the file, exit status 2, never a traceback ---------

HOSTILE_FILES = {**HOSTILE, "huge_string": (HUGE_STRING, "larger than 1 MB")}


def write_bytes(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_a_hostile_programme_file_exits_two_naming_the_file_and_the_problem(tmp_path, name):
    content, words = HOSTILE_FILES[name]
    programme = write_bytes(tmp_path, f"{name}.json", content)
    facts = write(tmp_path, "facts.json", "{}")

    status, out, err = run(str(programme), str(facts))

    assert (status, out) == (2, "")
    assert err.startswith(f"cannot read the programme: {programme}: ")
    assert words in err


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_a_hostile_facts_file_exits_two_naming_the_file_and_the_problem(
    programme_file, tmp_path, name
):
    content, words = HOSTILE_FILES[name]
    facts = write_bytes(tmp_path, f"{name}.json", content)

    status, out, err = run(str(programme_file), str(facts))

    assert (status, out) == (2, "")
    assert err.startswith(f"cannot read the facts: {facts}: ")
    assert words in err


def test_an_unreadable_facts_file_exits_two(programme_file, tmp_path):
    status, _, err = run(str(programme_file), str(tmp_path / "nowhere.json"))
    assert status == 2
    assert "nowhere.json: cannot be read (No such file or directory)" in err

    status, _, err = run(str(programme_file), str(tmp_path / "nowhere.jsonl"))
    assert status == 2
    assert "nowhere.jsonl" in err


def test_hostile_lines_are_errors_of_their_lines_and_the_run_goes_on(programme_file, tmp_path):
    names = [name for name in HOSTILE if name != "empty"]  # a blank line is skipped
    lines = [HOSTILE[name][0] for name in names]
    lines.append(b'{"sector": "' + b"x" * (1024 * 1024 + 10) + b'"}')  # one line over 1 MB
    lines.append(json.dumps(GOOD_BAR).encode())
    facts = write_bytes(tmp_path, "facts.jsonl", b"\n".join(lines) + b"\n")

    status, out, err = run(str(programme_file), str(facts), "--as-of", "2026-01-20")

    assert (status, err) == (1, "")
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == len(names) + 2
    for number, (name, result) in enumerate(zip(names, results, strict=False), start=1):
        message = result["error"]["message"]
        if name == "array":  # valid JSON, but not a set of facts
            assert message == "the facts must be a JSON object of fact names to values"
        else:
            assert message.startswith(f"line {number}"), name
            assert HOSTILE[name][1] in message, (name, message)
    assert results[-2]["error"]["message"] == f"line {len(names) + 1}: larger than 1 MB"
    assert results[-1]["outcome"] == "eligible"


def test_a_reference_date_out_of_range_is_refused():
    with pytest.raises(CommandError, match="must be between 1900-01-01 and 2999-12-31"):
        run("programme.json", "facts.json", "--as-of", "0001-01-01")


def test_a_hostile_file_exits_two_without_a_traceback_as_a_process(programme_file, tmp_path):
    deep = write_bytes(tmp_path, "deep.json", HOSTILE["deep_arrays"][0])
    done = run_process(deep, programme_file)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"{deep}: line 1, column 65: nested more than 64 levels deep" in done.stderr
