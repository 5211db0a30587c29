"""A run: the notes a command works on, the vault they live in, and checking them.

Paths given on the command line are grouped by the vault (and schema) they belong to; each
group is one `Run` with its own index. Each note is read and parsed at most once a run.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import msgspec.structs
from msgspec import Struct

from notelint.cache import (
    CACHE_DIR_NAME,
    DAMAGED,
    Cache,
    Changes,
    Entry,
    diagnostic_from_plain,
    load_config_cached,
    plain_diagnostic,
)
from notelint.config import (
    Config,
    Project,
    find_config,
    find_vault_root,
    make_project,
)
from notelint.diagnostics import Diagnostic
from notelint.files import Decoded, read_note
from notelint.parallel import check_in_workers, may_be_wrong, workers_for
from notelint.selection import Selection, deselected, select_rules
from notelint.vault import Answered, NoteFacts, Vault, is_note, scan_files

if TYPE_CHECKING:
    from notelint.note import Note

# The parser and the rules (check, note) are imported where a note is read or checked: a run
# that the cache answers whole imports neither.

# Where the cache lives: None for the default (.notelint_cache/ at the vault root), False for
# no cache, or a folder.
CacheChoice = Path | Literal[False] | None


# Exit codes: nothing to report, problems found (or notes fixed), a usage, config or write error
EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A problem with the command line or the paths given: exit 2 with this message."""


class Run(Struct):
    """One check run: the project, the vault index, the notes to check and how to read them."""

    project: Project
    vault: Vault
    selected: list[str]
    notes: NoteReader
    skipped: dict[str, str]  # notes not to read, and why

    def display(self, path: str) -> str:
        """A vault path as the user should see it: relative to the current folder. Worked out
        once a folder (`relpath` takes ~20 us, and a report shows thousands of paths)."""
        folder, _, name = path.rpartition("/")
        shown = _shown_folder(str(self.project.root), folder, os.getcwd())
        return name if shown == "." else os.path.join(shown, name)

    def shown(self, diagnostic: Diagnostic) -> Diagnostic:
        """The diagnostic with its path as the user should see it."""
        return msgspec.structs.replace(diagnostic, path=self.display(diagnostic.path))


@functools.lru_cache(maxsize=1024)
def _shown_folder(root: str, folder: str, cwd: str) -> str:
    absolute = os.path.join(root, folder) if folder else root
    try:
        return os.path.relpath(absolute, cwd)
    except ValueError:  # another drive on Windows
        return absolute


_FEW_NOTES = 4  # a run checking at most these looks up names without indexing the vault's


def start_runs(
    paths: list[Path],
    config_option: Path | None,
    cache_dir: CacheChoice = None,
    selection: Selection | None = None,
) -> list[Run]:
    """One run per vault: pre-commit may pass notes of several vaults, and files outside any,
    in one call; each is checked against its own schema and index, with the rules the
    command line chose."""
    if config_option is not None:
        return [_start_run(paths, config_option, cache_dir, selection)]
    groups: dict[tuple[str, Path], list[Path]] = {}
    for path in paths:
        config = find_config(path)
        key = ("config", config) if config is not None else ("root", find_vault_root(path))
        groups.setdefault(key, []).append(path)
    return [
        _start_run(group, key[1] if key[0] == "config" else None, cache_dir, selection)
        for key, group in groups.items()
    ]


def _start_run(
    paths: list[Path],
    config_path: Path | None,
    cache_dir: CacheChoice,
    selection: Selection | None,
) -> Run:
    if config_path is not None:
        if not config_path.is_file():
            raise UsageError(f"config file not found: {config_path}")
        root = config_path.resolve().parent
        config = load_config_cached(config_path, _cache_directory(cache_dir, root))
    else:
        config, root = Config(), find_vault_root(paths[0])
        if not (root / ".obsidian").is_dir():
            print(
                f"notelint: warning: no notelint.yaml or .obsidian/ found; using {root} as the"
                " vault root, so links resolve inside it only",
                file=sys.stderr,
            )
    chosen = select_rules(config, selection) if selection is not None else config
    project = make_project(chosen, config_path, root)
    if chosen is not config:
        project = dataclasses.replace(project, deselected=deselected(config, chosen))
    files, skipped = scan_files(root)
    notes = NoteReader(project, _open_cache(cache_dir, project, files))
    cache = notes.cache
    vault = Vault(root, files, notes.facts, skipped, cache.unique_values, cache.may_hold)
    selected, outside, skipped_too = _select(paths, project, vault)
    if outside:
        where = f" (the folder holding {config_path.name})" if config_path else ""
        raise UsageError(f"{outside[0]} is outside the vault {root}{where}")
    notes.waiting.update(selected)
    if len(selected) <= _FEW_NOTES:
        vault.search_names_first()
    skip_reasons = {item.path: item.reason for item in vault.skipped} | skipped_too
    return Run(project, vault, selected, notes, skip_reasons)


