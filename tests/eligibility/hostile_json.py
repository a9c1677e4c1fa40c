"""Hostile JSON documents, by name, with words the refusal must contain.

The same documents are sent to the API and given to every command that reads JSON files;
each must be refused with a clear message, never a traceback.
"""

from __future__ import annotations

DEEP = 10_000

HOSTILE: dict[str, tuple[bytes, str]] = {
    "deep_arrays": (b"[" * DEEP + b"]" * DEEP, "nested more than 64 levels deep"),
    "deep_objects": (b'{"a":' * DEEP + b"1" + b"}" * DEEP, "nested more than 64 levels deep"),
    "deep_value": (
        b'{"employees": ' + b"[" * DEEP + b"]" * DEEP + b"}",
        "nested more than 64 levels deep",
    ),
    "nan": (b'{"employees": NaN}', "NaN is not a JSON number"),
    "infinity": (b'{"turnover_current": -Infinity}', "-Infinity is not a JSON number"),
    "huge_number": (b'{"turnover_current": 1e999999}', "1e999999 is out of range"),
    "long_integer": (b'{"employees": ' + b"9" * 5000 + b"}", "more than 100 characters"),
    "invalid_utf8": (b'{"sector": "caf\xe9"}', "not UTF-8"),
    "lone_surrogate": (b'{"sector": "\\ud800"}', "surrogate"),
    "duplicate_keys": (b'{"employees": 1, "employees": 200}', 'key "employees" appears twice'),
    "array": (b'[{"employees": 1}]', "JSON object"),
    "truncated": (b'{"employees": ', "invalid JSON"),
    "empty": (b"", "invalid JSON"),
}

# Over every size limit of the commands (1 MB), and of the API.
HUGE_STRING = b'{"sector": "' + b"x" * (10 * 1024 * 1024) + b'"}'
