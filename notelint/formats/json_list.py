"""`json`: a list of problems, each with its span and, when it has one, its fix as edits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from notelint.diagnostics import Diagnostic
from notelint.formats.context import Context
from notelint.formats.sources import Sources

SUMMARY = False


def render(diagnostics: Sequence[Diagnostic], context: Context) -> str:
    return dumps([item(d, context.sources) for d in diagnostics], indent=2) + "\n"


def item(diagnostic: Diagnostic, sources: Sources) -> dict[str, Any]:
    span = diagnostic.span
    return {
        "path": diagnostic.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "rule": diagnostic.rule,
        "severity": str(diagnostic.severity),
        "message": diagnostic.message,
        "fixable": diagnostic.fixable,
        "fix": fix_item(diagnostic, sources),
    }


def fix_item(diagnostic: Diagnostic, sources: Sources) -> dict[str, Any] | None:
    """The fix's edits by line and column; None when there is no fix, or when the note changed
    since it was checked (the edits' places are then unknown)."""
    source = sources.of(diagnostic) if diagnostic.fix is not None else None
    if diagnostic.fix is None or source is None:
        return None
    edits = []
    for edit in sorted(diagnostic.fix.edits, key=lambda edit: (edit.start, edit.end)):
        line, column = source.position(edit.start)
        end_line, end_column = source.position(edit.end)
        edits.append(
            {
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "content": edit.text,
            }
        )
    return {"applicability": "safe" if diagnostic.fix.safe else "unsafe", "edits": edits}


def dumps(value: object, indent: int | None = None) -> str:
    """JSON of real strings; a file name that is not UTF-8 keeps its bytes as `\\udcXX`
    escapes, which JSON readers turn back into the same Python string."""
    separators = None if indent else (",", ":")
    text = json.dumps(value, indent=indent, separators=separators, ensure_ascii=False)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
