"""A value must be one the schema allows: one of an enum's `values`, text that matches the
field's `pattern` (a Python regular expression, searched), a URL with an allowed scheme and a
host for `url` fields, or a `[[link]]` that resolves to a file in the vault for `wikilink`
fields. Reported at the key, or at the item for a list item. Fixable when dropping a leading
`#` makes the value match its pattern (`- '#AI_agent'` in a tags list becomes `- AI_agent`).

Schema:
    status: {type: enum, values: [todo, doing, done]}
    tags: {type: list, items: {type: str, pattern: '^[A-Za-z0-9_/-]+$'}}
Bad:
    status: finished
    tags: [AI agent]
Good:
    status: done
    tags: [AI_agent]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from notelint.config import FieldSpec
from notelint.diagnostics import Diagnostic, Fix, Severity
from notelint.edits import replace_node
from notelint.fields import checked_values, is_url
from notelint.markdown import split_linktext
from notelint.note import Note
from notelint.rule import Context
from notelint.yaml_nodes import YamlScalar, scalar_text

ID = "bad-value"
SEVERITY = Severity.ERROR
FIXABLE = True
_WIKILINK_VALUE = re.compile(r"\[\[([^\[\]\n]*)\]\]")


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    for checked in checked_values(note, context):
        node = checked.node
        if not isinstance(node, YamlScalar) or not checked.typed:
            continue
        problem = _problem(checked.spec, node, context)
        if problem:
            span = note.span(checked.at.start, checked.at.end)
            fix = _drop_hash(checked.spec, node)
            yield context.diagnostic(ID, span, f"{checked.label} {problem}", fix=fix)


def _drop_hash(spec: FieldSpec, node: YamlScalar) -> Fix | None:
    text = node.value
    if not isinstance(text, str) or not text.startswith("#") or spec.pattern is None:
        return None
    if any(char.isspace() for char in text):
        return None  # prose with a hashtag in it, not a tag
    if not re.search(spec.pattern, text[1:]):
        return None
    return Fix((replace_node(node, scalar_text(text[1:])),))


def _problem(spec: FieldSpec, node: YamlScalar, context: Context) -> str | None:
    kind, pattern = spec.type, spec.pattern
    if kind == "enum":
        return _enum_problem(spec, node)
    text = node.value
    if pattern is not None and isinstance(text, str) and not re.search(pattern, text):
        return f"is {node.text!r}, which does not match the pattern {pattern!r}"
    if kind == "url":
        return _url_problem(spec, node.text)
    if kind == "wikilink":
        return _wikilink_problem(node.text, context)
    return None


def _enum_problem(spec: FieldSpec, node: YamlScalar) -> str | None:
    values = spec.values or []
    if any(node.value == value and type(node.value) is type(value) for value in values):
        return None
    allowed = ", ".join(str(value) for value in values)
    return f"is {node.text!r}, expected one of: {allowed}"


def _url_problem(spec: FieldSpec, text: str) -> str | None:
    if not is_url(text, spec.schemes):
        schemes = " or ".join(f"{scheme}://" for scheme in spec.schemes)
        return f"is {text!r}, expected a URL starting with {schemes}"
    return None


def _wikilink_problem(text: str, context: Context) -> str | None:
    match = _WIKILINK_VALUE.fullmatch(text.strip())
    if match is None:
        return f'is {text!r}, expected a link like "[[Note]]"'
    target, _ = split_linktext(match.group(1))
    if not target or not context.resolve_target(target):
        return f"links to {text!r}, which is not a file in the vault"
    return None
