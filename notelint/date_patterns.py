"""Date formats as regular expressions, for JSON Schema's `pattern`.

A pattern accepts exactly the texts the bad-date rule accepts: a real date (no 2025-02-30, a
29 February only in leap years) written the way strftime writes it in the format. So an editor
checking the schema catches a bad date as it is typed, not only `notelint check`. The patterns
use only syntax that means the same in Python and in ECMA-262 (editors are JavaScript).

Formats with a directive not listed here (weekday names, week numbers, %j) have no pattern:
their validity hangs on more than one part at a time, and notelint alone checks them.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence

from msgspec import Struct

# %Y accepts 1000 to 9999 only: glibc writes earlier years unpadded, so they never read back
_YEAR = "[1-9][0-9]{3}"
_LEAP_YEAR = "(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[13579][26]|[2468][048])00)"
# ISO 8601 as Python reads it: 0001 to 9999
_ISO_YEAR = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_ISO_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_SHORT_YEAR = "[0-9]{2}"
_SHORT_LEAP_YEAR = "(?:[02468][048]|[13579][26])"  # %y is 1969 to 2068; 2000 is a leap year
_YEARS = {"Y": (_YEAR, _LEAP_YEAR), "y": (_SHORT_YEAR, _SHORT_LEAP_YEAR)}
_ISO_YEARS = {"Y": (_ISO_YEAR, _ISO_LEAP_YEAR)}


class _Case(Struct, frozen=True):
    """Months that have the same days, and whether only leap years have them."""

    months: Sequence[int]
    days: str
    leap: bool = False


_CASES = (
    _Case((1, 3, 5, 7, 8, 10, 12), "(?:0[1-9]|[12][0-9]|3[01])"),
    _Case((4, 6, 9, 11), "(?:0[1-9]|[12][0-9]|30)"),
    _Case((2,), "(?:0[1-9]|1[0-9]|2[0-8])"),
    _Case((2,), "29", leap=True),
)
# Directives whose text does not depend on the date
_FIXED = {
    "H": "(?:[01][0-9]|2[0-3])",
    "I": "(?:0[1-9]|1[0-2])",
    "p": "(?:AM|PM)",
    "M": "[0-5][0-9]",
    "S": "[0-5][0-9]",
    "f": "[0-9]{6}",
    "%": "%",
}
# The part of the date or time each directive names; a format may name each part once
_PART = {"Y": "year", "y": "year", "m": "month", "B": "month", "b": "month", "d": "day"}
_PART |= {"H": "hour", "I": "hour", "p": "half", "M": "minute", "S": "second", "f": "fraction"}
_TOKEN = re.compile(r"%(.)|([^%]+)", re.DOTALL)
_ECMA_SYNTAX = re.compile(r"[\^$\\.*+?()\[\]{}|/]")


def date_pattern(fmt: str) -> str | None:
    """A pattern for the real dates strftime writes in `fmt`, or None when the format uses a
    directive this module does not translate."""
    if not _translatable(fmt):
        return None
    return "^(?:" + "|".join(_render(fmt, case, _YEARS) for case in _CASES) + ")$"


def iso_datetime_pattern() -> str:
    """ISO 8601 date-times as a person writes them: `2025-04-28T14:30`, seconds, a fraction
    and an offset (Z, +05, +05:30, +0530) optional, T or a space between. Python's
    fromisoformat, which notelint uses, also reads rarer forms (20250428T1430, week dates)."""
    date = "|".join(_render("%Y-%m-%d", case, _ISO_YEARS) for case in _CASES)
    hour, minute = _FIXED["H"], _FIXED["M"]
    time = f"{hour}(?::{minute}(?::{minute}(?:[.,][0-9]+)?)?)?"
    offset = f"(?:Z|[+-]{hour}(?::?{minute})?)?"
    return f"^(?:{date})[Tt ]{time}{offset}$"


def literal(text: str) -> str:
    """`text` as a pattern that matches it, escaping only what ECMA-262's Unicode mode allows
    to be escaped (Python's re.escape escapes more, which editors refuse)."""
    return _ECMA_SYNTAX.sub(lambda match: "\\" + match.group(), text)


def _translatable(fmt: str) -> bool:
    directives = [m.group(1) for m in _TOKEN.finditer(fmt) if m.group(1) not in (None, "%")]
    if any(directive not in _PART for directive in directives):
        return False
    parts = [_PART[directive] for directive in directives]
    if len(parts) != len(set(parts)) or not {"year", "month", "day"} <= set(parts):
        return False  # a part named twice must agree with itself: notelint checks that
    return "half" not in parts or "I" in directives  # AM/PM must agree with %H otherwise


def _render(fmt: str, case: _Case, years: dict[str, tuple[str, str]]) -> str:
    pieces = (match.groups() for match in _TOKEN.finditer(fmt))
    return "".join(
        literal(text) if text is not None else _piece(directive, case, years)
        for directive, text in pieces
    )


def _piece(directive: str, case: _Case, years: dict[str, tuple[str, str]]) -> str:
    if directive in years:
        any_year, leap_year = years[directive]
        return leap_year if case.leap else any_year
    if directive in ("m", "B", "b"):
        return _months(directive, case.months)
    return case.days if directive == "d" else _FIXED[directive]


def _months(directive: str, months: Sequence[int]) -> str:
    if directive == "m":
        names = [f"{month:02d}" for month in months]
    else:
        table = calendar.month_abbr if directive == "b" else calendar.month_name  # as strftime
        names = [literal(table[month]) for month in months]
    return names[0] if len(names) == 1 else "(?:" + "|".join(names) + ")"
