"""The structured editor of a programme's rules in the Wagtail admin.

A policy editor never writes JSON: the programme page's edit screen shows the definition
(`ProgrammePage.definition`, format `onestop.programme/v1` or `/v2`) as ordinary fields and nested
blocks, and an "Advanced (JSON)" tab shows the same definition as text.

- `blocks`: the block types (a finite nesting of condition groups and expressions).
- `conversion`: pure functions between a definition and the editor's values, lossless
  (built on `shapes`, how each kind of node is shown; `reader` and `writer`, the two ways;
  and `paths`, the engine's `eligibility.all[2].value`).
- `errors`: engine errors (`eligibility.all[2].value: ...`) turned into block errors.
- `formdata`: a block's form state as the POST data the admin's JavaScript sends.
- `forms`: the page form that ties them together, and the rule for the JSON tab.
- `panels`: the notices and the fact list shown beside the fields.
"""
