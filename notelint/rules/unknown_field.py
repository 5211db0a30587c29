"""A frontmatter key that the note type does not declare. Whether that is fine depends on the
type's `extra_fields`: `allow` (not reported), `warn` (a warning, the default) or `forbid`
(an error). The type field itself is always allowed, and so is `notelint` (suppressions). A
key that is an old name of a declared field (listed in its `aliases`) is always reported, and
fixable: it is renamed.

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

from notelint.config import SUPPRESSIONS_KEY
from notelint.diagnostics import Diagnostic, Fix, Severity
from notelint.edits import replace_node
from notelint.note import Note
from notelint.rule import Context
from notelint.yaml_nodes import scalar_text

ID = "unknown-field"
SEVERITY = Severity.WARNING
FIXABLE = True


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    spec = context.note_type
    if spec is None or note.frontmatter is None:
        return
    fields, declared = note.frontmatter.fields, spec.fields
    always_allowed = (context.project.config.type_field, SUPPRESSIONS_KEY)
    undeclared = [n for n in fields if n not in declared and n not in always_allowed]
    if not undeclared:
        return  # (most notes)
    severity = Severity.ERROR if spec.extra_fields == "forbid" else Severity.WARNING
    known = ", ".join(declared) or "none"
    renames = {alias: name for name, field in declared.items() for alias in field.aliases}
    for name in undeclared:
        present = fields[name]
        span = note.span(present.key.start, present.key.end)
        new = renames.get(name)
        if new is not None:
            message = f"field {name!r} is an old name of {new!r}"
            olds = [alias for alias, name in renames.items() if name == new and alias in fields]
            safe = new not in fields and len(olds) == 1  # two old names: which value wins?
            fix = Fix((replace_node(present.key, scalar_text(new)),)) if safe else None
            yield context.diagnostic(ID, span, message, severity, fix=fix)
        elif spec.extra_fields != "allow":
            message = f"unknown field {name!r} for {context.type_name} notes (declared: {known})"
            yield context.diagnostic(ID, span, message, severity)
