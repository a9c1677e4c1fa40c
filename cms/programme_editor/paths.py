"""Paths into a programme definition, written as the engine writes them:
`("eligibility", "all", 2, "value")` is `eligibility.all[2].value`."""

from __future__ import annotations

import json
import re
import uuid

Path = tuple[str | int, ...]
# Where a part of the definition lives in the editor: the value's key (a scalar field or a
# block field) and, inside a block field, the steps down its blocks (stream and list indexes,
# struct child names). Scalar fields have an empty block path.
Location = tuple[str, Path]

_ID_NAMESPACE = uuid.UUID("5b0f8a52-3f0e-4d0c-9a57-8d1e7c0b7a31")


def format_path(parts: Path) -> str:
    """`("eligibility", "all", 2, "value")` -> `eligibility.all[2].value`, as the engine does."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text


_PATH_TOKEN = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def parse_path(text: str) -> Path | None:
    """The inverse of `format_path`; None for text that is not such a path."""
    parts: list[str | int] = []
    position = 0
    while position < len(text):
        match = _PATH_TOKEN.match(text, position)
        if match is None or (match.group(0).startswith(".") and position == 0):
            return None
        name, index, quoted = match.groups()
        if name is not None:
            parts.append(name)
        elif index is not None:
            parts.append(int(index))
        else:
            parts.append(json.loads(quoted))
        position = match.end()
    return tuple(parts)


def node_id(key: str, path: Path) -> str:
    """A block id that is the same whenever the same definition is loaded."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"{key}:{format_path(path)}"))
