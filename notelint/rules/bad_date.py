"""A `date` or `datetime` field must hold a real date written in the schema's `format`
(strftime style; `%Y-%m-%d` for dates by default, ISO 8601 for date-times without a format).
A YAML date (`2025-04-28`) and a quoted string (`'2025-04-28'`) both count when the text
matches; `2025-02-30` is not a real date, and `2025-4-28` does not match `%Y-%m-%d`.
Reported at the key. Fixable for dates written in another unambiguous format (`2025/04/28`,
`April 28, 2025`, `28.04.2025` when the day is over 12): rewritten to the schema's format, as a
quoted string. Ambiguous ones (`04/05/2025`) are left for you.

Schema:
    upload_date: {type: date, format: '%Y-%m-%d'}
Bad:
    upload_date: 28/04/2025
Good:
    upload_date: '2025-04-28'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from notelint.config import DATE_FORMATS, FieldSpec
from notelint.diagnostics import Diagnostic, Fix, Severity
from notelint.edits import replace_node
from notelint.fields import checked_values, written_in
from notelint.note import Note
from notelint.rule import Context
from notelint.yaml_nodes import YamlScalar, scalar_text

ID = "bad-date"
SEVERITY = Severity.ERROR
FIXABLE = True
_EXAMPLE = dt.datetime(2025, 4, 28, 14, 30, 0)


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    for checked in checked_values(note, context):
        spec, node = checked.spec, checked.node
        if spec.type not in ("date", "datetime") or not checked.typed:
            continue
        assert isinstance(node, YamlScalar)
        problem = _problem(spec, node.text)
        if problem:
            span = note.span(checked.at.start, checked.at.end)
            message = f"{checked.label} is {node.text!r}, {problem}"
            yield context.diagnostic(ID, span, message, fix=_reformat(spec, node))


def _reformat(spec: FieldSpec, node: YamlScalar) -> Fix | None:
    fmt = spec.date_format
    if spec.type != "date" or fmt is None:
        return None
    day = unambiguous_date(node.text.strip())
    return Fix((replace_node(node, scalar_text(day.strftime(fmt))),)) if day else None


def unambiguous_date(text: str) -> dt.date | None:
    """The one date a text can mean, in the formats people write by hand; None when it could
    mean two (04/05/2025) or none."""
    readings = set()
    for fmt in DATE_FORMATS:
        try:
            readings.add(dt.datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    return readings.pop() if len(readings) == 1 else None


def _problem(spec: FieldSpec, text: str) -> str | None:
    fmt = spec.date_format
    if fmt is None:
        return _iso_problem(text)
    if written_in(text, fmt):
        return None
    try:
        dt.datetime.strptime(text, fmt)
    except ValueError as error:
        if "out of range" in str(error):
            return "which is not a real date"
    return f"expected a date like {_EXAMPLE.strftime(fmt)!r} ({fmt})"


def _iso_problem(text: str) -> str | None:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return "expected an ISO 8601 date-time like '2025-04-28T14:30:00'"
    if len(text) <= 10:
        return "expected a time as well, like '2025-04-28T14:30:00'"
    return None
