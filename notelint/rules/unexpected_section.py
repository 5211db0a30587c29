"""With `extra_sections: forbid`, a heading at a level the schema's sections use must be one of
those sections. Deeper headings are subsections and always allowed.

Schema:
    extra_sections: forbid
    sections: [{name: Summary, level: 2}, {name: Topics, level: 2}]
Bad:
    ## Summary
    ## Notes
    ## Topics
Good:
    ## Summary
    ### Notes
    ## Topics
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.note import Note
from notelint.rule import Context
from notelint.sections import top_headings, written

ID = "unexpected-section"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    spec = context.note_type
    if spec is None or spec.extra_sections != "forbid" or not spec.sections:
        return
    names = {section.name for section in spec.sections}
    levels = {section.level for section in spec.sections}
    allowed = ", ".join(section.name for section in spec.sections)
    for heading in top_headings(note):
        if heading.level in levels and heading.text not in names:
            message = (
                f"unexpected section {written(heading)}; {context.type_name} notes have: {allowed}"
            )
            yield context.diagnostic(ID, note.span(heading.start, heading.end), message)
