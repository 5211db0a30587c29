"""Every field the note type marks `required: true` must be present and not empty. An absent
field is reported at line 1 (where the frontmatter starts); a key with no value is reported at
the key. Fixable when the schema gives the field a `default`: the field is added with it.
A field whose old name (one of its `aliases`) is present is left to `unknown-field`.

Schema:
    Content:
      fields:
        link: {type: url, required: true}
Bad:
    ---
    type: Content
    ---
Good:
    ---
    type: Content
    link: https://example.com/post
    ---
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Fix, Severity
from notelint.edits import insert_field
from notelint.fields import is_empty
from notelint.note import Note
from notelint.rule import Context

ID = "missing-field"
SEVERITY = Severity.ERROR
FIXABLE = True


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    if context.note_type is None or note.problems:
        return
    fields = note.frontmatter.fields if note.frontmatter is not None else {}
    for name, spec in context.note_type.fields.items():
        if not spec.required:
            continue
        present = fields.get(name)
        if present is None and not any(alias in fields for alias in spec.aliases):
            message = f"missing required field {name!r} ({context.type_name} notes need it)"
            edit = insert_field(note, name, spec.default) if spec.default is not None else None
            fix = Fix((edit,)) if edit is not None else None
            yield context.diagnostic(ID, note.line_span(1), message, fix=fix)
        elif present is not None and is_empty(present.value):
            message = f"required field {name!r} is empty"
            yield context.diagnostic(ID, note.span(present.key.start, present.key.end), message)
