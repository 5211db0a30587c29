"""`github`: GitHub Actions workflow commands, shown as annotations on the changed files."""

from __future__ import annotations

from collections.abc import Sequence

from notelint.diagnostics import Diagnostic, Severity
from notelint.formats.context import Context
from notelint.report import escape

SUMMARY = False


def render(diagnostics: Sequence[Diagnostic], context: Context) -> str:
    return "".join(github_line(d) + "\n" for d in diagnostics)


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
