"""The vault index: every file under the root, and link resolution as Obsidian does it.

Links are resolved against this index only. A link target is never used as a file-system
path, so `![[../../etc/passwd]]` is simply dead: nothing outside the vault is opened or
stat-ed. The index always covers the whole vault, even when only a few notes are checked.
"""

from __future__ import annotations

import bisect
import heapq
import os
import posixpath
import stat
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from msgspec import Struct
from mypy_extensions import mypyc_attr

NOTE_SUFFIXES = (".md",)
_CLOSE = 0.75  # how alike two file names must be for "did you mean"

# A question a rule asked the vault, as ("resolve", target, source), ("named", name),
# ("similar_names", name), ("facts", path) or ("first_with_value", type, field, value, before),
# with its answer as plain lists and strings. A note's diagnostics depend on the vault only
# through these: if each gets the same answer again, the note's diagnostics are the same.
Query = tuple[str, ...]
UniqueValues = tuple[str | None, tuple[tuple[str, str], ...]]  # a note's type and (field, value)
Answered = tuple[Query, Any]


@mypyc_attr(native_class=False)
class NoteFacts(Struct, frozen=True):
    """What other notes need to know about a note: its anchors and its unique values."""

    headings: tuple[tuple[int, str], ...]  # (level, normalised text), in order
    block_ids: frozenset[str]
    type_name: str | None
    unique_values: tuple[tuple[str, str], ...]  # (field, value) for fields marked unique

    def plain(self) -> list[Any]:
        """The facts as JSON-ready lists, the form the cache stores and compares."""
        headings = [[level, text] for level, text in self.headings]
        unique = [[name, value] for name, value in self.unique_values]
        return [headings, sorted(self.block_ids), self.type_name, unique]

    @classmethod
    def from_plain(cls, plain: list[Any]) -> NoteFacts:
        headings, block_ids, type_name, unique = plain
        return cls(
            tuple(map(tuple, headings)), frozenset(block_ids), type_name, tuple(map(tuple, unique))
        )


def _unique_of(facts: NoteFacts | None) -> UniqueValues:
    return (facts.type_name, facts.unique_values) if facts is not None else (None, ())


def _triples(known: UniqueValues | None) -> frozenset[tuple[str, str, str]] | None:
    """What `first_with_value` answers see of a note: (type, field, value) each."""
    if known is None:
        return None
    type_name, pairs = known
    return frozenset((type_name, field, value) for field, value in pairs if type_name is not None)


@mypyc_attr(native_class=False)
class Skipped(Struct, frozen=True):
    """A file left out of the run, and why, so the report can say so."""

    path: str
    reason: str


_SCANS = 4  # questions about unique values answered without indexing them, at most
_SEARCHES = 32  # names looked up without indexing the vault's files, at most


def _key(path: str) -> str:
    # ASCII is its own NFC form: skip the normaliser for the common case.
    return path.lower() if path.isascii() else unicodedata.normalize("NFC", path).lower()


def _keys(texts: list[str]) -> list[str]:
    """`_key` of each text, worked out for all of them joined, in two calls instead of two a
    file: the index a check of one note builds."""
    keyed = _joined_keys("\n".join(texts), len(texts))
    return [_key(text) for text in texts] if keyed is None else keyed.split("\n")


def _joined_keys(joined: str, count: int) -> str | None:
    """`_key` of `count` texts joined by newlines, which is their keys joined; None when a
    text holds a newline itself. (NFC and lower case change no newline, and a newline neither
    composes with a neighbour nor makes a sigma final differently from the end of a text.)"""
    return _key(joined) if joined.count("\n") == count - 1 else None


class FilesByKey:
    """Files (or their names) by a key Obsidian compares them by: a path, a file name. Most
    keys name one file, held as itself: a list for each of 100,000 files cost a check of one
    note a tenth of a second, most of it in the garbage collector."""

    def __init__(self, keys: list[str], files: list[str]) -> None:
        self._one = dict(zip(keys, files, strict=True))
        self._many: dict[str, list[str]] = {}  # keys several files share, with all of them
        if len(self._one) != len(files):
            shared = {key for key, count in Counter(keys).items() if count > 1}
            for key, file in zip(keys, files, strict=True):
                if key in shared:
                    self._many.setdefault(key, []).append(file)

    def all_keys(self) -> list[str]:
        """Every key, in the order of the first file with it."""
        return list(self._one)

    def get(self, key: str) -> list[str]:
        """The files with this key, in path order (the caller may not change the list)."""
        many = self._many.get(key)
        if many is not None:
            return many
        one = self._one.get(key)
        return [] if one is None else [one]


