"""`concise`, the default: one `path:line:col: rule message` line per problem, gcc style."""

from __future__ import annotations

from collections.abc import Sequence

from notelint.diagnostics import Diagnostic, Severity
from notelint.formats.context import Context
from notelint.report import BOLD, RED, RESET, YELLOW, escape

SUMMARY = True


def render(diagnostics: Sequence[Diagnostic], context: Context) -> str:
    return "".join(concise_line(d, context.color) + "\n" for d in diagnostics)


def concise_line(diagnostic: Diagnostic, color: bool) -> str:
    span = diagnostic.span
    path = escape(diagnostic.path)
    if path.startswith("::"):  # a file named `::error::x.md` must not be a workflow command
        path = "./" + path
    where = f"{path}:{span.line}:{span.column}:"
    rule, message = diagnostic.rule, escape(diagnostic.message)
    if not color:
        return f"{where} {rule} {message}"
    tint = RED if diagnostic.severity is Severity.ERROR else YELLOW
    return f"{BOLD}{where}{RESET} {tint}{rule}{RESET} {message}"
