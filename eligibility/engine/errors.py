"""Errors in a programme definition, each at a path such as `eligibility.all[2].value`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def format_path(parts: Iterable[str | int]) -> str:
    """`["eligibility", "all", 2, "value"]` -> `eligibility.all[2].value`."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text


def repeated_keys(items: Any, section: list[str | int], key: str = "id"
                  ) -> Iterator[tuple[list[str | int], str]]:  # fmt: skip
    """(path, message) for each item of a list whose `key` repeats an earlier item's:
    `lines[1].id: 'line-1' is already used by lines[0]`."""
    seen: dict[str, int] = {}
    for index, item in enumerate(items if isinstance(items, list) else ()):
        value = item.get(key) if isinstance(item, dict) else None
        if not isinstance(value, str):
            continue
        if value in seen:
            name = section[-1]
            yield [*section, index, key], f"{value!r} is already used by {name}[{seen[value]}]"
        else:
            seen[value] = index


@dataclass(frozen=True)
class DefinitionError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InvalidDefinition(ValueError):
    """A programme definition that cannot be compiled; `.errors` lists every problem."""

    def __init__(self, errors: list[DefinitionError]) -> None:
        self.errors = list(errors)
        summary = "; ".join(str(error) for error in self.errors[:5])
        more = len(self.errors) - 5
        if more > 0:
            summary += f"; and {more} more"
        super().__init__(f"invalid programme definition: {summary}")
