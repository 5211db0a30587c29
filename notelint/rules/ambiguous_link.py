"""A link whose bare name (or partial path) matches several files. Obsidian then picks one by
rules it does not document (it prefers the note's own folder, then the shortest path), so the
link may open a different note than the writer meant. Not reported when exactly one candidate
sits in the linking note's folder, since that one is Obsidian's clear choice. Reported as a
warning at the link, listing the candidates; write the path to disambiguate.

Bad:
    [[Circuit]]   (with topics/Concept/Circuit.md and hardware/Circuit.md)
Good:
    [[topics/Concept/Circuit]]
"""

from __future__ import annotations

import posixpath
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
        if len(files) < 2 or _one_beside(note.path, files):
            continue
        shown = ", ".join(files[:_SHOWN]) + (
            f" and {len(files) - _SHOWN} more" if len(files) > _SHOWN else ""
        )
        message = f"{link.text} matches {len(files)} files: {shown}; write the path to choose one"
        yield context.diagnostic(ID, note.span(link.start, link.end), message)


def _one_beside(source: str, files: tuple[str, ...]) -> bool:
    folder = posixpath.dirname(source)
    return sum(posixpath.dirname(file) == folder for file in files) == 1
