"""The engine's strict JSON reader: limits checked before the parser recurses or allocates."""

from __future__ import annotations

import sys
import time

import pytest

from eligibility.engine import JSONInputError, parse_json, read_json_file
from eligibility.engine.json_input import MAX_DEPTH, too_deep_at
from tests.eligibility.hostile_json import HOSTILE


def refusal(data: str | bytes, **options) -> JSONInputError:
    with pytest.raises(JSONInputError) as refused:
        parse_json(data, **options)
    return refused.value


def test_nesting_up_to_the_limit_is_read_and_one_level_more_is_refused():
    assert parse_json("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    error = refusal("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert (error.line, error.column) == (1, MAX_DEPTH + 1)
    assert error.message == f"nested more than {MAX_DEPTH} levels deep"


def test_brackets_inside_strings_do_not_count():
    text = '{"a": "' + "[{" * 10_000 + '\\" ]]", "b": ["\\\\", {"c": 1}]}'
    assert parse_json(text)["b"][1] == {"c": 1}
    assert too_deep_at(text) is None


def test_the_place_of_the_first_level_too_deep_is_given_on_its_line():
    text = '{\n  "eligibility":\n    ' + "[" * 70 + "]" * 70 + "\n}"
    error = refusal(text)
    assert str(error) == f"line 3, column {4 + MAX_DEPTH}: nested more than {MAX_DEPTH} levels deep"


def _stack_depth() -> int:
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    return depth


def test_a_deep_document_is_refused_before_the_parser_recurses():
    # Far below what ten thousand levels would need: only the pass over the text can run.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_stack_depth() + 100)
    try:
        started = time.perf_counter()
        error = refusal(HOSTILE["deep_objects"][0])
        elapsed = time.perf_counter() - started
    finally:
        sys.setrecursionlimit(limit)
    assert "nested more than 64 levels deep" in error.message
    assert elapsed < 0.5


@pytest.mark.parametrize("name", HOSTILE)
def test_every_hostile_document_is_refused_with_its_reason(name):
    content, words = HOSTILE[name]
    assert words in str(refusal(content, expect_object=True))


def test_what_json_allows_and_the_reader_too():
    assert parse_json(b'{"a": "\\ud83d\\ude00", "b": 1.5, "c": -2, "d": "caf\xc3\xa9"}') == {
        "a": "\U0001f600",
        "b": 1.5,
        "c": -2,
        "d": "café",
    }
    assert parse_json('{"n": ' + "9" * 100 + "}")["n"] == int("9" * 100)
    assert parse_json('{"a": {"k": 1}, "b": {"k": 2}}') == {"a": {"k": 1}, "b": {"k": 2}}


def test_the_size_limit_and_the_file_reader(tmp_path):
    assert refusal(b"[1]" * 10, max_bytes=16).message == "larger than 16 bytes"
    path = tmp_path / "facts.json"
    path.write_bytes(b'{"employees": 3}' + b" " * 2048)
    with pytest.raises(JSONInputError) as refused:
        read_json_file(path, max_bytes=1024)
    assert str(refused.value) == f"{path}: larger than 1 KB"
    assert read_json_file(path, max_bytes=4096) == {"employees": 3}
    with pytest.raises(JSONInputError, match="nowhere.json: cannot be read"):
        read_json_file(tmp_path / "nowhere.json", max_bytes=1024)
