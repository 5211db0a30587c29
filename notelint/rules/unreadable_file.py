"""A file that is not a readable UTF-8 note: not UTF-8 (UTF-16 from a Windows editor, Latin-1),
binary (a NUL byte: an image renamed to .md), over the size limit (`max_file_size`, 5 MB by
default), not a regular file (a FIFO), or a symbolic link out of the vault. Reported at line 1;
the file is left untouched and the run goes on.

Bad:
    notes/scan.md   (a PNG renamed to .md)
Good:
    notes/scan.md   (Markdown text in UTF-8)
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.note import Note
from notelint.rule import Context

ID = "unreadable-file"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    if note.unreadable is not None:
        yield context.diagnostic(ID, note.span(0), note.unreadable)
