"""A small cache of compiled programmes, keyed by whatever names a revision for the caller.

The engine does not know what a revision is: the CMS passes a key that changes whenever the
definition does (e.g. `(page_id, revision_id)`), and gets back the same compiled programme
until then.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from eligibility.engine.programme import CompiledProgramme, compile_programme


class ProgrammeCache:
    """A thread-safe LRU of compiled programmes."""

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, CompiledProgramme] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self,
        key: Hashable,
        definition: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    ) -> CompiledProgramme:
        """The programme compiled for `key`; `definition` may be a callable, read on a miss."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        doc = definition() if callable(definition) else definition
        compiled = compile_programme(doc)  # outside the lock: compiling may take a while
        with self._lock:
            self._items[key] = compiled
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return compiled

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


_default = ProgrammeCache()


def compiled_for(
    key: Hashable, definition: Mapping[str, Any] | Callable[[], Mapping[str, Any]]
) -> CompiledProgramme:
    """`compile_programme` through a process-wide cache keyed by the caller's revision key."""
    return _default.get(key, definition)
