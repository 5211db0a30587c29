"""YAML that parses, but not as the writer meant. An unquoted `[[link]]` is a list inside a
list, not a link; a `#tag` right after `key:` or `- ` starts a YAML comment, so the value is
empty. Obsidian reads such YAML the same way (the property shows up empty or as a list). A
warning, at the value; fields the note type declares are left to the field rules, which say
the same in their messages.

Bad:
    related: [[Note A]]
    tags: #ai #ml
Good:
    related: "[[Note A]]"
    tags: [ai, ml]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.note import Note
from notelint.rule import Context
from notelint.yaml_nodes import YamlNode, YamlScalar, YamlSeq

ID = "misread-yaml"
SEVERITY = Severity.WARNING
FIXABLE = False
_COMMENT_TAG = re.compile(r"[ \t]*(#[^\s#][^\n]*)")


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    if note.frontmatter is None:
        return
    declared = context.note_type.fields if context.note_type is not None else {}
    for name, field in note.frontmatter.fields.items():
        if name not in declared:
            for node, message in _misreadings(note.text, field.value):
                yield context.diagnostic(ID, note.span(node.start, node.end), f"{name}: {message}")


def _misreadings(text: str, node: YamlNode) -> Iterator[tuple[YamlNode, str]]:
    if isinstance(node, YamlSeq):
        if _is_bare_wikilink(text, node):
            written = text[node.start : node.end]
            yield node, f'{written} is a list inside a list, not a link; quote it: "{written}"'
            return
        for item in node.items:
            yield from _misreadings(text, item)
    elif isinstance(node, YamlScalar) and node.value is None and node.style is None:
        comment = _COMMENT_TAG.match(text, node.start)
        if comment:
            tag = comment.group(1).rstrip()
            shown = YamlScalar(None, "", None, comment.start(1), comment.start(1) + len(tag))
            yield shown, f"{tag!r} is a YAML comment, so the value is empty; quote it or drop the #"
    elif not isinstance(node, YamlScalar):
        for _, value in node.pairs:
            yield from _misreadings(text, value)


def _is_bare_wikilink(text: str, node: YamlSeq) -> bool:
    if not text.startswith("[[", node.start) or len(node.items) != 1:
        return False
    inner = node.items[0]
    return isinstance(inner, YamlSeq) and len(inner.items) == 1
