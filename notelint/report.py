"""Printing diagnostics: the format the user chose (one module each in notelint/formats/), or
their statistics, then for people the summary line.

Every field that comes from a note or a file name is escaped first in text formats: a note
cannot drive the terminal with escape sequences or inject a `::workflow-command::` line into a
CI log. Structured formats (JSON, SARIF, JUnit XML) carry the real strings, validly encoded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelint import formats
from notelint.diagnostics import Diagnostic, Severity
from notelint.formats.context import Context

FORMATS = tuple(formats.FORMATS)
# C0 and C1 controls, undecodable bytes, line separators and bidi controls (Trojan Source)
_CONTROL = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
RED, YELLOW, BOLD, RESET = "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[0m"


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
    return formats.load(output_format).render(diagnostics, Context(color))


def render_report(
    diagnostics: Sequence[Diagnostic],
    output_format: str,
    context: Context,
    statistics: bool = False,
) -> str:
    """All that `check` prints about its diagnostics: the report (or the statistics), then the
    summary when it is written for people."""
    if statistics:
        from notelint.formats.statistics import render_statistics

        text, for_people = render_statistics(diagnostics, output_format)
    else:
        chosen = formats.load(output_format)
        text, for_people = chosen.render(diagnostics, context), chosen.SUMMARY
    if for_people:
        text += summary(diagnostics, context.checked, context.color) + "\n"
    return text


def summary(diagnostics: Sequence[Diagnostic], checked: int, color: bool) -> str:
    notes = plural(checked, "note")
    if not diagnostics:
        text = f"All checks passed ({notes})."
        return f"{BOLD}{text}{RESET}" if color else text
    files = len({d.path for d in diagnostics})
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    count = plural(len(diagnostics), "problem")
    kinds = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    text = f"Found {count} in {files:,} of {notes} ({kinds})."
    return f"{BOLD}{text}{RESET}" if color else text


def plural(count: int, noun: str) -> str:
    """`1 note`, `1,204 notes`."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
