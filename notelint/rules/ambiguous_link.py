"""A link whose bare name (or partial path) matches several files. Obsidian then picks one by
rules it does not document, so the link may open a different note than the writer meant.
Reported as a warning at the link, listing the candidates; write the path to disambiguate.

Bad:
    [[Circuit]]   (with topics/Concept/Circuit.md and hardware/Circuit.md)
Good:
    [[topics/Concept/Circuit]]
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.note import Note
from notelint.rule import Context

ID = "ambiguous-link"
SEVERITY = Severity.WARNING
FIXABLE = False
_SHOWN = 5


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    for link in note.links:
        files = context.resolve(link) if link.target else ()
        if len(files) < 2:
            continue
        shown = ", ".join(files[:_SHOWN]) + (
            f" and {len(files) - _SHOWN} more" if len(files) > _SHOWN else ""
        )
        message = f"{link.text} matches {len(files)} files: {shown}; write the path to choose one"
        yield context.diagnostic(ID, note.span(link.start, link.end), message)
