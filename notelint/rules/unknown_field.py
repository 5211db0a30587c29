"""A frontmatter key that the note type does not declare. Whether that is fine depends on the
type's `extra_fields`: `allow` (not reported), `warn` (a warning, the default) or `forbid`
(an error). The type field itself is always allowed.

Schema:
    Content:
      extra_fields: forbid
      fields: {link: {type: url}}
Bad:
    ---
    type: Content
    link: https://example.com
    colour: blue
    ---
Good:
    ---
    type: Content
    link: https://example.com
    ---
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.note import Note
from notelint.rule import Context

ID = "unknown-field"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    spec = context.note_type
    if spec is None or note.frontmatter is None or spec.extra_fields == "allow":
        return
    severity = Severity.ERROR if spec.extra_fields == "forbid" else Severity.WARNING
    known = ", ".join(spec.fields) or "none"
    for name, present in note.frontmatter.fields.items():
        if name in spec.fields or name == context.project.config.type_field:
            continue
        message = f"unknown field {name!r} for {context.type_name} notes (declared: {known})"
        span = note.span(present.key.start, present.key.end)
        yield context.diagnostic(ID, span, message, severity)
