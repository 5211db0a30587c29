"""Numbers stay inside the schema's `min` and `max`, and lists have between `min_items` and
`max_items` items. Reported at the key.

Schema:
    read_priority: {type: int, min: 1, max: 5}
    tags: {type: list, min_items: 1}
Bad:
    read_priority: 9
    tags: []
Good:
    read_priority: 4
    tags: [ai]
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.config import FieldSpec
from notelint.diagnostics import Diagnostic, Severity
from notelint.fields import checked_values
from notelint.note import Note
from notelint.rule import Context
from notelint.yaml_nodes import YamlNode, YamlScalar, YamlSeq

ID = "out-of-range"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    for checked in checked_values(note, context):
        if not checked.typed:
            continue
        problem = _problem(checked.spec, checked.node)
        if problem:
            span = note.span(checked.at.start, checked.at.end)
            yield context.diagnostic(ID, span, f"{checked.label} {problem}")


def _problem(spec: FieldSpec, node: YamlNode) -> str | None:
    if isinstance(node, YamlSeq):
        return _size_problem(spec, len(node.items))
    if not isinstance(node, YamlScalar) or spec.type not in ("int", "float"):
        return None
    value = node.value
    assert isinstance(value, (int, float))  # (a tuple: `int | float` builds a union a call)
    low, high = spec.min, spec.max
    if (low is not None and value < low) or (high is not None and value > high):
        return f"is {node.text}, expected {_range_text(low, high)}"
    return None


def _size_problem(spec: FieldSpec, size: int) -> str | None:
    low, high = spec.min_items, spec.max_items
    if (low is not None and size < low) or (high is not None and size > high):
        noun = "item" if size == 1 else "items"
        return f"has {size} {noun}, expected {_range_text(low, high)} items"
    return None


def _range_text(low: float | None, high: float | None) -> str:
    def number(value: float) -> str:
        return str(int(value)) if float(value).is_integer() else str(value)

    if low is not None and high is not None:
        return f"{number(low)} to {number(high)}"
    if low is not None:
        return f"at least {number(low)}"
    assert high is not None
    return f"at most {number(high)}"
