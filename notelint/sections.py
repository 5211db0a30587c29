"""What the section rules share: a note's top-level headings matched to its type's layout."""

from __future__ import annotations

from notelint.config import SectionSpec
from notelint.markdown import Heading
from notelint.note import Note
from notelint.suppressions import opens_or_closes_a_range


def top_headings(note: Note) -> list[Heading]:
    """Headings that start sections: not inside a list, quote or callout."""
    return [heading for heading in note.headings if heading.top_level]


def first_by_name(note: Note, sections: list[SectionSpec]) -> dict[str, Heading]:
    """The first heading, at any level, named like each schema section, in the note's order."""
    names = {section.name for section in sections}
    found: dict[str, Heading] = {}
    for heading in top_headings(note):
        if heading.text in names:
            found.setdefault(heading.text, heading)
    return found


def written(heading: Heading) -> str:
    return f"'{'#' * heading.level} {heading.text}'"


def expected(section: SectionSpec) -> str:
    return f"'{'#' * section.level} {section.name}'"


def section_start(note: Note, start: int) -> int:
    """Where the section of the heading at `start` begins: above the comment lines over the
    heading (blank lines may sit between), which are about it (a `notelint-disable-next-line`,
    say). A section inserted goes above them, and a section moved takes them along; a
    `notelint-disable` or `-enable` stays where it is, marking the end of what is above."""
    text = note.text
    above = {}  # the line after a comment that is alone on its lines -> the comment
    for first, last in note.comments:
        if opens_or_closes_a_range(note, (first, last)):
            continue
        after = text.find("\n", last) + 1
        at_line_start = first == 0 or text[first - 1] == "\n"
        if at_line_start and after and not text[last:after].strip():
            above[after] = first
    while True:
        probe = start
        while probe > note.body_start and not text[_line_before(text, probe) : probe].strip():
            probe = _line_before(text, probe)
        if probe not in above:
            return start
        start = above[probe]


def _line_before(text: str, line_start: int) -> int:
    return text.rfind("\n", 0, line_start - 1) + 1
