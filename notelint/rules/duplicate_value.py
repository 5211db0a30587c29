"""A field marked `unique: true` must not repeat a value another note of the same type already
has, and a list with `unique_items: true` must not repeat an item. Across the vault, the first
note in path order keeps the value and every later one is reported, at the key. A repeated
list item is fixable: the repeat is removed and the first kept.

Schema:
    link: {type: url, unique: true}
Bad:
    (two Content notes)  link: https://example.com/post
Good:
    (each Content note links to its own article)
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Fix, Severity
from notelint.edits import remove_item
from notelint.fields import schema_fields
from notelint.note import Note
from notelint.rule import Context
from notelint.vault import unique_key
from notelint.yaml_nodes import YamlScalar, YamlSeq

ID = "duplicate-value"
SEVERITY = Severity.ERROR
FIXABLE = True


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    for name, spec, present in schema_fields(note, context):
        value = present.value
        if spec.unique and isinstance(value, YamlScalar) and context.type_name is not None:
            key = unique_key(value.value)
            first = context.vault.first_with_value(context.type_name, name, key, note.path)
            if first is not None and first != note.path:
                message = f"{name} {value.text!r} is already used by {first}"
                yield context.diagnostic(ID, note.span(present.key.start, present.key.end), message)
        if spec.unique_items and isinstance(value, YamlSeq):
            yield from _repeated_items(name, value, note, context)


def _repeated_items(
    name: str, value: YamlSeq, note: Note, context: Context
) -> Iterator[Diagnostic]:
    seen: dict[str, int] = {}
    for index, item in enumerate(value.items):
        if not isinstance(item, YamlScalar) or item.value is None:
            continue
        key = unique_key(item.value)
        if key in seen:
            message = f"{name}[{index}] {item.text!r} repeats {name}[{seen[key]}]"
            fix = Fix((remove_item(note, value, index),))
            yield context.diagnostic(ID, note.span(item.start, item.end), message, fix=fix)
        else:
            seen[key] = index
