"""The type field names a note type the schema does not define. Reported at the type key;
the note is then checked by the generic rules only.

Schema:
    types: {Content: {...}, Concept: {...}}
Bad:
    ---
    type: Contnet
    ---
Good:
    ---
    type: Content
    ---
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.fields import describe
from notelint.note import Note
from notelint.rule import Context
from notelint.yaml_nodes import YamlScalar

ID = "unknown-type"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    types = context.project.config.types
    type_field = context.project.config.type_field
    if not types or note.frontmatter is None or type_field not in note.frontmatter.fields:
        return
    present = note.frontmatter.fields[type_field]
    value = present.value.value if isinstance(present.value, YamlScalar) else None
    if isinstance(value, str) and value in types:
        return
    shown = repr(value) if isinstance(value, str) else describe(present.value)
    message = f"{type_field} {shown} is not a note type; expected one of: {', '.join(types)}"
    import difflib  # only for a mistake

    if isinstance(value, str) and (close := difflib.get_close_matches(value, types, 1)):
        message += f" (did you mean {close[0]!r}?)"
    yield context.diagnostic(ID, note.span(present.key.start, present.key.end), message)
