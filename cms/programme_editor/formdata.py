"""A block's form state as the POST data that the admin's JavaScript submits for it.

Wagtail draws a block field in the browser from its form state (`block.get_form_state`) and
submits it as flat keys: `<prefix>-count`, `<prefix>-0-type`, `<prefix>-0-value-...`,
`<prefix>-0-deleted`, `<prefix>-0-order`, `<prefix>-0-id` for streams and lists, and
`<prefix>-<child>` for structs. The form uses this to show a block field with other values
than were posted (after the JSON tab won); tests use it to post a form as a browser would.
"""

from typing import Any

from wagtail import blocks


def block_post_data(block: blocks.Block, state: Any, prefix: str) -> dict[str, str]:
    data: dict[str, str] = {}
    _expand(block, state, prefix, data)
    return data


def value_post_data(block: blocks.Block, value: Any, prefix: str) -> dict[str, str]:
    """The POST data for a block's native value."""
    return block_post_data(block, block.get_form_state(value), prefix)


def _expand(block: blocks.Block, state: Any, prefix: str, data: dict[str, str]) -> None:
    if isinstance(block, blocks.BaseStreamBlock):
        children = state or []
        data[f"{prefix}-count"] = str(len(children))
        for index, child in enumerate(children):
            child_block = block.child_blocks[child["type"]]
            data[f"{prefix}-{index}-type"] = child["type"]
            _expand(child_block, child["value"], f"{prefix}-{index}-value", data)
            _list_item_furniture(prefix, index, child.get("id"), data)
    elif isinstance(block, blocks.ListBlock):
        children = state or []
        data[f"{prefix}-count"] = str(len(children))
        for index, child in enumerate(children):
            _expand(block.child_block, child["value"], f"{prefix}-{index}-value", data)
            _list_item_furniture(prefix, index, child.get("id"), data)
    elif isinstance(block, blocks.BaseStructBlock):
        for name, child_block in block.child_blocks.items():
            _expand(child_block, (state or {}).get(name), f"{prefix}-{name}", data)
    elif isinstance(state, list | tuple):
        # A select's state is the list of chosen values; these blocks choose one at most.
        data[prefix] = str(state[0]) if state else ""
    else:
        data[prefix] = "" if state is None else str(state)


def _list_item_furniture(prefix: str, index: int, block_id: Any, data: dict[str, str]) -> None:
    data[f"{prefix}-{index}-deleted"] = ""
    data[f"{prefix}-{index}-order"] = str(index)
    data[f"{prefix}-{index}-id"] = block_id or ""
