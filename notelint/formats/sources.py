"""Notes re-read for a report: the source lines under a span, and fix edits as lines and columns.

Diagnostics carry only offsets into the normalised note text, so a format that shows source
or places edits reads the note again, as notelint reads it. The note may have changed or gone
since it was checked: a note whose text no longer matches the diagnostic's positions is not
used, and the format falls back to what it can say without it.
"""

from __future__ import annotations

import bisect
from pathlib import Path

from msgspec import Struct

from notelint.diagnostics import Diagnostic
from notelint.files import DEFAULT_MAX_FILE_SIZE, Decoded, line_starts_of, read_note


class Source(Struct, frozen=True):
    """A note's normalised text, with its line starts."""

    text: str
    starts: list[int]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def line(self, number: int) -> str:
        """A 1-based line, without its newline."""
        start = self.starts[number - 1]
        end = self.text.find("\n", start)
        return self.text[start : end if end != -1 else len(self.text)]

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Where the line holding `offset` starts and ends (before its newline)."""
        start = self.starts[self.position(offset)[0] - 1]
        end = self.text.find("\n", offset)
        return start, end if end != -1 else len(self.text)

    def matches(self, diagnostic: Diagnostic) -> bool:
        """Whether the diagnostic was found in this text: its offsets give its positions."""
        span = diagnostic.span
        if not 0 <= span.start <= span.end <= len(self.text):
            return False
        if self.position(span.start) != (span.line, span.column):
            return False
        if self.position(span.end) != (span.end_line, span.end_column):
            return False
        edits = diagnostic.fix.edits if diagnostic.fix else ()
        return all(0 <= edit.start <= edit.end <= len(self.text) for edit in edits)


class Sources:
    """Notes read by the path the report shows (relative to the current folder, or absolute).
    Only the last note read is kept: diagnostics come sorted by path, so each note is read
    once, and a large vault's notes are never all in memory at once."""

    def __init__(self, max_size: int = DEFAULT_MAX_FILE_SIZE) -> None:
        self._max_size = max_size
        self._last: tuple[str, Source | None] = ("", None)

    def of(self, diagnostic: Diagnostic) -> Source | None:
        """The note the diagnostic is about, or None when it cannot be read or has changed."""
        path = diagnostic.path
        if self._last[0] != path:
            decoded = read_note(Path(path), self._max_size)
            text = decoded.text if isinstance(decoded, Decoded) else None
            self._last = (path, None if text is None else Source(text, line_starts_of(text)))
        source = self._last[1]
        return source if source is not None and source.matches(diagnostic) else None
