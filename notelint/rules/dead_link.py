"""A Markdown link or image to a local file (`[text](path.md)`, `![](image.png)`) must point at
a file in the vault. The path is URL-decoded and looked up relative to the note's folder first,
then as Obsidian resolves link targets. Links with a scheme (`https:`, `mailto:`) are not
checked.

Bad:
    [the paper](papers/Scaling%20Monosemanticity.md)   (no such file)
Good:
    [the paper](papers/Scaling%20Monosemanticity.md)   (the file exists)
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.links import dead_links
from notelint.note import Note
from notelint.rule import Context

ID = "dead-link"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    for link, message, fix in dead_links(note, context, "markdown"):
        yield context.diagnostic(ID, note.span(link.start, link.end), message, fix=fix)
