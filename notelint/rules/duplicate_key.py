"""A frontmatter key may appear only once. YAML loaders disagree on which value wins (PyYAML
silently keeps the last, others refuse the note), so a repeated key is reported at the
repeat, with the line of the first.

Bad:
    ---
    tags: [ai]
    tags: [ml]
    ---
Good:
    ---
    tags: [ai, ml]
    ---
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.note import Note
from notelint.rule import Context

ID = "duplicate-key"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    if note.frontmatter is None:
        return
    for duplicate in note.frontmatter.duplicates:
        key = duplicate.key
        first_line, _ = note.position(duplicate.first.start)
        message = f"duplicate key {key.text!r} (first on line {first_line})"
        yield context.diagnostic(ID, note.span(key.start, key.end), message)
