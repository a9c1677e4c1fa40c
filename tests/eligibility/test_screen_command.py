"""`manage.py screen FACTS.json`: the API's answer on the command line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.eligibility.hostile_json import HOSTILE, HUGE_STRING

pytestmark = pytest.mark.usefixtures("demo_site", "demo_today")

FACTS = {"sector": "hospitality", "district": "abando", "employees": 5}


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("screen", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit:
        status = exit.code
    return status, out.getvalue(), err.getvalue()


def test_the_command_prints_what_the_api_answers(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(FACTS))

    status, out, err = run(str(path), "--lang", "en", "--as-of", "2026-11-22")

    assert status == 0 and err == ""
    printed = json.loads(out)
    api = Client().post(
        "/api/v1/screening",
        data=json.dumps({"facts": FACTS, "lang": "en", "as_of": "2026-11-22"}),
        content_type="application/json",
    )
    assert printed == api.json()
    assert printed["next_question"]["fact"] == "tax_obligations_current"
    assert "hospitality-direct-aid" in [r["programme"] for r in printed["results"]]


def test_the_date_and_language_change_the_answer(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"district": "outside"}))

    status, out, _ = run(str(path), "--as-of", "2027-02-15", "--lang", "eu")

    assert status == 0
    results = {result["programme"]: result for result in json.loads(out)["results"]}
    assert results["digital-consultancy"]["open"] is False
    assert results["hospitality-direct-aid"]["reasons"][1]["text"] == (
        "Lokalak edo establezimenduak Bilbon egon behar du."
    )


def test_invalid_facts_exit_1_with_the_error_as_json_on_stderr(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"employees": -2}))

    status, out, err = run(str(path))

    assert status == 1 and out == ""
    assert json.loads(err) == {
        "error": {"fact": "employees", "message": "must be at least 0, not -2"}
    }


HOSTILE_FILES = {**HOSTILE, "huge_string": (HUGE_STRING, "larger than 1 MB")}


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_a_file_that_cannot_be_used_exits_2_with_a_json_error_naming_it(tmp_path, name):
    content, words = HOSTILE_FILES[name]
    path = tmp_path / f"{name}.json"
    path.write_bytes(content)

    status, out, err = run(str(path))

    assert (status, out) == (2, "")
    message = json.loads(err)["error"]["message"]
    assert message.startswith(f"cannot read the facts: {path}: ")
    assert words in message


def test_a_missing_file_exits_2(tmp_path):
    status, _, err = run(str(tmp_path / "nowhere.json"))
    assert status == 2 and "cannot be read" in json.loads(err)["error"]["message"]


def test_facts_from_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(FACTS)))
    status, out, _ = run("-", "--as-of", "2026-11-22")
    assert status == 0 and len(json.loads(out)["results"]) == 8  # every live demo programme

    monkeypatch.setattr("sys.stdin", io.StringIO("[" * 10_000))
    status, _, err = run("-")
    assert status == 2
    assert "(standard input): line 1, column 65: nested more than 64" in err


@pytest.mark.parametrize("as_of", ["0001-01-01", "3000-01-01"])
def test_a_reference_date_out_of_range_is_refused(tmp_path, as_of):
    with pytest.raises(CommandError, match="must be between 1900-01-01 and 2999-12-31"):
        run(str(tmp_path / "facts.json"), "--as-of", as_of)
