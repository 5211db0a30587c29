"""What the dead-link rules share: which links of a kind do not resolve, and how to say so."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from notelint.markdown import Link, LinkKind
from notelint.note import Note
from notelint.rule import Context
from notelint.vault import leaves_vault


def dead_links(note: Note, context: Context, kind: LinkKind) -> Iterator[tuple[Link, str]]:
    """Links of `kind` that resolve to no file, with the reason to print. Values of fields the
    schema types as `wikilink` are left to `bad-value`, which holds them to the schema."""
    typed = _wikilink_field_spans(note, context)
    for link in note.links:
        if link.kind != kind or any(start <= link.start < end for start, end in typed):
            continue
        if not link.target and not link.subpath:
            yield link, f"{link.text} is an empty link"
        elif not context.resolve(link):
            yield link, f"{link.text} does not resolve: {_missing(link, note.path)}"


def _missing(link: Link, source: str) -> str:
    target = link.target
    if leaves_vault(target, source):
        return f"{target!r} is outside the vault"
    shown = target if posixpath.splitext(target)[1] else target + ".md"
    if "/" in target or link.kind == "markdown":
        return f"no file {shown!r} in the vault"
    return f"no file named {shown!r} in the vault"


def _wikilink_field_spans(note: Note, context: Context) -> list[tuple[int, int]]:
    if context.note_type is None or note.frontmatter is None:
        return []
    spans = []
    for name, spec in context.note_type.fields.items():
        present = note.frontmatter.fields.get(name)
        item_type = spec.items.type if spec.items is not None else None
        if present is not None and "wikilink" in (spec.type, item_type):
            spans.append((present.value.start, present.value.end))
    return spans
