"""A field's value must have the YAML type the schema gives: `str`, `int`, `float`, `bool`,
`date` and `datetime` (a YAML date or a quoted string), `url`, `enum`, `list` or `wikilink`.
YAML is read as Obsidian reads it (YAML 1.2): `yes` and `NO` are strings, `"5"` is a string,
`5.0` is not an int. An empty value is left to `missing-field`. Reported at the key, or at the
item for a list item. Fixable where the coercion loses nothing: `"5"` to 5 for an int, `"true"`
to true for a bool, a lone string to a one-item list.

Schema:
    read_priority: {type: int, min: 1, max: 5}
Bad:
    read_priority: "4"
Good:
    read_priority: 4
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from notelint.config import FieldSpec
from notelint.diagnostics import Diagnostic, Fix, Severity
from notelint.edits import as_block_list, replace_node
from notelint.fields import Checked, checked_values, describe
from notelint.note import Note
from notelint.rule import Context
from notelint.yaml_nodes import YamlNode, YamlScalar, YamlSeq

ID = "wrong-type"
SEVERITY = Severity.ERROR
FIXABLE = True

_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_EXPECTED = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "date": "a date",
    "datetime": "a date-time",
    "url": "a URL string",
    "enum": "one of the allowed values",
    "list": "a list",
    "wikilink": 'a quoted link like "[[Note]]"',
}


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    for checked in checked_values(note, context):
        if checked.typed:
            continue
        message = (
            f"{checked.label} is {describe(checked.node)}, expected {_EXPECTED[checked.spec.type]}"
            + _hint(checked.spec, checked.node)
        )
        fix = _coercion(note, checked)
        yield context.diagnostic(ID, note.span(checked.at.start, checked.at.end), message, fix=fix)


def _coercion(note: Note, checked: Checked) -> Fix | None:
    """The edit for a coercion that loses nothing, if there is one."""
    node, kind = checked.node, checked.spec.type
    if not isinstance(node, YamlScalar) or not isinstance(node.value, str):
        return None
    if kind == "int" and node.style in ("'", '"') and _INTEGER.fullmatch(node.value):
        return Fix((replace_node(node, str(int(node.value))),))
    if kind == "bool" and node.style in ("'", '"') and node.value in ("true", "false"):
        return Fix((replace_node(node, node.value),))
    if kind == "list" and isinstance(checked.at, YamlScalar) and checked.at is not node:
        edit = as_block_list(note, checked.at, node)
        return Fix((edit,)) if edit is not None else None
    return None


def _hint(spec: FieldSpec, node: YamlNode) -> str:
    if _is_bare_wikilink(node):
        return ' (YAML reads an unquoted [[link]] as a nested list: write "[[Note]]")'
    if not isinstance(node, YamlScalar):
        return ""
    if spec.type in ("int", "float", "bool") and isinstance(node.value, str) and node.style:
        return f" (remove the quotes: {node.text})"
    if spec.type == "bool" and isinstance(node.value, str):
        return " (YAML 1.2 booleans are only true and false)"
    if spec.type in ("str", "url", "wikilink") and node.style is None:
        return f" (quote it to make it text: '{node.text}')"
    return ""


def _is_bare_wikilink(node: YamlNode) -> bool:
    if not isinstance(node, YamlSeq) or len(node.items) != 1:
        return False
    inner = node.items[0]
    return isinstance(inner, YamlSeq) and len(inner.items) == 1
