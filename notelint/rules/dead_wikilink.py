"""A wikilink (`[[...]]`) that resolves to no file in the vault. A warning by default: Obsidian
treats a dangling link as a note still to be written. Resolution is the same as for embeds, and
so are the "did you mean" names and the unsafe fix for a note that was moved.

Bad:
    See [[Mechanistic Interpretabilty]].
Good:
    See [[Mechanistic Interpretability]].
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.links import dead_links
from notelint.note import Note
from notelint.rule import Context

ID = "dead-wikilink"
SEVERITY = Severity.WARNING
FIXABLE = True


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    for link, message, fix in dead_links(note, context, "wikilink"):
        yield context.diagnostic(ID, note.span(link.start, link.end), message, fix=fix)
