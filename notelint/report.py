"""Printing diagnostics: concise text (the default), JSON and GitHub workflow annotations.

Every field that comes from a note or a file name is escaped first: a note cannot drive the
terminal with escape sequences or inject a `::workflow-command::` line into a CI log.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from notelint.diagnostics import Diagnostic, Severity

FORMATS = ("concise", "json", "github")
# C0 and C1 controls, undecodable bytes, line separators and bidi controls (Trojan Source)
_CONTROL = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_RED, _YELLOW, _BOLD, _RESET = "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[0m"


def escape(text: str) -> str:
    """Control characters and undecodable bytes from file names, as visible escapes."""
    return _CONTROL.sub(_escape_char, text)


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def render(diagnostics: Sequence[Diagnostic], output_format: str, color: bool) -> str:
    """Diagnostics whose paths are already as the user should see them."""
    if output_format == "json":
        return render_json(diagnostics)
    if output_format == "github":
        return "".join(github_line(d) + "\n" for d in diagnostics)
    return "".join(concise_line(d, color) + "\n" for d in diagnostics)


def concise_line(diagnostic: Diagnostic, color: bool) -> str:
    span = diagnostic.span
    path = escape(diagnostic.path)
    if path.startswith("::"):  # a file named `::error::x.md` must not be a workflow command
        path = "./" + path
    where = f"{path}:{span.line}:{span.column}:"
    rule, message = diagnostic.rule, escape(diagnostic.message)
    if not color:
        return f"{where} {rule} {message}"
    tint = _RED if diagnostic.severity is Severity.ERROR else _YELLOW
    return f"{_BOLD}{where}{_RESET} {tint}{rule}{_RESET} {message}"


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    items = [
        {
            "path": d.path,
            "line": d.span.line,
            "column": d.span.column,
            "end_line": d.span.end_line,
            "end_column": d.span.end_column,
            "rule": d.rule,
            "severity": str(d.severity),
            "message": d.message,
            "fixable": d.fixable,
        }
        for d in diagnostics
    ]
    return (
        json.dumps(items, indent=2, ensure_ascii=False)
        .encode("utf-8", "backslashreplace")
        .decode("utf-8")
        + "\n"
    )


def github_line(diagnostic: Diagnostic) -> str:
    span = diagnostic.span
    properties = ",".join(
        f"{name}={_github_property(str(value))}"
        for name, value in (
            ("file", diagnostic.path),
            ("line", span.line),
            ("col", span.column),
            ("endLine", span.end_line),
            ("endColumn", span.end_column),
            ("title", f"notelint ({diagnostic.rule})"),
        )
    )
    level = "error" if diagnostic.severity is Severity.ERROR else "warning"
    return f"::{level} {properties}::{_github_data(diagnostic.message)}"


def _github_data(text: str) -> str:
    return escape(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def summary(diagnostics: Sequence[Diagnostic], checked: int, color: bool) -> str:
    notes = _plural(checked, "note")
    if not diagnostics:
        text = f"All checks passed ({notes})."
        return f"{_BOLD}{text}{_RESET}" if color else text
    files = len({d.path for d in diagnostics})
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    count = _plural(len(diagnostics), "problem")
    kinds = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    text = f"Found {count} in {files:,} of {notes} ({kinds})."
    return f"{_BOLD}{text}{_RESET}" if color else text


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
