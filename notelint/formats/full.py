"""`full`: each problem's concise line, then the note's lines under it with the span marked by
carets, and the fix, when there is one, as the lines it changes. A note that cannot be read
again, or changed since it was checked, gets the concise line alone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence

from msgspec import Struct

from notelint.diagnostics import Diagnostic, Edit, Fix, Severity
from notelint.formats.concise import concise_line
from notelint.formats.context import Context
from notelint.formats.sources import Source
from notelint.report import RED, RESET, YELLOW, escape

SUMMARY = True
_GREEN = "\x1b[32m"
_MOST_LINES = 5  # a longer span or hunk shows its first and last lines, with ... between
_ENDS = 2
_TAB = "    "
_WIDTH, _BEFORE = 100, 30  # a longer line is cut to its 100 characters around the span
_CUT = "..."


class _Row(Struct, frozen=True):
    """One line of the snippet: `label marker text`, the label right-aligned in the gutter."""

    label: str
    marker: str
    text: str = ""
    tint: str = ""


def render(diagnostics: Sequence[Diagnostic], context: Context) -> str:
    return "".join(_block(d, context) for d in diagnostics)


def _block(diagnostic: Diagnostic, context: Context) -> str:
    header = concise_line(diagnostic, context.color)
    source = context.sources.of(diagnostic)
    if source is None:
        return f"{header}\n\n"
    rows = [_Row("", "|"), *_span_rows(diagnostic, source), _Row("", "|")]
    if diagnostic.fix is not None:
        rows.extend(_fix_rows(diagnostic.fix, source))
    return f"{header}\n{_format(rows, context.color)}\n"


def _format(rows: list[_Row], color: bool) -> str:
    width = max(len(row.label) for row in rows)
    lines = []
    for row in rows:
        text = f"{row.tint}{row.text}{RESET}" if color and row.tint and row.text else row.text
        gutter = f"{row.label:>{width}} {row.marker}".rstrip()
        lines.append(gutter + (f" {text}" if text else "") + "\n")
    return "".join(lines)


def _span_rows(diagnostic: Diagnostic, source: Source) -> list[_Row]:
    """The span's lines, each with carets under the part of it the span covers (columns count
    characters, the end is exclusive; an empty span gets one caret)."""
    span = diagnostic.span
    last = span.end_line
    if last > span.line and span.end_column == 1:
        last -= 1  # the span stops at the line break: nothing of the last line is in it
    tint = RED if diagnostic.severity is Severity.ERROR else YELLOW
    groups = []
    for number in range(span.line, last + 1):
        text = source.line(number)
        start = span.column - 1 if number == span.line else 0
        end = span.end_column - 1 if number == span.end_line else len(text)
        first, shown = _cut(text, start)
        rows = [_Row(str(number), "|", shown)]
        carets = _carets(text, first, start, end, at_least_one=number == span.line)
        if carets:
            rows.append(_Row("", "|", carets, tint))
        groups.append(rows)
    return [row for rows in _elide(groups) for row in rows]


def _cut(text: str, at: int) -> tuple[int, str]:
    """A long line is shown in part, around index `at`: notes keep a paragraph on one line.
    Returns where the part starts, and the line as shown."""
    first = 0 if len(text) <= _WIDTH else max(0, min(at - _BEFORE, len(text) - _WIDTH))
    return first, _part(text, first)


def _part(text: str, first: int) -> str:
    """The line from `first`, at most _WIDTH characters of it, with ... where it was cut."""
    last = min(len(text), first + _WIDTH)
    return (_CUT if first else "") + _display(text[first:last]) + (_CUT if last < len(text) else "")


def _carets(text: str, first: int, start: int, end: int, at_least_one: bool) -> str:
    """Carets under text[start:end] as _cut shows the line from `first`."""
    last = first + _WIDTH
    start, end = min(max(start, first), last), min(max(end, first), last)
    before = (" " * len(_CUT) if first else "") + "".join(_pad(char) for char in text[first:start])
    count = sum(len(_pad(char)) for char in text[start:end])
    if count == 0 and not at_least_one:
        return ""
    return before + "^" * max(count, 1)


def _display(text: str) -> str:
    return escape(text).replace("\t", _TAB)


def _pad(char: str) -> str:
    """Blanks as wide as the character once shown (escaped controls take their escape)."""
    if char == "\t":
        return _TAB
    shown = escape(char)
    if shown != char:
        return " " * len(shown)
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return ""
    return "  " if unicodedata.east_asian_width(char) in ("W", "F") else " "


def _elide(groups: list[list[_Row]]) -> list[list[_Row]]:
    if len(groups) <= _MOST_LINES:
        return groups
    return [*groups[:_ENDS], [_Row("...", "")], *groups[-_ENDS:]]


def _fix_rows(fix: Fix, source: Source) -> list[_Row]:
    title = "safe fix:" if fix.safe else "unsafe fix (with --unsafe-fixes):"
    rows = [_Row("", "=", title)]
    moved = 0  # lines that the fix's earlier hunks added (or removed, when negative)
    for number, old, new in _hunks(fix.edits, source):
        first = 0  # long lines are cut at the same place on both sides, where they differ
        if any(len(line) > _WIDTH for line in old + new):
            first = max(0, (_first_difference(old[0], new[0]) if old and new else 0) - _BEFORE)
        removed = [
            [_Row(str(number + i), "-", _part(line, first), RED)] for i, line in enumerate(old)
        ]
        added = [
            [_Row(str(number + moved + i), "+", _part(line, first), _GREEN)]
            for i, line in enumerate(new)
        ]
        rows.extend(row for group in _elide(removed) + _elide(added) for row in group)
        moved += len(new) - len(old)
    return rows


def _first_difference(old: str, new: str) -> int:
    same = (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b)
    return next(same, min(len(old), len(new)))


def _hunks(edits: Sequence[Edit], source: Source) -> Iterator[tuple[int, list[str], list[str]]]:
    """For each group of edits on shared lines: the first changed line's number, the lines
    before and the lines after (lines both sides share at either end left out)."""
    for start, end, group in _touching(sorted(edits, key=lambda edit: edit.start), source):
        new, position = [], start
        for edit in group:
            new += [source.text[position : edit.start], edit.text]
            position = edit.end
        old_lines = source.text[start:end].split("\n")
        new_lines = "".join([*new, source.text[position:end]]).split("\n")
        while old_lines and new_lines and old_lines[-1] == new_lines[-1]:
            old_lines.pop()
            new_lines.pop()
        same = 0
        while same < min(len(old_lines), len(new_lines)) and old_lines[same] == new_lines[same]:
            same += 1
        yield source.position(start)[0] + same, old_lines[same:], new_lines[same:]


def _touching(edits: list[Edit], source: Source) -> Iterator[tuple[int, int, list[Edit]]]:
    """Edits grouped when they touch the same lines: (first line's start, last line's end)."""
    group: list[Edit] = []
    start = end = 0
    for edit in edits:
        line_start = source.line_bounds(edit.start)[0]
        if group and line_start > end:
            yield start, end, group
            group = []
        if not group:
            start = line_start
        group.append(edit)
        end = max(end, source.line_bounds(edit.end)[1])
    if group:
        yield start, end, group
