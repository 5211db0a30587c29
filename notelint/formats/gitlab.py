"""`gitlab`: a GitLab Code Quality report (the `codequality` artifact): a JSON array of
{description, check_name, fingerprint, severity, location}.

A fingerprint is what GitLab tracks a problem by between pipelines, so it hashes the path, the
rule and the message, and how many identical problems came before it in the note, never the
line: editing a note above a problem does not make it a new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import Counter
from collections.abc import Sequence
from typing import Any

from notelint.diagnostics import Diagnostic, Severity
from notelint.formats.context import Context
from notelint.formats.json_list import dumps

SUMMARY = False


def render(diagnostics: Sequence[Diagnostic], context: Context) -> str:
    project = os.environ.get("CI_PROJECT_DIR") or None
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for diagnostic in diagnostics:
        path = _project_path(diagnostic.path, project)
        key = (path, diagnostic.rule, diagnostic.message)
        issues.append(_issue(diagnostic, path, _fingerprint(*key, seen[key])))
        seen[key] += 1
    return dumps(issues, indent=2) + "\n"


def _issue(diagnostic: Diagnostic, path: str, fingerprint: str) -> dict[str, Any]:
    span = diagnostic.span
    return {
        "description": diagnostic.message,
        "check_name": diagnostic.rule,
        "fingerprint": fingerprint,
        "severity": "major" if diagnostic.severity is Severity.ERROR else "minor",
        "location": {
            "path": path,
            "positions": {
                "begin": {"line": span.line, "column": span.column},
                "end": {"line": span.end_line, "column": span.end_column},
            },
        },
    }


def _project_path(path: str, project: str | None) -> str:
    """The path relative to the repository (CI_PROJECT_DIR, else the current folder), with
    forward slashes, as GitLab matches it against the repository's files."""
    if project is not None:
        with contextlib.suppress(ValueError):  # another drive on Windows: keep it absolute
            path = os.path.relpath(os.path.abspath(path), project)
    return path.replace(os.sep, "/")


def _fingerprint(path: str, rule: str, message: str, index: int) -> str:
    data = "\0".join((path, rule, message, str(index))).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()
