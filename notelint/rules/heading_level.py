"""A schema section must be a heading of the schema's `level`. A heading named like a section
but at another level is reported at the heading.

Schema:
    sections: [{name: Summary, level: 2}]
Bad:
    ### Summary
Good:
    ## Summary
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.note import Note
from notelint.rule import Context
from notelint.sections import expected, top_headings, written

ID = "heading-level"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    if context.note_type is None:
        return
    levels = {section.name: section for section in context.note_type.sections}
    for heading in top_headings(note):
        section = levels.get(heading.text)
        if section is not None and heading.level != section.level:
            message = (
                f"{written(heading)} should be a level-{section.level} heading: {expected(section)}"
            )
            yield context.diagnostic(ID, note.span(heading.start, heading.end), message)