class FileNames:
    """Files by path and by file name, compared as Obsidian compares them (`_key`), indexed
    on the first lookup, or, after `search_first`, once `_SEARCHES` lookups were answered by
    searching the keys of all paths joined as text: a check of a note or two in a
    100,000-note vault looks up a few names, and indexing every file would cost it a tenth
    of a second."""

    def __init__(self, files: list[str]) -> None:
        self._files = files
        self._searches_left = 0
        self._keyed = ""  # "\n", each file's key and "\n": what is searched
        self._paths = ""  # the same with each path as written, when as long (ASCII), else ""
        self._index: tuple[FilesByKey, FilesByKey] | None = None

    def with_path(self, key: str) -> list[str]:
        """The files whose path has this key, in path order (the caller may not change it)."""
        if not self._searched():
            return self._indexed()[0].get(key)
        return self._search(f"\n{key}\n") if _searchable(key) else []

    def with_name(self, key: str) -> list[str]:
        """The files whose file name has this key, in path order."""
        if not self._searched():
            return self._indexed()[1].get(key)
        if not _searchable(key) or "/" in key:
            return []
        return self._search(f"\n{key}\n", f"/{key}\n")

    def search_first(self) -> None:
        """Answer the next `_SEARCHES` lookups by searching, unless indexed already."""
        if self._index is None:
            self._searches_left = _SEARCHES

    def _searched(self) -> bool:
        if self._searches_left <= 0:
            return False
        if not self._keyed:
            joined = "\n".join(self._files)
            keyed = _joined_keys(joined, len(self._files))
            if keyed is None:  # (a file name with a newline in it, or no file)
                self._searches_left = 0
                return False
            self._keyed = f"\n{keyed}\n"
            self._paths = f"\n{joined}\n" if joined.isascii() else ""
        self._searches_left -= 1
        return True

    def _search(self, *needles: str) -> list[str]:
        """The files whose key's line holds a needle that ends it, in path order."""
        keys, found = self._keyed, []
        for needle in needles:
            at = keys.find(needle)
            while at != -1:  # (a needle's newlines are shared with the next line's: overlap)
                start = keys.rfind("\n", 0, at + 1) + 1
                found.append((start, self._file_at(start, at + len(needle) - 1)))
                at = keys.find(needle, at + 1)
        return [path for _, path in sorted(found)]

    def _file_at(self, start: int, end: int) -> str:
        """The file whose key is `_keyed[start:end]`: read off the paths where they are as long,
        else counted (NFC may change a key's length; a match is rare, the count linear)."""
        if self._paths:
            return self._paths[start:end]
        return self._files[self._keyed.count("\n", 0, start) - 1]

    def _indexed(self) -> tuple[FilesByKey, FilesByKey]:
        if self._index is None:
            self._keyed = self._paths = ""
            keys = _keys(self._files)
            names = [key.rpartition("/")[2] for key in keys]
            self._index = FilesByKey(keys, self._files), FilesByKey(names, self._files)
        return self._index


def _searchable(key: str) -> bool:
    # (no file's key is empty or holds a newline; searched for, such a key would match
    # across the joined keys)
    return bool(key) and "\n" not in key


def leaves_vault(target: str, source: str) -> bool:
    """Whether a link target, read from the note at `source`, points above the vault root."""
    if target.startswith(("./", "../")):
        target = posixpath.join(posixpath.dirname(source), target)
    normal = posixpath.normpath(target.lstrip("/"))
    return normal == ".." or normal.startswith("../")


def unique_key(value: object) -> str:
    """How `unique: true` compares values: strings as written; other types, and a string that
    starts with a NUL (YAML's `"\\0"` writes one), tagged after a NUL, so that values of two
    types never compare equal: the text 'int:5' is not the integer 5."""
    if isinstance(value, str) and not value.startswith("\0"):
        return value
    return f"\0{type(value).__name__}:{value}"


def is_note(path: str) -> bool:
    return path.lower().endswith(NOTE_SUFFIXES)


