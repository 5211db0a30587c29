"""Checking one note: decide its type and its rules, run them, collect their diagnostics, and
drop those the note's own suppressions cover."""

from __future__ import annotations

import functools

from notelint.config import ALL, NoteType, Project
from notelint.diagnostics import Diagnostic
from notelint.markdown import normalize_heading
from notelint.note import Note
from notelint.rule import Context, Rule
from notelint.rules import RULES, RULES_BY_ID, unreadable_file
from notelint.suppressions import apply_suppressions
from notelint.vault import NoteFacts, Vault, unique_key
from notelint.yaml_nodes import YamlScalar

DEFAULT_SEVERITIES = {rule.ID: rule.SEVERITY for rule in RULES}


def rules_for(project: Project, path: str) -> tuple[Rule, ...]:
    """The rules that run on the note at `path` (vault-relative): those the config leaves on
    (the command line's choice is folded into it, see `selection`), less the note's
    per-file-ignores. The one place that decides it."""
    ignored = project.ignored_rules(path)
    if ALL in ignored:
        return ()
    rules = _rules_named(project.rules_on)
    return tuple(rule for rule in rules if rule.ID not in ignored) if ignored else rules


@functools.cache
def _rules_named(names: tuple[str, ...]) -> tuple[Rule, ...]:
    return tuple(RULES_BY_ID[name] for name in names)


def note_type(note: Note, project: Project) -> tuple[str | None, NoteType | None]:
    """The type named by the note's type field, else the first type whose paths match."""
    types = project.config.types
    frontmatter = note.frontmatter
    if frontmatter is not None and project.config.type_field in frontmatter.fields:
        value = frontmatter.fields[project.config.type_field].value
        name = value.value if isinstance(value, YamlScalar) else None
        if isinstance(name, str) and name in types:
            return name, types[name]
        return None, None
    if note.problems:
        return None, None  # unreadable frontmatter: the type field may be in there
    name = project.type_by_path(note.path)
    return (name, types[name]) if name is not None else (None, None)


def check_note(note: Note, project: Project, vault: Vault) -> list[Diagnostic]:
    rules = rules_for(project, note.path)
    if note.unreadable is not None:  # there is nothing else to check
        rules = tuple(rule for rule in rules if rule is unreadable_file)
    type_name, spec = note_type(note, project)
    context = Context(project, vault, note, type_name, spec, DEFAULT_SEVERITIES)
    found: list[Diagnostic] = []
    for rule in rules:
        try:
            found.extend(rule.check(note, context))
        except Exception as error:
            error.add_note(f"notelint: rule {rule.ID} failed on {note.path}")
            raise
    kept = apply_suppressions(note, context, found, _ids(rules))
    return sorted(kept, key=Diagnostic.sort_key)


@functools.cache
def _ids(rules: tuple[Rule, ...]) -> frozenset[str]:
    return frozenset(rule.ID for rule in rules)


def note_facts(note: Note, project: Project) -> NoteFacts:
    """What other notes' rules need from this one (its anchors, its unique values)."""
    type_name, spec = note_type(note, project)
    headings = tuple((heading.level, normalize_heading(heading.text)) for heading in note.headings)
    return NoteFacts(headings, note.block_ids, type_name, _unique_values(note, spec))


def _unique_values(note: Note, spec: NoteType | None) -> tuple[tuple[str, str], ...]:
    if spec is None or note.frontmatter is None:
        return ()
    fields = note.frontmatter.fields
    values = []
    for name in spec.unique_fields:
        present = fields.get(name)
        value = present.value if present is not None else None
        if isinstance(value, YamlScalar) and value.value is not None:
            values.append((name, unique_key(value.value)))
    return tuple(values)
