"""The canonical layout of a note's body: one blank line after the frontmatter and around
every heading, no trailing whitespace (a hard break stays), no runs of blank lines, one final
newline. Lines inside code, HTML blocks, math and comments are left exactly as they are."""

from __future__ import annotations

import bisect

from notelint.config import FormatConfig
from notelint.note import Note


def canonical_body(note: Note, settings: FormatConfig) -> str:
    """The note's body (the text after the frontmatter) in canonical form."""
    lines = note.text[note.body_start :].split("\n")
    offsets = _offsets(lines, note.body_start)
    verbatim = [
        _in_ranges(note.verbatim, start, len(line))
        for start, line in zip(offsets, lines, strict=True)
    ]
    headings = _heading_lines(note, lines, offsets)
    out: list[str] = []
    kept: list[bool] = []  # whether each output line is verbatim
    for index, line in enumerate(lines):
        if not verbatim[index] and settings.strip_trailing_whitespace:
            line = _strip(line, lines[index + 1] if index + 1 < len(lines) else "")
        blank = not verbatim[index] and not line.strip()
        around = index in headings or index - 1 in headings
        if settings.blank_lines_around_headings and around and not blank and out and out[-1]:
            out.append("")
            kept.append(False)
        if blank and settings.collapse_blank_lines and out and not out[-1] and not kept[-1]:
            continue
        out.append("" if blank else line)
        kept.append(verbatim[index])
    return _trim(out, kept, note, settings)


def _offsets(lines: list[str], start: int) -> list[int]:
    offsets = [start]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    return offsets


def _in_ranges(ranges: tuple[tuple[int, int], ...], start: int, length: int) -> bool:
    """Whether the line at `start` touches one of the (sorted, disjoint-ish) ranges."""
    end = start + length
    position = bisect.bisect_right(ranges, (end, end))
    return any(s <= end and start < e for s, e in ranges[max(0, position - 4) : position])


def _heading_lines(note: Note, lines: list[str], offsets: list[int]) -> set[int]:
    """Lines of top-level ATX headings (setext headings keep their layout)."""
    starts = {heading.start for heading in note.headings if heading.top_level}
    return {
        index
        for index, offset in enumerate(offsets)
        if offset in starts and lines[index].lstrip().startswith("#")
    }


def _strip(line: str, following: str) -> str:
    stripped = line.rstrip(" \t")
    hard_break = line.endswith("  ") and stripped and following.strip()
    if hard_break and not following.lstrip().startswith("#"):
        return stripped + "  "  # a hard line break: two spaces, exactly
    return stripped


def _trim(out: list[str], kept: list[bool], note: Note, settings: FormatConfig) -> str:
    start = 0
    while start < len(out) and not out[start] and not kept[start]:
        start += 1
    end = len(out)
    while end > start and not out[end - 1] and not kept[end - 1]:
        end -= 1
    if start == end:
        return ""
    body = "\n".join(out[start:end])
    if note.body_start and settings.blank_line_after_frontmatter:
        body = "\n" + body
    elif not settings.blank_line_after_frontmatter:
        body = "\n" * start + body
    return body + ("\n" if settings.final_newline or note.text.endswith("\n") else "")


def first_difference(before: str, after: str) -> tuple[int, str]:
    """The 0-based line where two bodies first differ, and what differs there."""
    old, new = before.split("\n"), after.split("\n")
    for index, (a, b) in enumerate(zip(old, new, strict=False)):
        if a != b:
            if a.rstrip(" \t") == b.rstrip(" \t"):
                return index, "trailing whitespace"
            if not b:
                return index, "a missing blank line"
            return index, "an extra blank line" if not a else "the layout"
    if len(old) < len(new):
        return len(old) - 1, "no final newline"
    return len(new) - 1, "blank lines at the end"
