"""What the dead-link rules share: which links of a kind do not resolve, and how to say so."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import cast

from notelint.diagnostics import Edit, Fix
from notelint.markdown import Link, LinkKind
from notelint.note import Note
from notelint.rule import Context
from notelint.vault import leaves_vault


def dead_links(
    note: Note, context: Context, kind: LinkKind
) -> Iterator[tuple[Link, str, Fix | None]]:
    """Links of `kind` that resolve to no file, with the reason to print and, when the target
    was moved (one file in the vault has its name), the unsafe fix that points it there.
    Values of fields the schema types as `wikilink` are left to `bad-value`."""
    typed = _wikilink_field_spans(note, context)
    for link in note.links:
        if link.kind != kind or (typed and any(a <= link.start < b for a, b in typed)):
            continue
        if not link.target and not link.subpath:
            yield link, f"{link.text} is an empty link", None
        elif not context.resolve(link):
            message = f"{link.text} does not resolve: {_missing(link, note.path)}"
            moved = _moved_to(link, context)
            if moved is not None:
                yield link, f"{message}; it may have moved to {moved!r}", _retarget(link, moved)
            else:
                yield link, message + _suggestion(link, note, context), None


def _moved_to(link: Link, context: Context) -> str | None:
    """The one file with the link's file name, if the link has a folder part (a bare name
    would have found it)."""
    if link.kind == "markdown" or "/" not in link.target:
        return None
    candidates = context.vault.named(posixpath.basename(link.target))
    if len(candidates) != 1:
        return None
    found = candidates[0]
    return found if link.target.lower().endswith(".md") else found.removesuffix(".md")


def _retarget(link: Link, target: str) -> Fix:
    """Replace only the target part of `[[target#sub|alias]]`."""
    start = link.text.index(link.target, link.text.index("[[") + 2)
    edit = Edit(link.start + start, link.start + start + len(link.target), target)
    return Fix((edit,), safe=False)


def _suggestion(link: Link, note: Note, context: Context) -> str:
    name = posixpath.basename(link.target)
    itself = posixpath.basename(note.path).removesuffix(".md")
    close = [stem for stem in context.vault.similar_names(name) if stem != itself]
    return f" (did you mean {' or '.join(repr(n) for n in close)}?)" if close else ""


def _missing(link: Link, source: str) -> str:
    target = link.target
    if leaves_vault(target, source):
        return f"{target!r} is outside the vault"
    shown = target if posixpath.splitext(target)[1] else target + ".md"
    if "/" in target or link.kind == "markdown":
        return f"no file {shown!r} in the vault"
    return f"no file named {shown!r} in the vault"


def _wikilink_field_spans(note: Note, context: Context) -> list[tuple[int, int]]:
    """Spans of field values the schema types as wikilinks; worked out once per note."""
    found = context.memo.get("wikilink_field_spans")
    if found is None:
        found = context.memo["wikilink_field_spans"] = _typed_spans(note, context)
    return cast(list[tuple[int, int]], found)


def _typed_spans(note: Note, context: Context) -> list[tuple[int, int]]:
    if context.note_type is None or note.frontmatter is None:
        return []
    fields = note.frontmatter.fields
    spans = []
    for name in context.note_type.wikilink_fields:
        present = fields.get(name)
        if present is not None:
            spans.append((present.value.start, present.value.end))
    return spans
