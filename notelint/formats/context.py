"""What every format is given, and what it must provide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from msgspec import Struct, field

from notelint.diagnostics import Diagnostic
from notelint.formats.sources import Sources


class Context(Struct, frozen=True):
    """What a format may need besides the diagnostics."""

    color: bool = False
    checked: int = 0  # how many notes were checked, for the summary
    sources: Sources = field(default_factory=Sources)  # the notes re-read, for spans and fixes


class Format(Protocol):
    """A format is a module: `render` returns the whole report as text."""

    SUMMARY: bool  # written for people: the summary line follows the report

    def render(self, diagnostics: Sequence[Diagnostic], context: Context) -> str: ...