def _select(
    paths: list[Path], project: Project, vault: Vault
) -> tuple[list[str], list[str], dict[str, str]]:
    """Vault-relative notes to check, the paths given that lie outside the vault, and named
    files that only a symlink puts inside it (never read)."""
    selected: list[str] = []  # in path order, mostly: sorting it then takes one pass
    outside: list[str] = []
    escaping: dict[str, str] = {}
    skipped = sorted(item.path for item in vault.skipped)
    for path in paths:
        lexical = os.path.normpath(path.absolute())
        relative = os.path.relpath(lexical, project.root).replace(os.sep, "/")
        if relative == ".." or relative.startswith("../"):
            outside.append(str(path))
        elif path.is_dir() and not path.is_symlink():
            prefix = "" if relative == "." else relative + "/"
            selected += vault.notes if not prefix else _under(vault.notes, prefix)
            selected += (n for n in skipped if n.startswith(prefix))
        else:
            selected.append(relative)
            if not _inside(Path(os.path.realpath(lexical)), project.root):
                escaping[relative] = "symbolic link to a file outside the vault; not read"
    return sorted(taken(dict.fromkeys(selected), project)), outside, escaping


def _under(notes: list[str], folder: str) -> list[str]:
    """The notes under `folder` (it ends in "/"): a run of the sorted list, from `folder` up to
    the first path after it in the folder's place, where "0", the character after "/", is."""
    start = bisect.bisect_left(notes, folder)
    return notes[start : bisect.bisect_left(notes, folder[:-1] + "0", start)]


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _open_cache(choice: CacheChoice, project: Project, files: list[str]) -> Cache:
    return Cache.load(_cache_directory(choice, project.root), project, files)


def _cache_directory(choice: CacheChoice, root: Path) -> Path | None:
    return None if choice is False else choice or root / CACHE_DIR_NAME


def taken(paths: Iterable[str], project: Project) -> list[str]:
    """The paths a check of their folder takes: none hidden, none the config excludes."""
    visible = [path for path in paths if "/." not in f"/{path}"]
    if not project.exclude_patterns:
        return visible
    return [path for path in visible if not project.is_excluded(path)]


def check_selected(run: Run) -> list[Diagnostic]:
    """Diagnostics of the run's notes, in path order, and the cache brought up to date."""
    changes = Changes(run.notes.cache, run.vault, run.project)
    found = check_notes(run, changes)
    run.notes.cache.save(run.vault.notes, changes.still_hold)
    return [diagnostic for path in run.selected for diagnostic in found[path]]


def check_notes(run: Run, changes: Changes | None = None) -> dict[str, list[Diagnostic]]:
    """Diagnostics of each of the run's notes, from the cache where it still holds. Many notes
    to check are shared out among worker processes."""
    if changes is None:
        changes = Changes(run.notes.cache, run.vault, run.project)
    found: dict[str, list[Diagnostic]] = {}
    pending = []
    for path in run.selected:
        cached = _from_cache(run, path, changes)
        if cached is None:
            pending.append(path)
        else:
            found[path] = cached
    for path in pending:  # a note checked again for a changed answer keeps the others
        for query, answer in changes.held_values(path):
            run.vault.hold_first_with_value(query, answer)
    jobs = workers_for(len(pending))
    if jobs > 1:
        found.update(_check_in_workers(run, pending, jobs))
    else:
        found.update((path, _check_path(run, path)) for path in pending)
    return found


