"""`--statistics`: one line per rule, with how many problems it found and how many of them
notelint can fix, most frequent first (as ruff prints them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from msgspec import Struct
from msgspec.structs import asdict

from notelint.diagnostics import Diagnostic
from notelint.formats.json_list import dumps


class _Row(Struct, frozen=True):
    """One rule's count of problems, as `--statistics` shows it."""

    rule: str
    count: int
    fixable: int


def render_statistics(diagnostics: Sequence[Diagnostic], output_format: str) -> tuple[str, bool]:
    """The statistics in JSON for `json` and `json-lines`, else as text for people (the
    second value says which)."""
    counts = Counter(d.rule for d in diagnostics)
    fixable = Counter(d.rule for d in diagnostics if d.fixable)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    rows = [_Row(rule, count, fixable[rule]) for rule, count in ordered]
    if output_format == "json":
        return dumps([asdict(row) for row in rows], indent=2) + "\n", False
    if output_format == "json-lines":
        return "".join(dumps(asdict(row)) + "\n" for row in rows), False
    return _table(rows), True


def _table(rows: list[_Row]) -> str:
    if not rows:
        return ""
    count_width = max(len(f"{row.count:,}") for row in rows)
    rule_width = max(len(row.rule) for row in rows)
    lines = []
    for row in rows:
        fixable = f"{row.fixable:,} fixable" if row.fixable else ""
        line = f"{row.count:>{count_width},}  {row.rule:<{rule_width}}  {fixable}"
        lines.append(line.rstrip() + "\n")
    return "".join(lines)
