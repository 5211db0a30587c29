"""A link's `#Heading` or `#^block` must exist in the note it points to (`[[#Heading]]` points
into the same note). Headings match as Obsidian matches them: markup and punctuation dropped,
case and runs of spaces folded, so `[[Note#hasTag]]` finds the heading `` `hasTag()` ``.
A nested `#A#B` needs B to be a subheading of A. Anchors into non-Markdown files (a PDF's
`#page=3`) are not checked.

Bad:
    [[Superposition#Historical notes]]   (the note has no such heading)
Good:
    [[Superposition#History]]
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Severity
from notelint.markdown import normalize_heading
from notelint.note import Note
from notelint.rule import Context
from notelint.vault import NoteFacts, is_note

ID = "dead-anchor"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    for link in note.links:
        if not link.subpath:
            continue
        files = context.resolve(link)
        if not files or not is_note(files[0]):
            continue
        facts = context.facts(files[0])
        missing = _missing_anchor(link.subpath, facts) if facts is not None else None
        if missing:
            where = "this note" if files[0] == note.path else files[0]
            message = f"{link.text}: no {missing} in {where}"
            yield context.diagnostic(ID, note.span(link.start, link.end), message)


def _missing_anchor(subpath: tuple[str, ...], facts: NoteFacts) -> str | None:
    if subpath[0].startswith("^"):
        block = subpath[0][1:]
        return None if block.lower() in facts.block_ids else f"block ^{block}"
    position, parent_level = 0, 0
    for part in subpath:
        found = _find_heading(facts.headings, normalize_heading(part), position, parent_level)
        if found is None:
            return f"heading {part!r}"
        position, parent_level = found + 1, facts.headings[found][0]
    return None


def _find_heading(
    headings: tuple[tuple[int, str], ...], wanted: str, start: int, parent_level: int
) -> int | None:
    """Index of the heading `wanted` at or after `start`, staying inside the parent section."""
    for index in range(start, len(headings)):
        level, text = headings[index]
        if parent_level and level <= parent_level:
            return None
        if text == wanted:
            return index
    return None
