"""Report formats, one module each, listed once in FORMATS.

A format module is imported only when it is used: the SARIF and JUnit ones import libraries
(pydantic, junitparser) that `notelint check` must not pay for at start-up. This package's own
module holds only the names, which the command line's parser needs even for `--version`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from notelint.formats.context import Format

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


def load(name: str) -> Format:
    return cast("Format", importlib.import_module(f"notelint.formats.{FORMATS[name]}"))
