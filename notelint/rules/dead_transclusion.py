"""An embed (`![[...]]`) must resolve to a file in the vault: Obsidian shows a dead embed as an
empty box where the content should be. Targets resolve as Obsidian resolves them: a path from
the vault root (or a unique path suffix), else a file name anywhere in the vault, `.md`
implied, case-insensitive. Reported at the embed, with the nearest file names when some are
close. When exactly one file in the vault has the embed's file name under another folder (the
note was moved), an unsafe fix points the embed there (`--unsafe-fixes`).

Bad:
    ![[topics/Concept/Superpositon]]
Good:
    ![[topics/Concept/Superposition]]
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.links import dead_links
from notelint.note import Note
from notelint.rule import Context

ID = "dead-transclusion"
SEVERITY = Severity.ERROR
FIXABLE = True


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    for link, message, fix in dead_links(note, context, "embed"):
        yield context.diagnostic(ID, note.span(link.start, link.end), message, fix=fix)
