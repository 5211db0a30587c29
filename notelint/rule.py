"""What a rule is, and the context it checks a note in."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from types import ModuleType
from typing import Protocol, cast

from notelint.config import NoteType, Project
from notelint.diagnostics import Diagnostic, Fix, Severity, Span
from notelint.markdown import Link
from notelint.note import Note
from notelint.vault import NoteFacts, Vault


class Rule(Protocol):
    """A rule is a module: its docstring is its documentation (what it checks, then a
    `Bad:` and a `Good:` example), and `check` yields diagnostics without side effects."""

    ID: str
    SEVERITY: Severity
    FIXABLE: bool

    def check(self, note: Note, context: Context) -> Iterator[Diagnostic]: ...


_EXAMPLE_LAYOUTS = (("Bad:", "Good:"), ("Schema:", "Bad:", "Good:"))


def documentation(rule: Rule) -> str:
    """The rule module's docstring. A module compiled with mypyc (setup.py) keeps none, so
    then it is read from the source, which is installed beside the compiled module."""
    found = inspect.getdoc(rule)
    if found is None:
        import ast
        from pathlib import Path

        compiled = Path(inspect.getfile(cast(ModuleType, rule)))
        source = compiled.with_name(compiled.name.split(".")[0] + ".py")
        found = ast.get_docstring(ast.parse(source.read_text(encoding="utf-8")))
    return found or ""


def summary(rule: Rule) -> str:
    """The first sentence of the rule's documentation: `notelint rules`, JSON and SARIF."""
    first = " ".join(documentation(rule).split("\n\n")[0].split())
    return first.split(". ")[0].rstrip(".") + "."


def split_examples(documentation: str) -> dict[str, str | None] | None:
    """A rule's examples (`schema`, `bad`, `good`), dedented, for tools that show them apart;
    None unless the documentation ends with them laid out as `Rule` says: each heading alone
    on its line, each example indented under it."""
    lines = documentation.split("\n")
    heads = [index for index, line in enumerate(lines) if line in ("Schema:", "Bad:", "Good:")]
    if tuple(lines[index] for index in heads) not in _EXAMPLE_LAYOUTS:
        return None
    import textwrap  # only for `notelint rules`

    examples: dict[str, str | None] = {"schema": None}
    for start, end in zip(heads, [*heads[1:], len(lines)], strict=True):
        block = lines[start + 1 : end]
        if not any(block) or any(line and not line.startswith("    ") for line in block):
            return None
        examples[lines[start][:-1].lower()] = textwrap.dedent("\n".join(block)).strip("\n")
    return examples


class Context:
    """Everything a rule may consult besides the note: the config, the note's type and the
    vault index. Link resolutions are memoised so that the five link rules resolve once. (A
    plain class: compiled, the rules read its attributes as C fields, a hundred times a note.)"""

    def __init__(
        self,
        project: Project,
        vault: Vault,
        note: Note,
        type_name: str | None,
        note_type: NoteType | None,
        defaults: dict[str, Severity],  # each rule's own severity, by ID
    ) -> None:
        self.project = project
        self.vault = vault
        self.note = note
        self.type_name = type_name
        self.note_type = note_type
        self.defaults = defaults
        self._resolved: dict[tuple[str, str], tuple[str, ...]] = {}
        self.memo: dict[str, object] = {}  # per-note work rules share

    def diagnostic(
        self,
        rule: str,
        span: Span,
        message: str,
        severity: Severity | None = None,
        fix: Fix | None = None,
    ) -> Diagnostic:
        """A diagnostic at the severity the config sets, else `severity`, else the rule's."""
        configured = self.project.config.rules.get(rule)
        if configured is not None and configured != "off":
            level = Severity(configured)
        else:
            level = severity or self.defaults[rule]
        return Diagnostic(self.note.path, rule, level, message, span, fix)

    def resolve(self, link: Link) -> tuple[str, ...]:
        """Files the link can mean, best first. A Markdown link is relative to the note's
        folder first, then resolved as Obsidian resolves wikilinks."""
        resolved = self._resolved
        key = (link.kind, link.target)
        found = resolved.get(key)
        if found is None:
            found = resolved[key] = self._resolve(link)
        return found

    def _resolve(self, link: Link) -> tuple[str, ...]:
        source, target = self.note.path, link.target
        if link.kind != "markdown" or not target or target.startswith(("/", "./", "../")):
            return self.vault.resolve(target, source)
        return self.vault.resolve("./" + target, source) or self.vault.resolve(target, source)

    def resolve_target(self, target: str) -> tuple[str, ...]:
        """Files a wikilink target written in this note can mean (for `wikilink` fields)."""
        return self.vault.resolve(target, self.note.path)

    def facts(self, path: str) -> NoteFacts | None:
        return self.vault.facts(path)
