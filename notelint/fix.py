"""Applying fixes: the edits of fixable diagnostics, pass after pass to a fixed point, then a
safety check of the result before anything is written (Black's --safe, for notes)."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from msgspec import Struct

from notelint.diagnostics import Diagnostic, Edit
from notelint.markdown import Link
from notelint.note import Note
from notelint.suppressions import UNUSED
from notelint.yaml_nodes import to_python

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

MAX_PASSES = 100  # ruff's cap; a note needing more is a bug, reported as a refusal


class FixError(Exception):
    """The fixer could not produce a result it can vouch for; nothing may be written."""


class FixResult(Struct, frozen=True):
    """What fixing one note came to, for the report, the diff and the safety check."""

    text: str
    note: Note  # the text as parsed, for the safety check and the report: never parsed again
    fixed: list[Diagnostic]  # diagnostics whose fixes were applied, in any pass
    remaining: list[Diagnostic]  # what check reports on the final text
    touched: frozenset[str]  # frontmatter keys the fixes were allowed to change
    relinked: Counter[LinkKey]  # links a fix was meant to point elsewhere


LinkKey = tuple[str, str, tuple[str, ...]]
Checker = Callable[[str], tuple[Note, list[Diagnostic]]]


def fix_text(text: str, check: Checker, unsafe: bool = False) -> FixResult:
    """Fix `text` until no fixable diagnostic is left; raises FixError if that never happens."""
    fixed: list[Diagnostic] = []
    touched: set[str] = set()
    relinked: Counter[LinkKey] = Counter()
    for _ in range(MAX_PASSES):
        note, diagnostics = check(text)
        chosen = [d for d in diagnostics if d.fix is not None and (d.fix.safe or unsafe)]
        edits, applied = _compatible_edits(_unused_suppressions_last(chosen))
        if not edits:
            return FixResult(text, note, fixed, diagnostics, frozenset(touched), relinked)
        touched.update(_keys_touched(note, applied))
        relinked.update(_links_retargeted(note, applied))
        text = apply_edits(text, edits)
        fixed.extend(applied)
    raise FixError(f"fixes did not settle after {MAX_PASSES} passes")


def _unused_suppressions_last(chosen: list[Diagnostic]) -> list[Diagnostic]:
    """A suppression is removed as unused only in a pass with no other fix: another fix (an
    old field name renamed, say) can give it a problem to suppress in the next pass."""
    others = [diagnostic for diagnostic in chosen if diagnostic.rule != UNUSED]
    return others or chosen


def _compatible_edits(chosen: Sequence[Diagnostic]) -> tuple[list[Edit], list[Diagnostic]]:
    """The edits of as many fixes as do not overlap; the others wait for the next pass."""
    edits: list[Edit] = []
    applied: list[Diagnostic] = []
    for diagnostic in sorted(chosen, key=lambda d: d.fix.edits[0].start if d.fix else 0):
        assert diagnostic.fix is not None
        new = [edit for edit in diagnostic.fix.edits if edit not in edits]
        if all(not _overlap(edit, other) for edit in new for other in edits):
            edits.extend(new)
            applied.append(diagnostic)
    return edits, applied


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True  # two inserts at one place: their order would be a guess
    return a.start < b.end and b.start < a.end


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    for edit in sorted(edits, key=lambda edit: (edit.start, edit.end), reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _keys_touched(note: Note, applied: Sequence[Diagnostic]) -> Iterator[str]:
    """Frontmatter keys the applied fixes are about, and the keys they rename or insert: the
    only ones the safety check lets change."""
    fields = note.frontmatter.fields.values() if note.frontmatter is not None else []
    for diagnostic in applied:
        start = diagnostic.span.start
        yield from (f.name for f in fields if f.key.start <= start <= f.value.end)
        for edit in diagnostic.fix.edits if diagnostic.fix else ():
            if any((edit.start, edit.end) == (f.key.start, f.key.end) for f in fields):
                yield edit.text  # a renamed key
            yield from _inserted_keys(edit.text)


def _links_retargeted(note: Note, applied: Sequence[Diagnostic]) -> Iterator[LinkKey]:
    """Links that an applied fix is about and edits only inside itself."""
    for diagnostic in applied:
        edits = diagnostic.fix.edits if diagnostic.fix else ()
        for link in note.links:
            inside = all(link.start <= e.start and e.end <= link.end for e in edits)
            if (link.start, link.end) == (diagnostic.span.start, diagnostic.span.end) and inside:
                yield _link_key(link)


def _inserted_keys(text: str) -> Iterator[str]:
    for line in text.splitlines():
        if line and not line[0].isspace() and ":" in line and not line.startswith(("-", "#")):
            yield line.split(":", 1)[0].strip().strip("'\"")


def verify(before: Note, after: Note, result: FixResult) -> None:
    """Refuse a fix that changed what it had no business changing: frontmatter that no longer
    reads, a field no fix touched, or links no fix retargeted."""
    if before.frontmatter is not None and (after.frontmatter is None or after.problems):
        raise FixError("the fixed frontmatter no longer reads as YAML")
    if after.frontmatter is not None and len(after.frontmatter.duplicates) > len(
        before.frontmatter.duplicates if before.frontmatter else ()
    ):
        raise FixError("the fix wrote a key twice")
    for problem in _field_changes(before, after, result.touched):
        raise FixError(problem)
    old = _link_targets(before, result.touched)
    new = _link_targets(after, result.touched)
    if old.total() != new.total() or (old - result.relinked) - new:
        raise FixError("the fixed note links to other targets than the original")
    if _layout_only(before, result) and not _renders_alike(before, after):
        raise FixError("the fixed body renders to other HTML than the original")


def _layout_only(before: Note, result: FixResult) -> bool:
    """Whether the only fixes to the body were layout (whitespace), which keeps its HTML."""
    return all(
        d.rule == "not-canonical"
        or not d.fix
        or all(e.start < before.body_start for e in d.fix.edits)
        for d in result.fixed
    )


@functools.cache
def _renderer() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported on the first safety check, not at start

    return MarkdownIt("commonmark")


def _renders_alike(before: Note, after: Note) -> bool:
    """Whether both bodies render to the same HTML; a body the fixes left as it was (only
    its frontmatter changed: half the notes `fix` rewrites) is not rendered, twice, at 2 to
    4 ms a time."""
    if before.text[before.body_start :] == after.text[after.body_start :]:
        return True
    return _html(before) == _html(after)


def _html(note: Note) -> str:
    """The body rendered by markdown-it, whitespace folded (mdformat's equivalence test). It
    is rendered with a final newline, which `fix` may add and which means nothing, though
    markdown-it keeps it in an HTML block that ends the note (`<iframe ...></iframe>\n`)."""
    body = note.text[note.body_start :]
    rendered = _renderer().render(body if body.endswith("\n") else body + "\n")
    return " ".join(rendered.split())


def _field_changes(before: Note, after: Note, touched: frozenset[str]) -> Iterator[str]:
    old = before.frontmatter.fields if before.frontmatter else {}
    new = after.frontmatter.fields if after.frontmatter else {}
    for name, field in old.items():
        if name in touched:
            continue
        if name not in new:
            yield f"the fix removed the field {name!r}"
        elif _typed(to_python(field.value)) != _typed(to_python(new[name].value)):
            yield f"the fix changed the field {name!r}"
    for name in new.keys() - old.keys() - touched:
        yield f"the fix added the field {name!r}"


def _typed(value: object) -> object:
    """A value with its types spelled out, so that 5 and '5' and True differ."""
    if isinstance(value, list):
        return [_typed(item) for item in value]
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    return (type(value).__name__, value)


def _link_targets(note: Note, touched: frozenset[str]) -> Counter[LinkKey]:
    """Links outside the frontmatter fields the fixes were about (those may change)."""
    fields = note.frontmatter.fields if note.frontmatter else {}
    spans = [(f.key.start, f.value.end) for name, f in fields.items() if name in touched]
    return Counter(
        _link_key(link) for link in note.links if not any(a <= link.start < b for a, b in spans)
    )


def _link_key(link: Link) -> LinkKey:
    return (link.kind, link.target, link.subpath)
