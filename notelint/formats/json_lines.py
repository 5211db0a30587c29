"""`json-lines`: the `json` format's objects, one a line, for streaming and `jq -c`."""

from __future__ import annotations

from collections.abc import Sequence

from notelint.diagnostics import Diagnostic
from notelint.formats.context import Context
from notelint.formats.json_list import dumps, item

SUMMARY = False


def render(diagnostics: Sequence[Diagnostic], context: Context) -> str:
    return "".join(dumps(item(d, context.sources)) + "\n" for d in diagnostics)