class Recording:
    """`Vault.recording`, entered once a note: a class, as a generator's context manager costs
    a generator and several calls besides."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._outer: list[Answered] | None = None

    def __enter__(self) -> list[Answered]:
        log: list[Answered] = []
        self._outer, self._vault.log = self._vault.log, log
        return log

    def __exit__(self, *exc_info: object) -> None:
        self._vault.log = self._outer


class Vault:
    """Files of a vault by path and by name; facts about notes are loaded on demand."""

    def __init__(
        self,
        root: Path,
        files: list[str],
        facts_loader: Callable[[str], NoteFacts | None],
        skipped: tuple[Skipped, ...] = (),
        unique_loader: Callable[[str], UniqueValues | None] | None = None,
        unique_filter: Callable[[str, list[str]], list[str]] | None = None,
    ) -> None:
        self.root = root
        # The unique values of a note, where they are known without its facts (the cache).
        self._load_unique = unique_loader or (lambda path: None)
        # For a value and notes, those that may hold it (the cache's text search).
        self._unique_filter = unique_filter
        self.files = sorted(files)
        self.skipped = skipped
        self._load_facts = facts_loader
        self._facts: dict[str, NoteFacts | None] = {}
        self._notes = [file for file in self.files if is_note(file)]
        self._unique: dict[tuple[str, str, str], str] = {}  # (type, field, value) -> first note
        self._unique_cursor = 0
        self._scans: dict[tuple[str, str, str, str], str | None] = {}  # (*key, before) -> found
        self._scans_reach = ""  # no scan has a `before` after this
        self._scans_left = _SCANS
        self._resolutions: dict[tuple[str, str], tuple[str, ...]] = {}
        self._similar: dict[str, list[str]] = {}
        self._names = FileNames(self.files)
        # built on first use (a compiled class has no instance dict for cached_property)
        self._stems_index: FilesByKey | None = None
        self.log: list[Answered] | None = None  # where `recording` puts questions asked
        # A worker of a parallel run answers `first_with_value` from the notes it has seen,
        # not the whole vault; its answers are replayed against the whole vault afterwards.
        self.speculative = False
        self._seen_unique: dict[tuple[str, str, str], str] = {}

    def recording(self) -> Recording:
        """Every question asked of the vault within, with its answer (see `Query`)."""
        return Recording(self)

    def answer(self, query: Query) -> Any:
        """The answer `query` gets now, in the plain form `recording` keeps, not recorded."""
        kind = query[0]
        if kind == "first_with_value":  # (first: a cold check's parent asks it of every note)
            found: object = self._first_with_value(query[1], query[2], query[3], query[4])
        elif kind == "resolve":
            found = self._resolve(query[1], query[2])
        elif kind == "named":
            found = self._named(query[1])
        elif kind == "similar_names":
            found = self._similar_names(query[1])
        elif kind == "facts":
            found = self._facts_of(query[1])
        else:
            raise ValueError(f"unknown vault query {kind!r}")
        return _plain(found)

    def _asked(self, query: Query, found: object) -> None:
        """Record an answer for the cache, which writes it as JSON: a tuple (a resolution's
        files, all strings) is kept as it is, other answers made plain first."""
        if self.log is not None:
            self.log.append((query, found if type(found) is tuple else _plain(found)))

    @property
    def notes(self) -> list[str]:
        """Note paths in path order."""
        return self._notes

    def resolve(self, target: str, source: str) -> tuple[str, ...]:
        """Files a link target can mean, best first; empty when the link is dead."""
        found = self._resolve(target, source)
        self._asked(("resolve", target, source), found)
        return found

    def _resolve(self, target: str, source: str) -> tuple[str, ...]:
        # Only the source's folder matters to the answer; thousands of notes in a folder
        # embed the same few topics.
        if not target:
            return (source,)
        key = (target, source.rpartition("/")[0])  # posixpath.dirname, without the calls
        found = self._resolutions.get(key)
        if found is None:
            found = self._resolutions[key] = self._resolve_uncached(target, source)
        return found

    def _resolve_uncached(self, target: str, source: str) -> tuple[str, ...]:
        target = unicodedata.normalize("NFC", target)
        relative = target.startswith(("./", "../"))
        if leaves_vault(target, source):
            return ()
        if relative:
            target = posixpath.join(posixpath.dirname(source), target)
        absolute = target.startswith("/")
        target = posixpath.normpath(target.lstrip("/"))
        exact = self._lookup(self._names.with_path, target)
        if exact or relative or absolute:
            return tuple(exact)
        if "/" in target:
            return tuple(self._lookup_suffix(target))
        return tuple(self._rank(self._lookup(self._names.with_name, target), source))

    def search_names_first(self) -> None:
        """Search for the first names looked up instead of indexing every file: for a run
        that checks a few notes (a whole-vault run looks up more than that pays for)."""
        self._names.search_first()

    def named(self, name: str) -> list[str]:
        """Files with this file name (`.md` implied) anywhere in the vault."""
        found = self._named(name)
        self._asked(("named", name), found)
        return found

    def _named(self, name: str) -> list[str]:
        return list(self._lookup(self._names.with_name, name))

    def similar_names(self, name: str) -> list[str]:
        """File names close to `name` (a typo, a plural), for "did you mean"."""
        found = self._similar_names(name)
        self._asked(("similar_names", name), found)
        return found

    def _similar_names(self, name: str) -> list[str]:
        # Once a run per name: it compares the name with every file's.
        found = self._similar.get(name)
        if found is None:
            stems = self._stems
            wanted = _key(name).removesuffix(".md")
            close = close_matches(wanted, stems.all_keys())
            found = self._similar[name] = [stems.get(key)[0] for key in close]
        return found

    # The index is built on first use: a run the cache answers whole uses none.

    @property
    def _stems(self) -> FilesByKey:
        """File names without `.md`, by key, for "did you mean"."""
        if self._stems_index is None:
            self._stems_index = self._index_stems()
        return self._stems_index

    def _index_stems(self) -> FilesByKey:
        stems = [written_stem(file) for file in self.files]  # the first file's is written
        return FilesByKey(_keys(stems), stems)

    def _lookup(self, files_with: Callable[[str], list[str]], target: str) -> list[str]:
        key = _key(target)
        if not key.endswith(".md"):
            found = files_with(key + ".md")
            if found:
                return found
        return files_with(key)

    def _lookup_suffix(self, target: str) -> list[str]:
        """Files whose path ends in `target` (a link with part of a path), as `_lookup`."""
        key = _key(target)
        if not key.endswith(".md"):
            found = self._ending_in(key + ".md")
            if found:
                return found
        return self._ending_in(key)

    def _ending_in(self, key: str) -> list[str]:
        # Among the files of that name only, not an index of every path's every ending.
        found = []
        for file in self._names.with_name(key.rpartition("/")[2]):
            parts = file.split("/")
            if any(_key("/".join(parts[at:])) == key for at in range(1, len(parts) - 1)):
                found.append(file)
        return found

    @staticmethod
    def _rank(files: list[str], source: str) -> list[str]:
        """Obsidian's choice first: a file in the note's own folder, then the shortest path."""
        folder = posixpath.dirname(source)
        return sorted(files, key=lambda f: (posixpath.dirname(f) != folder, len(f), f))

    def facts(self, path: str) -> NoteFacts | None:
        found = self._facts_of(path)
        self._asked(("facts", path), found)
        return found

    def _facts_of(self, path: str) -> NoteFacts | None:
        if path not in self._facts:
            self.remember(path, self._load_facts(path))
        return self._facts[path]

    def remember(self, path: str, facts: NoteFacts | None) -> None:
        """Facts of a note the caller already parsed, so it is never parsed twice."""
        indexed = bool(self._unique_cursor) and path <= self._notes[self._unique_cursor - 1]
        if (self._scans_reach > path or indexed) and self._unique_changed(path, facts):
            # Answers that may have looked at the note's old unique values (`fix` changes them)
            self._scans = {scan: found for scan, found in self._scans.items() if scan[3] <= path}
            self._scans_reach = min(self._scans_reach, path)
            if indexed:
                self._unique, self._unique_cursor = {}, 0  # built with the old ones
        self._facts[path] = facts
        if facts is not None and facts.type_name is not None:
            for field, value in facts.unique_values:
                key = (facts.type_name, field, value)
                if path < self._seen_unique.get(key, "\U0010ffff"):
                    self._seen_unique[key] = path

    def first_with_value(self, type_name: str, field: str, value: str, before: str) -> str | None:
        """The first note in path order, before `before`, of `type_name` whose unique `field`
        is `value`."""
        found = self._first_with_value(type_name, field, value, before)
        self._asked(("first_with_value", type_name, field, value, before), found)
        return found

    def hold_first_with_value(self, query: Query, answer: Any) -> None:
        """Take a recorded answer the caller knows still holds as found (see `Changes`)."""
        _, type_name, field, value, before = query
        self._scan_found((type_name, field, value, before), answer)

    def _scan_found(self, scan: tuple[str, str, str, str], found: str | None) -> None:
        self._scans[scan] = found
        self._scans_reach = max(self._scans_reach, scan[3])

    def _first_with_value(self, type_name: str, field: str, value: str, before: str) -> str | None:
        key = (type_name, field, value)
        if (*key, before) in self._scans:  # a worker's too: it only holds answers known whole
            return self._scans[(*key, before)]
        if self.speculative:
            seen = self._seen_unique.get(key)
            return seen if seen is not None and seen < before else None
        if self._unique_cursor == 0 and self._scans_left and self._unique_filter:
            self._scans_left -= 1
            return self._scan_for_value(key, before)
        # Notes are indexed in path order as far as needed, so a run that checks every note
        # in path order never loads a note twice.
        self._index_unique_values(before)
        return self._unique.get(key)

    def _scan_for_value(self, key: tuple[str, str, str], before: str) -> str | None:
        """The first note before `before` with the value, found by looking only at the notes
        that may hold it: a run that checks a note or two asks a question or two, and indexing
        the vault's unique values would cost more than the questions."""
        assert self._unique_filter is not None
        earlier = self.notes[: bisect.bisect_left(self.notes, before)]
        known = [path for path in self._facts if path < before]  # (not a note: no values)
        found = None
        # (both in path order: merged lazily, as the first note holding it ends the scan)
        for path in heapq.merge(self._unique_filter(key[2], earlier), sorted(known)):
            type_name, values = self._unique_values_of(path)
            if type_name == key[0] and (key[1], key[2]) in values:
                found = path
                break
        self._scan_found((*key, before), found)
        return found

    def _index_unique_values(self, before: str) -> None:
        notes = self.notes
        while self._unique_cursor < len(notes) and notes[self._unique_cursor] < before:
            path = notes[self._unique_cursor]
            type_name, values = self._unique_values_of(path)
            if type_name is not None:
                for field, value in values:
                    self._unique.setdefault((type_name, field, value), path)
            self._unique_cursor += 1

    def _unique_changed(self, path: str, facts: NoteFacts | None) -> bool:
        """Whether the note's unique values differ from those this run knew (if it did)."""
        return _triples(self._known_unique(path)) != _triples(_unique_of(facts))

    def _unique_values_of(self, path: str) -> UniqueValues:
        known = self._known_unique(path)
        return known if known is not None else _unique_of(self._facts_of(path))

    def _known_unique(self, path: str) -> UniqueValues | None:
        """The note's unique values from its facts, else from the cache, without parsing it."""
        return _unique_of(self._facts[path]) if path in self._facts else self._load_unique(path)


