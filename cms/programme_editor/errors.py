"""The engine's errors, each at a path of the definition, shown at the editor's fields.

`assemble` says where each path of the definition came from: a scalar field, or a block path
inside a block field (stream and list indexes, struct child names). An error is shown at the
longest prefix of its path that has such a place; what is left of the path is kept in front
of the message (`[1]: 'x' is not a choice of 'sector'`).
"""

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from cms.programme_editor.conversion import Location, Path, format_path, parse_path


def locate(path_text: str, locations: dict[Path, Location]) -> tuple[str, Path, str] | None:
    """(value key, block path, the message's prefix) for an engine path, or None."""
    parts = parse_path(path_text)
    if not parts:
        return None
    for length in range(len(parts), 0, -1):
        found = locations.get(parts[:length])
        if found is not None:
            key, block_path = found
            return key, block_path, format_path(parts[length:])
    return None


def grouped_errors(errors, locations: dict[Path, Location], keys) -> tuple[dict, list]:
    """Engine errors by value key as [(block path, message)], for the keys in `keys`; and
    the errors with no such place."""
    placed: dict[str, list[tuple[Path, str]]] = defaultdict(list)
    unplaced = []
    for error in errors:
        found = locate(error.path, locations)
        if found is None or found[0] not in keys:
            unplaced.append(error)
            continue
        key, block_path, rest = found
        message = f"{rest}: {error.message}" if rest else error.message
        placed[key].append((block_path, message))
    return placed, unplaced


class RulesStreamValidationError(StreamBlockValidationError):
    """A stream's errors, read out in the page's error summary as a count, not a riddle."""

    def __init__(self, count: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.message = ngettext(
            "%(count)d problem, marked below", "%(count)d problems, marked below", count
        ) % {"count": count}


def block_error(block: blocks.Block, value: Any, errors: list[tuple[Path, str]]) -> ValidationError:
    """One ValidationError for a block field, nested as the blocks are, for the admin to show.

    `value` is the field's prep value (what `block.get_prep_value` gives), which tells which
    block each stream child is.
    """
    own = [message for path, message in errors if not path]
    deeper: dict[Any, list[tuple[Path, str]]] = defaultdict(list)
    for path, message in errors:
        if path:
            deeper[path[0]].append((path[1:], message))

    if isinstance(block, blocks.BaseStreamBlock | blocks.ListBlock):
        children = value if isinstance(value, list) else []
        child_errors = {}
        for index, items in deeper.items():
            if not isinstance(index, int) or index >= len(children):
                own.extend(message for _path, message in items)
                continue
            child = children[index]
            if isinstance(block, blocks.ListBlock):
                child_block = block.child_block
            else:
                child_block = block.child_blocks.get(child.get("type"))
            if child_block is None:
                own.extend(message for _path, message in items)
                continue
            child_errors[index] = block_error(child_block, child.get("value"), items)
        if isinstance(block, blocks.ListBlock):
            return ListBlockValidationError(block_errors=child_errors, non_block_errors=own)
        return RulesStreamValidationError(
            len(errors), block_errors=child_errors, non_block_errors=own
        )

    if isinstance(block, blocks.BaseStructBlock):
        child_errors = {}
        for name, items in deeper.items():
            child_block = block.child_blocks.get(name)
            if child_block is None:
                own.extend(message for _path, message in items)
                continue
            child_value = (value or {}).get(name)
            child_errors[name] = block_error(child_block, child_value, items)
        return StructBlockValidationError(block_errors=child_errors, non_block_errors=own)

    messages = own + [message for items in deeper.values() for _path, message in items]
    return ValidationError(messages)
