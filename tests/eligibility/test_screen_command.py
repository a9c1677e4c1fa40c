"""`manage.py screen FACTS.json`: the API's answer on the command line."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from eligibility import screening_service

pytestmark = pytest.mark.usefixtures("demo_site")

FACTS = {"sector": "hospitality", "district": "abando", "employees": 5}


@pytest.fixture(autouse=True)
def demo_today(monkeypatch):
    monkeypatch.setattr(screening_service, "city_today", lambda: dt.date(2026, 11, 22))


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
    assert [r["programme"] for r in printed["results"]][2] == "hospitality-direct-aid"


def test_the_date_and_language_change_the_answer(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"district": "outside"}))

    status, out, _ = run(str(path), "--as-of", "2027-02-15", "--lang", "eu")

    assert status == 0
    results = json.loads(out)["results"]
    assert results[1]["programme"] == "digital-consultancy" and results[1]["open"] is False
    assert results[2]["reasons"][1]["text"] == "Lokalak edo establezimenduak Bilbon egon behar du."


def test_invalid_facts_exit_1_with_the_error_as_json_on_stderr(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"employees": -2}))

    status, out, err = run(str(path))

    assert status == 1 and out == ""
    assert json.loads(err) == {
        "error": {"fact": "employees", "message": "must be at least 0, not -2"}
    }


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_an_unreadable_file_exits_1_with_a_json_error(tmp_path, content):
    path = tmp_path / "facts.json"
    path.write_text(content)

    status, _, err = run(str(path))

    assert status == 1
    assert "message" in json.loads(err)["error"]


def test_a_missing_file_exits_1(tmp_path):
    status, _, err = run(str(tmp_path / "nowhere.json"))
    assert status == 1 and "cannot read" in json.loads(err)["error"]["message"]