@mypyc_attr(native_class=False)
class NameChanges(Struct, frozen=True):
    """Files added and removed since answers were recorded, by name as the index keys them:
    the only thing name questions (resolve, named, similar_names) depend on."""

    added: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    came: frozenset[str] = frozenset()  # the added files' paths
    gone: frozenset[str] = frozenset()  # the removed files' paths

    @classmethod
    def between(cls, old_files: list[str], files: list[str]) -> NameChanges:
        if old_files == files:
            return cls()
        old, new = set(old_files), set(files)
        came, gone = frozenset(new - old), frozenset(old - new)
        return cls(_names(came), _names(gone), came, gone)

    def naming_gone(self) -> list[str]:
        """What an answer holds that files going can change, when none came: the path of a
        file that went, or its name as "did you mean" writes it. A lookup answers with every
        file that matches, best first (and falls back from `x.md` to `x` only when no `x.md`
        is left), "did you mean" with the closest names: a file in no answer changes none by
        going (a name it shares with a file that stays is written as the first file's)."""
        return sorted(self.gone | {written_stem(path) for path in self.gone})

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def may_change_target(self, target: str) -> bool:
        """Whether a link target may resolve otherwise now: every lookup of a target ends in
        its file name, so only a file of that name coming or going can change the answer."""
        if not self or not target:
            return False
        name = _key(posixpath.basename(posixpath.normpath(target)))
        if name in ("", ".", ".."):
            return True
        names = self.added | self.removed
        return name in names or name + ".md" in names

    def may_change_similar(self, name: str, answer: list[str]) -> bool:
        """Whether "did you mean" for `name` may differ: a name it gave is gone, or a new
        one is as close as difflib asks (`_similar_names`)."""
        if {_key(stem) for stem in answer} & {_key(written_stem(path)) for path in self.gone}:
            return True
        wanted = _key(name).removesuffix(".md")
        return bool(_close_scores(wanted, [_key(written_stem(path)) for path in self.came]))


