"""Every section the note type marks `required: true` must be present, as a heading named
exactly like the schema's section. Reported where the section belongs: at the next schema
section that is present, or at the end of the note. Fixable: the heading is inserted there,
with an empty section.

Schema:
    sections:
      - {name: Summary, level: 2, required: true}
      - {name: Topics, level: 2, required: true}
Bad:
    ## Summary
    text
Good:
    ## Summary
    text

    ## Topics
    ![[topics/Concept/Superposition]]
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Edit, Fix, Severity
from notelint.note import Note
from notelint.rule import Context
from notelint.sections import expected, first_by_name, section_start, written

ID = "missing-section"
SEVERITY = Severity.ERROR
FIXABLE = True


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    if context.note_type is None:
        return
    sections = context.note_type.sections
    present = first_by_name(note, sections)
    for index, section in enumerate(sections):
        if not section.required or section.name in present:
            continue
        following = next(
            (present[s.name] for s in sections[index + 1 :] if s.name in present), None
        )
        heading = f"{'#' * section.level} {section.name}"
        if following is not None:
            span = note.span(following.start, following.end)
            where = f"before {written(following)}"
            above = section_start(note, following.start)
            edit = Edit(above, above, f"{heading}\n\n")
        else:
            span = note.line_span(note.last_line)
            where = "at the end of the note"
            ending = note.text[-2:]
            gap = "" if ending == "\n\n" else "\n" if ending.endswith("\n") else "\n\n"
            edit = Edit(len(note.text), len(note.text), f"{gap}{heading}\n")
        need = f"({context.type_name} notes need it)"
        message = f"missing section {expected(section)} {need}; it belongs {where}"
        swallowed = any(start < edit.start <= end for start, end in note.verbatim)
        fix = None if swallowed else Fix((edit,))  # an unclosed fence or comment takes it in
        yield context.diagnostic(ID, span, message, fix=fix)