def _check_in_workers(run: Run, paths: list[str], jobs: int) -> dict[str, list[Diagnostic]]:
    import notelint.check  # noqa: F401  (here, once: forked workers share it, not import it each)

    cache = run.notes.cache
    cache.prepare_for_workers()

    def check_in_worker(path: str) -> list[Diagnostic]:
        run.vault.speculative = True  # in the worker's copy of the run only
        return _check_path(run, path)

    def take_learnt() -> dict[str, Entry]:
        run.notes.early.clear()  # notes of other workers' slices, read as link targets
        return cache.hand_over()

    found: dict[str, list[Diagnostic]] = {}
    for diagnostics, learnt in check_in_workers(paths, jobs, check_in_worker, take_learnt):
        found.update(diagnostics)
        cache.take_over(learnt)
        # Slices come back in path order, so every note before this slice's is known: its
        # answers are asked again while the workers check the next slices, not after them.
        for path in diagnostics:
            checked = cache.learnt.get(path)
            if checked is not None and may_be_wrong(path, checked, run.vault.answer):
                found[path] = _check_path(run, path)
    return found


def _from_cache(run: Run, path: str, changes: Changes) -> list[Diagnostic] | None:
    """The note's diagnostics as the cache has them, if its file is unchanged and every
    question its rules asked the vault still gets the same answer."""
    cache = run.notes.cache
    if path in run.skipped or not cache.unchanged(path):
        return None
    try:
        found = cache.saved_diagnostics(path)
        if found is None or not changes.still_hold(path):
            return None
        return [diagnostic_from_plain(path, plain) for plain in found]
    except DAMAGED:  # a cache file edited by hand, or by another program
        return None


def _check_path(run: Run, path: str) -> list[Diagnostic]:
    from notelint.check import check_note, note_facts

    note, decoded = run.notes.take(path, run.skipped.get(path))
    facts = note_facts(note, run.project) if note.unreadable is None else None
    run.vault.remember(path, facts)
    with run.vault.recording() as queries:
        found = check_note(note, run.project, run.vault)
    if decoded is not None and facts is not None:
        plain = [plain_diagnostic(diagnostic) for diagnostic in found]
        run.notes.keep(path, decoded, facts, plain, queries)
    return found


class NoteReader:
    """Reads and parses the notes of a run. A note parsed early, as a link target or for
    its unique values, is kept until its own turn to be checked: no note is parsed twice.
    Facts of unchanged notes come from the cache without parsing."""

    def __init__(self, project: Project, cache: Cache) -> None:
        self.project = project
        self.cache = cache
        self._in_root = f"{project.root}{os.sep}"  # a note's file is this and its path
        self.waiting: set[str] = set()  # selected notes not checked yet
        self.early: dict[str, tuple[Note, Decoded | None]] = {}

    def take(self, path: str, skip_reason: str | None = None) -> tuple[Note, Decoded | None]:
        """The note, for checking, and how it was stored (None when it could not be read)."""
        self.waiting.discard(path)
        early = self.early.pop(path, None)
        return early if early is not None else self.read(path, skip_reason)

    def facts(self, path: str) -> NoteFacts | None:
        """Facts of a note other notes need (the vault's loader)."""
        if not is_note(path) or self.project.is_excluded(path):
            return None
        entry = self.cache.current(path)
        if entry is not None:
            try:
                return NoteFacts.from_plain(entry.facts())
            except DAMAGED:
                pass
        from notelint.check import note_facts

        note, decoded = self.read(path)
        if path in self.waiting:
            self.early[path] = (note, decoded)
        if decoded is None or note.unreadable is not None:
            return None
        facts = note_facts(note, self.project)
        self.keep(path, decoded, facts, None, [])
        return facts

    def read(self, path: str, skip_reason: str | None = None) -> tuple[Note, Decoded | None]:
        from notelint.note import Note, parse_note

        if skip_reason is not None:
            return Note.unreadable_file(path, skip_reason), None
        decoded = read_note(self._in_root + path, self.project.config.max_file_size)
        if not isinstance(decoded, Decoded):
            return Note.unreadable_file(path, decoded.message), None
        return parse_note(decoded.text, path), decoded

    def keep(
        self,
        path: str,
        decoded: Decoded,
        facts: NoteFacts,
        diagnostics: list[Any] | None,
        queries: list[Answered],
    ) -> None:
        """Put what was learnt about a note in the cache."""
        stamp = decoded.stamp
        if stamp is not None:
            where = (stamp.size, stamp.mtime_ns, decoded.digest)
            self.cache.learn(path, Entry.of(path, where, facts.plain(), diagnostics, queries))
