"""The schema's sections come in the schema's order. Other headings may sit between them
(unless `extra_sections: forbid`). The fewest headings that break the order are reported: the
ones outside the longest run already in order. An unsafe fix (`--unsafe-fixes`) moves whole
sections, heading and content, into schema order; not when a section leaves a code fence open
(what moved after it would become code).

Schema:
    sections: [{name: Summary}, {name: Links}, {name: Topics}]
Bad:
    ## Topics
    ## Summary
    ## Links
Good:
    ## Summary
    ## Links
    ## Topics
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from notelint.blocks import leaves_fence_open
from notelint.diagnostics import Diagnostic, Edit, Fix, Severity
from notelint.markdown import Heading
from notelint.note import Note
from notelint.rule import Context
from notelint.sections import first_by_name, section_start, written

ID = "section-order"
SEVERITY = Severity.ERROR
FIXABLE = True


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    if context.note_type is None:
        return
    sections = context.note_type.sections
    present = list(first_by_name(note, sections).values())  # (in the note's order)
    order = {section.name: index for index, section in enumerate(sections)}
    ranks = [order[heading.text] for heading in present]
    if ranks == sorted(ranks):
        return  # in order (most notes); each section is named once, so the ranks differ
    keep = _longest_increasing(ranks)
    fix = _reorder(note, present, ranks)
    for position, heading in enumerate(present):
        if position in keep:
            continue
        message = f"section {written(heading)} is out of order; it belongs " + _place(
            position, present, ranks, keep
        )
        yield context.diagnostic(ID, note.span(heading.start, heading.end), message, fix=fix)


def _reorder(note: Note, present: list[Heading], ranks: list[int]) -> Fix | None:
    """Whole sections moved into schema order, each into the place another one had; other
    sections stay where they are. None when sections nest or a name repeats."""
    blocks = [_section_range(note, heading) for heading in present]
    names = [heading.text for heading in present]
    disjoint = all(blocks[i][1] <= blocks[i + 1][0] for i in range(len(blocks) - 1))
    setext = any(not note.text.startswith("#", h.start) for h in present)
    if not disjoint or setext or len(set(names)) != len(names) or not note.text.endswith("\n"):
        return None
    if any(leaves_fence_open(note.text[start:end].split("\n")) for start, end in blocks):
        return None  # what is moved after such a section would become code
    # each moved section ends with a blank line, so no paragraph runs into the next heading
    texts = [_blank_line_after(note.text[start:end]) for start, end in blocks]
    moved = [texts[position] for position in sorted(range(len(texts)), key=ranks.__getitem__)]
    edits = tuple(
        Edit(start, end, new)
        for (start, end), old, new in zip(blocks, texts, moved, strict=True)
        if old != new
    )
    return Fix(edits, safe=False)


def _section_range(note: Note, heading: Heading) -> tuple[int, int]:
    """From the heading, with the comments over it, to the next heading of its level or
    above (less the comments over that one), or the end."""
    following = (
        section_start(note, h.start)
        for h in note.headings
        if h.top_level and h.start > heading.start and h.level <= heading.level
    )
    return section_start(note, heading.start), next(following, len(note.text))


def _place(position: int, present: list[Heading], ranks: list[int], keep: set[int]) -> str:
    """Before the first in-order section that the schema puts after it, else after the last
    in-order section that the schema puts before it."""
    later = [p for p in sorted(keep) if ranks[p] > ranks[position]]
    if later:
        return f"before {written(present[later[0]])}"
    earlier = [p for p in sorted(keep) if ranks[p] < ranks[position]]
    return f"after {written(present[earlier[-1]])}"


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    tail_positions: list[int] = []
    previous: list[int] = [-1] * len(values)
    for position, value in enumerate(values):
        slot = bisect.bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_positions.append(position)
        else:
            tails[slot] = value
            tail_positions[slot] = position
        previous[position] = tail_positions[slot - 1] if slot else -1
    kept: set[int] = set()
    position = tail_positions[-1] if tail_positions else -1
    while position != -1:
        kept.add(position)
        position = previous[position]
    return kept


def _blank_line_after(text: str) -> str:
    return text if text.endswith("\n\n") else text + "\n"