def close_matches(word: str, names: list[str]) -> list[str]:
    """`difflib.get_close_matches(word, names, 3, _CLOSE)`, the same answer, thirty times
    faster on a large vault. difflib's ratio counts characters in matching blocks, which form a
    common subsequence, so it is never above the LCS ratio rapidfuzz computes in C: only the
    names rapidfuzz passes (a few in ten thousand) are scored by difflib, in the same steps."""
    from rapidfuzz import fuzz, process

    cutoff = _CLOSE * 100 - 1e-6  # below difflib's, so float rounding cannot drop a name
    candidates = process.extract(
        word, names, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=None
    )
    scores = _close_scores(word, [name for name, _, _ in candidates])
    return [name for _, name in heapq.nlargest(3, scores)]


def _close_scores(word: str, names: list[str]) -> list[tuple[float, str]]:
    """difflib's score of each name as close to `word` as `_CLOSE`, in get_close_matches'
    steps (the cheap upper bounds first)."""
    import difflib  # only for "did you mean"

    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored = []
    for name in names:
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() >= _CLOSE and matcher.quick_ratio() >= _CLOSE:
            score = matcher.ratio()
            if score >= _CLOSE:
                scored.append((score, name))
    return scored


def _names(files: frozenset[str]) -> frozenset[str]:
    return frozenset(_key(posixpath.basename(file)) for file in files)


