"""The note is not in the canonical layout, the example note's style. Frontmatter: keys sorted
(`key_order: sorted | schema | preserve`), lists one item a line at the key's indentation
(`- AI_agent`), `date` fields as quoted strings (`'2025-04-28'`); comments stay with the key
they precede, values stay as written. Body: one blank line after the frontmatter and around
every heading, no trailing whitespace (a Markdown hard break of two spaces stays), no runs of
blank lines, one final newline; code, HTML blocks, math and comments are never touched. A
blank line holds only spaces and tabs, as in CommonMark: a line of other spaces (a no-break
space, U+3000) is text, and stays. Each part is a setting under `format:` in the config. A
warning, at the first place that differs; fixable: `notelint fix` rewrites the layout and
nothing else.

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

from notelint.canonical import canonical_body, first_difference, frontmatter_layouts
from notelint.diagnostics import Diagnostic, Edit, Fix, Severity
from notelint.note import Note
from notelint.rule import Context

ID = "not-canonical"
SEVERITY = Severity.WARNING
FIXABLE = True


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    if note.problems:
        return  # a note whose frontmatter does not read is never rewritten
    settings = context.project.config.format
    for layout in frontmatter_layouts(note, context.note_type, settings):
        message = f"not in the canonical layout: {layout.message}"
        yield context.diagnostic(ID, note.span(layout.start), message, fix=Fix(layout.edits))
    body = note.text[note.body_start :]
    canonical = canonical_body(note, settings)
    if canonical == body:
        return
    index, what = first_difference(body, canonical)
    first = note.position(note.body_start)[0] if note.body_start else 1
    line = min(first + index, len(note.line_starts))
    message = f"not in the canonical layout: {what} (notelint fix rewrites the layout)"
    fix = Fix((Edit(note.body_start, len(note.text), canonical),))
    yield context.diagnostic(ID, note.line_span(line), message, fix=fix)
