"""Inferring the `format:` settings from the layout a vault's notes already have.

Each setting is on when it would change at most 5% of the notes (those are the outliers
`not-canonical` then reports), else off. Some of the layout has no setting (a space-only line
is always blanked, blank lines at the end always go): when, with the inferred settings, more
than 5% of the notes are still not in the layout, the rule is turned off, so that `check`
reports the schema's outliers and not a vault's style.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from notelint.canonical import canonical_body, frontmatter_layouts
from notelint.config import FormatConfig, NoteType
from notelint.infer_fields import NEARLY_ALL
from notelint.note import Note

_FRONTMATTER = ("block_lists", "quote_dates", "plain_strings")
_BODY = (
    "blank_line_after_frontmatter",
    "blank_lines_around_headings",
    "strip_trailing_whitespace",
    "collapse_blank_lines",
    "final_newline",
)
_NONE = FormatConfig(
    key_order="preserve", **dict.fromkeys(_FRONTMATTER + _BODY, False)
)  # nothing to change: the baseline each setting is measured against

NoteWithType = tuple[Note, NoteType | None]


def infer_layout(notes: Sequence[NoteWithType]) -> tuple[FormatConfig, dict[str, str], str | None]:
    """The format settings the notes follow, evidence for each, and, when the notes are not
    in any layout notelint can write, why `not-canonical` is turned off (else None)."""
    readable = [(note, note_type) for note, note_type in notes if not note.problems]
    bodies = _bodies(readable)
    # A note already in the default layout fits each setting: only the others are measured,
    # setting by setting (each measure rewrites every note it looks at).
    differ = _differing(readable, bodies, FormatConfig())
    rest = [readable[index] for index in differ]
    baselines = [canonical_body(note, _NONE) for note, _ in rest]
    settings: dict[str, object] = {}
    evidence: dict[str, str] = {}
    for name in ("key_order", *_FRONTMATTER, *_BODY):
        on: object = "sorted" if name == "key_order" else True
        changed = len(_differing(rest, baselines, _with(_NONE, name, on)))
        if changed > (1 - NEARLY_ALL) * len(readable):
            on = "preserve" if name == "key_order" else False
        settings[name] = on
        evidence[name] = _evidence(changed, len(readable))
    layout = FormatConfig(**settings)  # type: ignore[arg-type]
    left = len(differ) if layout == FormatConfig() else len(_differing(rest, _bodies(rest), layout))
    off = None
    if left > (1 - NEARLY_ALL) * len(readable):
        off = f"{left:,} of {len(readable):,} notes are not in the layout above"
    return layout, evidence, off


def _bodies(notes: Sequence[NoteWithType]) -> list[str]:
    return [note.text[note.body_start :] for note, _ in notes]


def _with(settings: FormatConfig, name: str, value: object) -> FormatConfig:
    return FormatConfig(**{**dataclasses.asdict(settings), name: value})


def _evidence(changed: int, total: int) -> str:
    if not changed:
        return f"as all {total:,} notes are"
    return f"would change {changed:,} of {total:,} notes"


def _differing(
    notes: Sequence[NoteWithType], bodies: list[str], settings: FormatConfig
) -> list[int]:
    """The indexes of the notes `settings` would rewrite: their frontmatter, or their body
    from `bodies` (the body each note has, or would have with no setting on)."""
    return [
        index
        for index, ((note, note_type), body) in enumerate(zip(notes, bodies, strict=True))
        if frontmatter_layouts(note, note_type, settings) or canonical_body(note, settings) != body
    ]
