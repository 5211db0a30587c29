"""The note's body is not in the canonical layout: one blank line after the frontmatter and
around every heading, no trailing whitespace (a Markdown hard break of two spaces stays), no
runs of blank lines, one final newline. Code, HTML blocks, math and comments are never
touched. Each part is a setting under `format:` in the config. A warning, at the first line
that differs; fixable: `notelint fix` rewrites the layout and nothing else.

Bad:
    https://example.com/post
    ## Summary
    Text.
Good:
    https://example.com/post

    ## Summary

    Text.
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.canonical import canonical_body, first_difference
from notelint.diagnostics import Diagnostic, Edit, Fix, Severity
from notelint.note import Note
from notelint.rule import Context

ID = "not-canonical"
SEVERITY = Severity.WARNING
FIXABLE = True


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    if note.problems:
        return  # a note whose frontmatter does not read is never rewritten
    body = note.text[note.body_start :]
    canonical = canonical_body(note, context.project.config.format)
    if canonical == body:
        return
    index, what = first_difference(body, canonical)
    first = note.position(note.body_start)[0] if note.body_start else 1
    line = min(first + index, len(note.line_starts))
    message = f"not in the canonical layout: {what} (notelint fix rewrites the layout)"
    fix = Fix((Edit(note.body_start, len(note.text), canonical),))
    yield context.diagnostic(ID, note.line_span(line), message, fix=fix)
