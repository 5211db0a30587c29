"""`notelint init [VAULT]`: read a vault, infer its schema, write it as a new notelint.yaml.

It never replaces a config: a vault that has notelint.yaml, .notelint.yaml or a pyproject.toml
with [tool.notelint] is refused (exit 2), and the file is created atomically (a temporary file
in the same folder, linked to its name only if that name is still free), so a reader never
sees half a config and two runs at once cannot overwrite each other.
"""

from __future__ import annotations

from pathlib import Path

from notelint.cache import Cache
from notelint.config import CONFIG_NAMES, Config, _has_notelint_table, make_project
from notelint.infer import Inferred, infer_schema
from notelint.infer_yaml import schema_text
from notelint.report import plural
from notelint.run import NoteReader, taken
from notelint.vault import Vault, scan_files

CONFIG_NAME = CONFIG_NAMES[0]


class InitRefused(Exception):
    """The vault is not a folder, or holds no note: nothing was written."""


def existing_config(vault: Path) -> Path | None:
    """The config the vault folder itself already holds, if any."""
    for name in CONFIG_NAMES:
        if (vault / name).is_file():
            return vault / name
    pyproject = vault / "pyproject.toml"
    return pyproject if pyproject.is_file() and _has_notelint_table(pyproject) else None


def infer_vault(root: Path) -> Inferred:
    """The schema of the notes under `root`, read as `check` reads them: hidden folders and
    the template folders Obsidian's settings name are skipped, unreadable files only count."""
    project = make_project(Config(), None, root)
    files, _ = scan_files(root)
    reader = NoteReader(project, Cache.load(None, project, files))
    vault = Vault(root, files, lambda path: None)
    notes = [reader.read(path)[0] for path in taken(vault.notes, project)]
    return infer_schema(notes, lambda target, source: bool(vault.resolve(target, source)))


def summary(inferred: Inferred) -> str:
    """`2 note types, 10 fields, 3 sections, inferred from 1,000 notes`."""
    types = len(inferred.types)
    fields = sum(g.spec is not None for t in inferred.types for g in t.fields.values())
    sections = sum(len(t.sections) for t in inferred.types)
    return (
        f"{plural(types, 'note type')}, {plural(fields, 'field')}, {plural(sections, 'section')},"
        f" inferred from {plural(inferred.notes, 'note')}"
    )


def init_text(vault: Path) -> tuple[str, Inferred]:
    """The notelint.yaml `init` writes for the vault, and what it was inferred as."""
    if not vault.is_dir():
        raise InitRefused(f"not a folder: {vault}")
    inferred = infer_vault(vault.resolve())
    if not inferred.notes:
        raise InitRefused(f"no notes in {vault} to infer a schema from (is it the vault?)")
    return schema_text(inferred), inferred