def written_stem(file: str) -> str:
    """A file's name as "did you mean" writes it: `.md` dropped as written (`Up.MD` keeps it,
    and is keyed `up.md`, as `_stems` keys it)."""
    return file.rpartition("/")[2].removesuffix(".md")


def _plain(answer: object) -> Any:
    # (most often a link's files: strings; types in a tuple: `tuple | list` builds a union)
    if isinstance(answer, (tuple, list)):
        return [item if type(item) is str else _plain(item) for item in answer]
    if isinstance(answer, NoteFacts):
        return answer.plain()
    return answer


def scan_files(root: Path) -> tuple[list[str], tuple[Skipped, ...]]:
    """Every file under root as a vault-relative path, in path order; dot-folders (.obsidian,
    .git, .trash) and dot-files are left out, directory symlinks are not followed, and a file
    symlink is kept only when it points at a regular file inside the vault."""
    files: list[str] = []
    links: list[tuple[os.DirEntry[str], str]] = []
    _walk(str(root), "", files, links)
    files.sort()
    skipped: list[Skipped] = []
    dropped: set[str] = set()
    real_root = os.path.realpath(root) if links else ""
    for entry, relative in sorted(links, key=lambda link: link[1]):
        reason = _symlink_problem(entry, real_root)
        if reason is not None:
            dropped.add(relative)
            if is_note(relative):
                skipped.append(Skipped(relative, reason))
    if dropped:
        files = [file for file in files if file not in dropped]
    return files, tuple(skipped)


def _walk(
    folder: str, prefix: str, files: list[str], links: list[tuple[os.DirEntry[str], str]]
) -> None:
    """Files into `files` and file symlinks into `links`, in no particular order: lists built
    in place, not nested generators, which cost 15% more at 10,000 files."""
    try:
        with os.scandir(folder) as found:
            entries = list(found)  # closed before the walk goes deeper
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, f"{prefix}{name}/", files, links)
            elif not entry.is_symlink():
                files.append(prefix + name)
            elif not _is_dir_link(entry):
                links.append((entry, prefix + name))
                files.append(prefix + name)
        except OSError:
            continue


def _is_dir_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _symlink_problem(entry: os.DirEntry[str], real_root: str) -> str | None:
    target = os.path.realpath(entry.path)
    if not os.path.exists(target):
        return "broken symbolic link"
    if os.path.commonpath([real_root, target]) != real_root:
        return "symbolic link to a file outside the vault; not read"
    if not stat.S_ISREG(os.stat(target).st_mode):
        return "symbolic link to something that is not a regular file"
    return None
