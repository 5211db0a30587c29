"""The values every layer passes around: where a problem is, what it is, how to fix it."""

from __future__ import annotations

import enum

from msgspec import Struct
from mypy_extensions import mypyc_attr


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@mypyc_attr(native_class=False)
class Span(Struct, frozen=True):
    """A range in a note: character offsets into the normalised text, plus 1-based line and
    column (columns count characters, the end is exclusive)."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


@mypyc_attr(native_class=False)
class Edit(Struct, frozen=True):
    """Replace text[start:end] with `text` (offsets into the normalised note text)."""

    start: int
    end: int
    text: str


@mypyc_attr(native_class=False)
class Fix(Struct, frozen=True):
    """Text edits that resolve a diagnostic. An unsafe fix may change meaning (moving
    sections, retargeting links) and is applied only with --unsafe-fixes."""

    edits: tuple[Edit, ...]
    safe: bool = True


@mypyc_attr(native_class=False)
class Diagnostic(Struct, frozen=True):
    """One problem a rule found, where it is, and how to fix it if it can be."""

    path: str
    rule: str
    severity: Severity
    message: str
    span: Span
    fix: Fix | None = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.rule, self.message)
