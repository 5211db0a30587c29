"""The frontmatter must be YAML that Obsidian can read: a mapping of keys to values between a
`---` line at the very top of the note and the next `---` line. Reported at the line the YAML
parser points to. Notes whose frontmatter cannot be read are never rewritten, and the field
rules skip them. Templates (`{{date}}`), anchors and aliases, custom tags, TOML `+++` blocks
and frontmatter that does not start on line 1 are reported here too.

Bad:
    ---
    title: a: b
    ---
Good:
    ---
    title: "a: b"
    ---
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.note import Note
from notelint.rule import Context

ID = "frontmatter-syntax"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    for problem in note.problems:
        yield context.diagnostic(ID, note.span(problem.start, problem.end), problem.message)
