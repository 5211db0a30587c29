"""A schema section appears once. Every repeat of a section heading (same name, same level)
after the first is reported.

Schema:
    sections: [{name: Links, level: 2}]
Bad:
    ## Links
    ## Links
Good:
    ## Links
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.note import Note
from notelint.rule import Context
from notelint.sections import top_headings, written

ID = "duplicate-section"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    if context.note_type is None:
        return
    sections = {(section.name, section.level) for section in context.note_type.sections}
    first_line: dict[tuple[str, int], int] = {}
    for heading in top_headings(note):
        key = (heading.text, heading.level)
        if key not in sections:
            continue
        if key in first_line:
            message = f"duplicate section {written(heading)} (first on line {first_line[key]})"
            yield context.diagnostic(ID, note.span(heading.start, heading.end), message)
        else:
            first_line[key] = note.position(heading.start)[0]
