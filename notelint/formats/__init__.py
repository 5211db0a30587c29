"""Report formats, one module each, listed once in FORMATS.

A format module is imported only when it is used: the SARIF and JUnit ones import libraries
(pydantic, junitparser) that `notelint check` must not pay for at start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, cast

from notelint.diagnostics import Diagnostic
from notelint.formats.sources import Sources

# The name users give to --output-format, and the module in this package that writes it.
FORMATS: dict[str, str] = {
    "concise": "concise",
    "full": "full",
    "json": "json_list",
    "json-lines": "json_lines",
    "github": "github",
    "gitlab": "gitlab",
    "sarif": "sarif",
    "junit": "junit",
}


@dataclass(frozen=True)
class Context:
    """What a format may need besides the diagnostics."""

    color: bool = False
    checked: int = 0  # how many notes were checked, for the summary
    sources: Sources = field(default_factory=Sources)  # the notes re-read, for spans and fixes


class Format(Protocol):
    """A format is a module: `render` returns the whole report as text."""

    SUMMARY: bool  # written for people: the summary line follows the report

    def render(self, diagnostics: Sequence[Diagnostic], context: Context) -> str: ...


def load(name: str) -> Format:
    return cast(Format, importlib.import_module(f"notelint.formats.{FORMATS[name]}"))
