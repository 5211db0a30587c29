"""`sarif`: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

One run: the tool with the rules that found something (each with its documentation as help
text and its default level), and one result per problem, at a region of a file named relative
to %SRCROOT% (the current folder) with columns in characters (`columnKind:
unicodeCodePoints`), and its fix as replacements when it has one. Written through
sarif-pydantic's object model, so every property has SARIF's name.
"""

from __future__ import annotations

import importlib.metadata
import os
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sarif_pydantic import (
    ArtifactLocation,
    Level,
    Location,
    Message,
    PhysicalLocation,
    Region,
    ReportingConfiguration,
    ReportingDescriptor,
    Result,
    Run,
    Sarif,
    Tool,
    ToolDriver,
)
from sarif_pydantic.sarif import ArtifactChange, ArtifactContent, Fix, Replacement

from notelint import __version__
from notelint.diagnostics import Diagnostic
from notelint.formats.context import Context
from notelint.formats.json_list import dumps
from notelint.formats.sources import Sources
from notelint.rule import Rule, documentation, summary
from notelint.rules import RULES

SUMMARY = False
SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_BASE = "%SRCROOT%"


def render(diagnostics: Sequence[Diagnostic], context: Context) -> str:
    found = {d.rule for d in diagnostics}
    rules = [rule for rule in RULES if rule.ID in found]  # as ruff does: a log stays small
    index = {rule.ID: position for position, rule in enumerate(rules)}
    run = Run(
        tool=Tool(driver=_driver(rules)),
        original_uri_base_ids={_BASE: ArtifactLocation(uri=Path.cwd().as_uri() + "/")},
        results=[_result(d, index.get(d.rule), context.sources) for d in diagnostics],
        columnKind="unicodeCodePoints",  # not in sarif-pydantic's model; a valid run property
    )
    log = Sarif(version="2.1.0", runs=[run], **{"$schema": SCHEMA})
    return dumps(log.model_dump(mode="json", by_alias=True, exclude_none=True), indent=2) + "\n"


def _driver(rules: list[Rule]) -> Any:
    return ToolDriver(
        name="notelint",
        version=__version__,
        information_uri=_homepage(),
        rules=[_rule(rule) for rule in rules],
    )


def _rule(rule: Rule) -> Any:
    doc = documentation(rule)
    first = " ".join(doc.split("\n\n")[0].split())
    return ReportingDescriptor(
        id=rule.ID,
        short_description=Message(text=summary(rule)),
        full_description=Message(text=first),
        help=Message(text=doc),
        default_configuration=ReportingConfiguration(level=str(rule.SEVERITY)),
    )


def _homepage() -> str | None:
    """The project's home page from the installed package's metadata, if it names one."""
    try:
        urls = importlib.metadata.metadata("notelint").get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    found = dict(url.split(", ", 1) for url in urls if ", " in url)
    return found.get("Homepage") or found.get("Repository")


def _result(diagnostic: Diagnostic, rule_index: int | None, sources: Sources) -> Any:
    span = diagnostic.span
    region = Region(
        start_line=span.line,
        start_column=span.column,
        end_line=span.end_line,
        end_column=span.end_column,
    )
    where = _artifact(diagnostic.path)
    return Result(
        rule_id=diagnostic.rule,
        rule_index=rule_index,
        level=Level(str(diagnostic.severity)),
        message=Message(text=diagnostic.message),
        locations=[
            Location(physical_location=PhysicalLocation(artifact_location=where, region=region))
        ],
        fixes=_fixes(diagnostic, where, sources),
    )


def _artifact(path: str) -> Any:
    """A relative path as a URI reference against %SRCROOT%; an absolute one as a file URI."""
    if os.path.isabs(path):
        return ArtifactLocation(uri=Path(path).as_uri())
    posix = os.fsencode(path).replace(os.sep.encode(), b"/")
    return ArtifactLocation(uri=urllib.parse.quote(posix, safe="/"), uri_base_id=_BASE)


def _fixes(diagnostic: Diagnostic, where: Any, sources: Sources) -> list[Any] | None:
    source = sources.of(diagnostic) if diagnostic.fix is not None else None
    if diagnostic.fix is None or source is None:
        return None
    replacements = []
    for edit in sorted(diagnostic.fix.edits, key=lambda edit: (edit.start, edit.end)):
        (line, column), (end_line, end_column) = (
            source.position(edit.start),
            source.position(edit.end),
        )
        replacements.append(
            Replacement(
                deleted_region=Region(
                    start_line=line, start_column=column, end_line=end_line, end_column=end_column
                ),
                inserted_content=ArtifactContent(text=edit.text) if edit.text else None,
            )
        )
    safety = "safe fix" if diagnostic.fix.safe else "unsafe fix (with --unsafe-fixes)"
    change = ArtifactChange(artifact_location=where, replacements=replacements)
    return [Fix(description=Message(text=safety), artifact_changes=[change])]
