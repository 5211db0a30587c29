"""What the section rules share: a note's top-level headings matched to its type's layout."""

from __future__ import annotations

from notelint.config import SectionSpec
from notelint.markdown import Heading
from notelint.note import Note


def top_headings(note: Note) -> list[Heading]:
    """Headings that start sections: not inside a list, quote or callout."""
    return [heading for heading in note.headings if heading.top_level]


def first_by_name(note: Note, sections: list[SectionSpec]) -> dict[str, Heading]:
    """The first heading, at any level, named like each schema section."""
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
