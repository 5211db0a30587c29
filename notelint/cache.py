"""The check cache: what a run learnt about each note, kept for the next run (ruff's model).

An entry is valid for the note's exact bytes (an XXH3-128 digest; size and mtime only spare
re-reading unchanged files), under one config and one notelint version (the cache file's
name). Besides the note's diagnostics it keeps every question its rules asked the vault, with
the answer (`vault.Query`): a note whose file is unchanged is reported from the cache only when
each question gets the same answer from today's vault, so a deleted topic note still surfaces
the embeds it leaves dead. The file is text and JSON, never pickle: a cache is data, not code.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, cast

import msgspec.json
from msgspec import Struct
from mypy_extensions import mypyc_attr

from notelint import __version__
from notelint.config import Config, Project, config_from_plain, load_config
from notelint.diagnostics import Diagnostic, Edit, Fix, Severity, Span
from notelint.files import file_digest, open_regular
from notelint.vault import Answered, NameChanges, UniqueValues, Vault

# What hashlib.blake2b is, without hashlib loading OpenSSL (5 ms a run): the cache's own keys
try:
    from _blake2 import blake2b
except ImportError:  # a Python without it
    from hashlib import blake2b

CACHE_DIR_NAME = ".notelint_cache"
_FORMAT = 7  # bump when an entry's shape or meaning changes (7: content digests are XXH3-128)
# What reading a damaged entry raises (RecursionError: JSON nested thousands deep)
DAMAGED = (ValueError, TypeError, KeyError, IndexError, RecursionError)
_RACY_NS = 2_000_000_000  # a file changed this recently may change again within its mtime
_MAX_TOKENS = 64  # changed notes and values searched for in entries' questions, at most
_HASHES_PER_WORKER = 2000  # notes read and hashed: fewer, and a worker costs more than it saves
_RESTAMPS_PER_SAVE = 100  # a save for new mtimes alone, when 1 note in this many has one
_SLACK = 1 << 20  # dead details a details file may hold beyond its live ones before a rewrite
_DETAILS_ALONE = 64  # entries' details read one by one before the details file is read whole
_T = TypeVar("_T")
_UNUSED_FOR = 7 * 86400  # seconds: another config's or version's cache files unused this long go
_USED_EVERY = 86400  # seconds: a cache file read is stamped as used at most this often
# The files notelint writes in a version's folder (the index, the details, a cached config, a
# temporary file of a write cut short), and the version folders: only these are ever pruned,
# and an index names no other details file.
_OWN_FILE = re.compile(
    r"(?P<key>[0-9a-f]{24})(?:\.cache|-[0-9a-f]+\.details)|config-[0-9a-f]{24}\.json"
    r"|\.notelint-\w+\.tmp"
)
_VERSION_FOLDER = re.compile(r"\d+\.\d+[\w.+-]*")
_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder().decode
# A note's type and its (field, value) pairs, as a unique-values line holds them
_decode_unique = msgspec.json.Decoder(tuple[str, tuple[tuple[str, str], ...]] | None).decode
_NO_UNIQUE_VALUES: UniqueValues = (None, ())
# An entry to save, its path first, then its entry (None: a saved one kept as it is, whose
# lines are reused) and where its details are in the details file the save appends to, the
# saved one or the one workers appended to (None: not written)
Kept = tuple[str, "Entry | None", tuple[int, int] | None]


@mypyc_attr(native_class=False)
class Entry(Struct):
    """What one run learnt about one note's content, as the JSON the files hold, decoded only
    when read. Telling whether a note changed needs its size, mtime and digest alone, and few
    notes have diagnostics: a saved entry's other parts stay on disk until a run asks."""

    size: int
    mtime_ns: int  # 0: not trusted, compare the digest
    digest: str
    diagnostics_json: str  # "null" when read for its facts only
    # [type, [[field, value], ...]] when the note has unique values, else null; None while
    # still in the saved file (at `saved`), as `details` may be
    unique_json: str | None = None
    # facts (NoteFacts.plain()) and questions (Answered, with the note's own path written as 0,
    # as most name it), tab-separated
    details: str | None = None
    saved: tuple[SavedFile, int] | None = None  # where an earlier run saved it, and its place
    at: tuple[int, int] | None = None  # offset and length of its details in `details_in`
    details_in: DetailsFile | None = None  # where `details` are, while None
    index_line: str | None = None  # its line for details at `at`, built by a worker (hand_over)

    @classmethod
    def of(
        cls,
        path: str,
        stamp: tuple[int, int, str],
        facts: list[Any],
        diagnostics: list[Any] | None,
        queries: list[Answered],
    ) -> Entry:
        size, mtime_ns, digest = stamp
        packed = [[[0 if part == path else part for part in q], answer] for q, answer in queries]
        unique = _dumps([facts[2], facts[3]]) if facts[3] else "null"
        details = f"{_dumps(facts)}\t{_dumps(packed)}"
        return cls(size, _trusted_mtime(mtime_ns), digest, _dumps(diagnostics), unique, details)

    @classmethod
    def from_line(cls, line: str, saved: tuple[SavedFile, int]) -> Entry:
        # A line with too few or too many parts raises ValueError here, as damage should.
        size, mtime, digest, offset, length, diagnostics = line.split("\t")
        at = (int(offset), int(length))
        details_in = saved[0].details_file
        return cls(
            int(size), int(mtime), digest, diagnostics, saved=saved, at=at, details_in=details_in
        )

    def line(self, at: tuple[int, int]) -> str:
        """The entry's line in the index, its details being at `at`. JSON written as ASCII
        holds no raw tab or newline: they separate fields and entries."""
        if self.index_line is not None and at == self.at:
            return self.index_line
        offset, length = at
        stamp = f"{self.size}\t{self.mtime_ns}\t{self.digest}"
        return f"{stamp}\t{offset}\t{length}\t{self.diagnostics_json}"

    @property
    def unique_line(self) -> str:
        if self.unique_json is None:
            assert self.saved is not None
            source, position = self.saved
            self.unique_json = source.unique_lines()[position]
        return self.unique_json

    @property
    def details_line(self) -> str:
        if self.details is None:
            assert self.details_in is not None and self.at is not None
            self.details = self.details_in.details(*self.at)
        return self.details

    @property
    def unique(self) -> UniqueValues:
        """The note's type and unique values ((None, ()) for none), for first_with_value,
        without its facts."""
        return _unique_values_of_json(self.unique_line)

    @property
    def facts_json(self) -> str:
        return self._details[0]

    @property
    def queries_json(self) -> str:
        return self._details[1]

    @property
    def _details(self) -> tuple[str, str]:
        facts, queries = self.details_line.split("\t")
        return facts, queries

    @property
    def checked(self) -> bool:
        """Whether the entry holds the note's diagnostics (not only its facts)."""
        return self.diagnostics_json != "null"

    def facts(self) -> list[Any]:
        return cast(list[Any], _loads(self.facts_json))

    def queries(self, path: str) -> Iterator[Answered]:
        for query, answer in _loads(self.queries_json):
            yield tuple(path if part == 0 else part for part in query), answer


class SavedFile:
    """What an earlier run saved besides the index, read only when a run asks: each entry's
    unique values (after the index, in the same file, which is opened again and must still
    start with the same header, nonce and all: another run may have replaced it), and its
    facts and questions (in the details file). The unique values, if they cannot be read,
    are not tried again."""

    def __init__(
        self, file: Path, header: bytes, unique_at: tuple[int, int], count: int, details: Path
    ) -> None:
        self.file = file
        self.details_file = DetailsFile(details)
        self._header = header
        self._unique_at = unique_at
        self._count = count
        self._unique: list[str] | ValueError | None = None

    def unique_lines(self) -> list[str]:
        if self._unique is None:
            try:
                self._unique = self._read_unique()
            except (OSError, *DAMAGED) as error:
                self._unique = _failure(error)
        if isinstance(self._unique, ValueError):
            raise self._unique
        return self._unique

    def _read_unique(self) -> list[str]:
        start, length = self._unique_at
        with _opened(self.file) as handle:
            if handle.readline() != self._header:
                raise ValueError("the cache file was replaced")
            handle.seek(start)
            lines = handle.read(length).decode("ascii").split("\n")
        if len(lines) != self._count + 1 or lines[-1]:
            raise ValueError("the cache file is cut short")
        lines.pop()
        return lines


class DetailsFile:
    """A details file, read only as far as a run asks. The first few entries' details are
    read alone: a run that checks one note of 100,000 wants the facts of its link targets,
    not the whole file (100 MB there). Then the whole file is read, once, unless it has grown
    since: workers append to it while the parent reads (see `Cache.hand_over`). A file that
    cannot be read is not tried again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._whole: bytes | ValueError | None = None
        self._alone_left = _DETAILS_ALONE

    def whole(self) -> bytes:
        """The file as it is: entries' details a line each, and dead ones between."""
        if self._whole is None:
            try:
                self._whole = _read_bytes(self.path)
            except OSError as error:
                self._whole = _failure(error)
        if isinstance(self._whole, ValueError):
            raise self._whole
        return self._whole

    def details(self, offset: int, length: int) -> str:
        """One entry's details: `length` bytes from `offset`, the last a newline."""
        if self._whole is None and self._alone_left > 0:
            self._alone_left -= 1
            blob = self._read_alone(offset, length)
        else:
            blob = self.whole()[offset : offset + length]
            if len(blob) != length and _size(self.path) != len(self.whole()):
                self._whole = None  # it grew: read it again
                blob = self.whole()[offset : offset + length]
        if len(blob) != length or not blob.endswith(b"\n"):
            raise ValueError("the details file is cut short")
        return blob[:-1].decode("ascii")

    def _read_alone(self, offset: int, length: int) -> bytes:
        try:
            with _opened(self.path) as handle:
                handle.seek(offset)
                return handle.read(length)
        except OSError as error:  # the whole file would not be read either
            failure = self._whole = _failure(error)
            raise failure from None


def _failure(error: Exception) -> ValueError:
    """Why a part of the cache could not be read, kept in its place: it is not read again."""
    return ValueError(str(error) or type(error).__name__)


class Cache:
    """Entries by vault path: those an earlier run saved, and those this run learnt.

    The cache file is a JSON header line (the vault's files, the entries' paths, the length
    of each section, the details file's name), an index of an entry a line (size, mtime,
    digest, where its details are, diagnostics: all a run needs when nothing changed), then
    each entry's unique values a line. Each entry's facts and questions, the bulk, are in
    the details file, which a save appends to (a run after one edit writes one entry's, not
    12 MB at 10,000 notes) and rewrites only when it holds as much dead text as live. A run's
    workers append their entries' details themselves, before the save (`hand_over`).
    """

    def __init__(self, file: Path | None, root: Path, files: list[str]) -> None:
        self.file = file
        self._in_root = f"{root}{os.sep}"  # a note's file is this and its path
        self.saved: dict[str, int] = {}  # an earlier run's entries: their place in the file
        self.learnt: dict[str, Entry] = {}  # by this run
        self.changed_names = NameChanges()  # files that came or went since the save
        self._files = files
        self._index: list[str] = []  # the saved entries' index lines
        self.saved_file: SavedFile | None = None  # and the rest of them
        self._unchanged: dict[str, bool] = {}  # notes whose file was looked at
        self._valid: dict[str, Entry | None] = {}  # entries of unchanged notes, once built
        self._places: dict[str, tuple[int, int]] = {}  # saved_place's answers
        self._restamped: set[str] = set()  # valid entries with a new size and mtime
        self._refreshed = False
        self._appended: DetailsFile | None = None  # where workers append details (hand_over)

    @classmethod
    def load(cls, directory: Path | None, project: Project, files: list[str]) -> Cache:
        """The cache for this vault and config (none when `directory` is None); empty when
        missing, stale or unreadable. `files` is the vault's file list now."""
        if directory is None:
            return cls(None, project.root, files)
        within = directory == project.root / CACHE_DIR_NAME  # (it moves with the vault)
        key = _key(project, None if within else project.root)
        cache = cls(directory / __version__ / f"{key}.cache", project.root, files)
        old_files = files
        try:
            old_files = cache._read()
        except (OSError, AttributeError, *DAMAGED):
            cache.saved = {}
        cache.changed_names = NameChanges.between(old_files, files)
        cache._refreshed = old_files != files
        return cache

    def unchanged(self, path: str) -> bool:
        """Whether the note's file is as an earlier run saved it."""
        known = self._unchanged.get(path)
        if known is None:
            self._look_at([path])
            known = self._unchanged[path]
        return known

    def changed_among(self, paths: list[str]) -> list[str]:
        """The notes among `paths` the cache has an entry for whose file changed since."""
        self._look_at(paths)
        unchanged = self._unchanged
        return [path for path in paths if path in self.saved and not unchanged[path]]

    def _look_at(self, paths: list[str]) -> None:
        """Whether each note is unchanged, remembered. Most are told so by size and mtime,
        compared with their index line's text, with no entry built; in one loop, as a warm
        run looks at every note."""
        unchanged, saved, index, in_root = self._unchanged, self.saved, self._index, self._in_root
        doubtful: list[tuple[str, Entry]] = []  # the same size, another mtime: read to tell
        for path in paths:
            if path in unchanged:
                continue
            position = saved.get(path)
            if position is None:
                unchanged[path] = False
                continue
            try:
                info = os.stat(in_root + path)
            except OSError:
                unchanged[path] = False
                continue
            line = index[position]
            # (a line of another shape is damaged: the slow way finds it so)
            size = info.st_size
            stamped = line.startswith(f"{size}\t{info.st_mtime_ns}\t")
            # (a FIFO or a device in a note's place has no size: an empty note's stamp is its
            # own only if its file is a regular file)
            if stamped and line.count("\t") == 5 and (size > 0 or stat.S_ISREG(info.st_mode)):
                unchanged[path] = True
                continue
            entry = self.saved_entry(path)
            if entry is None or size != entry.size:  # another size: changed, without a read
                unchanged[path] = False
            else:
                doubtful.append((path, entry))
        if doubtful:
            self._compare_contents(doubtful)

    def _compare_contents(self, doubtful: list[tuple[str, Entry]]) -> None:
        """Whether notes whose mtime changed (or is not trusted) still have the saved digest;
        those that do take the new mtime. Read as notes are (a note that became a FIFO since
        must not block the run, nor a device feed it), on every core when there are many: in
        a fresh clone (a CI job's) every note's mtime is new."""
        from notelint.parallel import map_on_cores

        jobs = [(self._in_root + path, entry.size) for path, entry in doubtful]
        found = map_on_cores(file_digest, jobs, _HASHES_PER_WORKER)
        for (path, entry), read in zip(doubtful, found, strict=True):
            same = read is not None and read[0] == entry.digest
            self._unchanged[path] = same
            if not same:
                continue
            assert read is not None
            stamp = (read[1], _trusted_mtime(read[2]))
            if stamp != (entry.size, entry.mtime_ns):  # not when the mtime is still too recent
                entry.size, entry.mtime_ns = stamp
                self._restamped.add(path)
            self._valid[path] = entry

    def valid(self, path: str) -> Entry | None:
        """The saved entry for the note, if the note is unchanged on disk since."""
        if not self.unchanged(path):
            return None
        if path not in self._valid:
            self._valid[path] = self.saved_entry(path)
        return self._valid[path]

    def saved_diagnostics(self, path: str) -> list[Any] | None:
        """The saved entry's diagnostics, as plain lists (None when it holds facts only), read
        from its index line; the caller knows the note is unchanged."""
        line = self._index[self.saved[path]]
        return _plain_diagnostics(line[line.rindex("\t") + 1 :])

    def saved_place(self, path: str) -> tuple[int, int]:
        """Where the saved entry's details are in the details file: offset and length. Raises
        ValueError when its index line is damaged."""
        place = self._places.get(path)
        if place is None:  # (asked of every note twice in a run that saves after a change)
            _, _, _, offset, length, _ = self._index[self.saved[path]].split("\t")
            place = self._places[path] = (int(offset), int(length))
        return place

    def saved_entry(self, path: str) -> Entry | None:
        """The saved entry for the note, changed on disk or not."""
        position = self.saved.get(path)
        if position is None or self.saved_file is None:
            return None
        try:
            return Entry.from_line(self._index[position], (self.saved_file, position))
        except ValueError:
            return None

    def learn(self, path: str, entry: Entry) -> None:
        self.learnt[path] = entry

    def prepare_for_workers(self) -> None:
        """Before workers are forked: the details file they are to append their entries'
        details to (see `hand_over`), the one the save is to point to: the saved one, else a
        new one. None when no cache is written, or none can be."""
        if self.file is None:
            return
        if self.saved_file is not None and _size(self.saved_file.details_file.path) is not None:
            self._appended = self.saved_file.details_file
            return
        try:
            _prepare(self.file.parent.parent)
            self.file.parent.mkdir(exist_ok=True)
            path = self._new_details_path()
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError:
            return
        self._appended = DetailsFile(path)

    def hand_over(self) -> dict[str, Entry]:
        """What a worker learnt since the last call, for the parent. The entries' details, nine
        tenths of their bytes, are appended to the details file the save will point to, and
        left out: the parent receives and writes only what the index holds. (Sending them took
        each worker 40 ms of a cold 10,000-note check, and writing them the parent 15 ms.)"""
        learnt, self.learnt = self.learnt, {}
        if self._appended is None or not learnt:
            return learnt
        entries = list(learnt.values())
        try:
            places = _append(self._appended.path, entries)
        except OSError:  # a full disk: the parent gets the details, as without a cache file
            self._appended = None
            return learnt
        for entry, at in zip(entries, places, strict=True):
            entry.details, entry.details_in, entry.at = None, None, at
            entry.index_line = entry.line(at)  # here, not in the parent's save, which waits
        return learnt

    def take_over(self, learnt: dict[str, Entry]) -> None:
        """Take in what a worker learnt (`hand_over`). A worker that read a note only as a link
        target made an entry of its facts alone: the entry of the worker that checked it wins."""
        for path, entry in learnt.items():
            if entry.details is None:
                entry.details_in = self._appended
            if entry.checked or path not in self.learnt:
                self.learnt[path] = entry

    def save(self, notes: list[str], still_hold: Callable[[str], bool]) -> None:
        """Write the entries of notes still in the vault; a cache that cannot be written is not
        an error (a read-only vault is checked all the same). The index is replaced atomically,
        and only after the details it points to are written. `still_hold` tells whether a saved
        note's recorded answers hold in today's vault, the one the save records."""
        if self.file is None or not (self.learnt or self._refreshed or self._restamps_pay):
            return
        try:
            _prepare(self.file.parent.parent)
            self.file.parent.mkdir(exist_ok=True)
            details, lines = self._save_details(self._kept(notes, still_hold))
            # Written a piece at a time: at 100,000 notes, whole they would be held twice more
            index = [line for _, line, _ in lines]
            unique = [unique_line for _, _, unique_line in lines]
            header = {
                "files": self._files,
                "notes": [path for path, _, _ in lines],
                "lengths": {"index": _lines_length(index), "unique": _lines_length(unique)},
                "details": details.name,
                "nonce": os.urandom(8).hex(),  # tells this file from another with one header
            }
            header_line = f"{_dumps(header)}\n".encode("ascii")
            _write(self.file, header_line, _encoded(index), _encoded(unique))
        except (OSError, ValueError):
            return
        _prune(self.file.parent.parent, self.file.stem)
        if self.saved_file is None or details != self.saved_file.details_file.path:
            for other in details.parent.glob(f"{self.file.stem}-*.details"):  # the old ones
                if other != details:
                    with contextlib.suppress(OSError):
                        other.unlink()

    @property
    def _restamps_pay(self) -> bool:
        """Whether to save just for new mtimes (a checkout touching notes): a note whose new
        mtime is not saved costs each run a read and a hash (~0.1 ms here), and a save costs
        ~5 µs a note. A note or two touched in a big vault waits for the next save."""
        restamped = len(self._restamped)
        return restamped > 0 and restamped * _RESTAMPS_PER_SAVE >= len(self.saved)

    def current(self, path: str) -> Entry | None:
        """What this run learnt about the note, else the saved entry if the note is unchanged."""
        return self.learnt.get(path) or self.valid(path)

    def unique_values(self, path: str) -> UniqueValues | None:
        """A note's type and unique values, if the cache knows them for its content now."""
        saved, entry = self._saved_now(path), self.learnt.get(path)
        try:
            # A line at a time: msgspec decodes one faster than its share of all lines joined.
            if saved is not None:
                return _unique_values_of_json(saved[0].unique_lines()[saved[1]])
            return entry.unique if entry is not None else None
        except DAMAGED:
            return None

    def may_hold(self, value: str, notes: list[str]) -> list[str]:
        """The notes, of `notes`, that may have `value` among their unique values: all but
        those whose content the cache knows now and whose unique values' JSON lacks the value.
        Every note's file is looked at in one pass: a note saved in a 100,000-note vault asks
        this of half of them."""
        needle = _dumps(value)
        self._look_at(notes)
        try:
            lines = self.saved_file.unique_lines() if self.saved_file is not None else None
        except DAMAGED:
            lines = None
        learnt, saved, unchanged = self.learnt, self.saved, self._unchanged
        found = []
        for path in notes:
            entry = learnt.get(path)
            if entry is not None:
                try:
                    holds = needle in entry.unique_line
                except DAMAGED:
                    holds = True
            elif lines is not None and unchanged[path]:  # (an unchanged note is a saved one)
                holds = needle in lines[saved[path]]
            else:
                holds = True
            if holds:
                found.append(path)
        return found

    def _saved_now(self, path: str) -> tuple[SavedFile, int] | None:
        """Where the note's saved entry is, if it holds now (the note is unchanged, and was
        not checked again in this run): its parts are read from there, with no entry built."""
        if path in self.learnt or self.saved_file is None or not self.unchanged(path):
            return None
        return self.saved_file, self.saved[path]

    def _kept(self, notes: list[str], still_hold: Callable[[str], bool]) -> list[Kept]:
        """The entries to save: those learnt in this run, and saved ones whose note is unchanged,
        if their unique values can still be read. A saved
        entry kept as it is stays the text it was (None for its entry): a save after one edit
        builds no entry for the other notes. One whose answers no longer hold (a run that
        checked a few notes saves a vault where files came or went, or notes changed) is kept
        for its facts only: its diagnostics would be judged against a vault the save forgets."""
        try:
            readable = self.saved_file is not None and bool(self.saved_file.unique_lines())
        except DAMAGED:
            readable = False
        kept: list[Kept] = []
        for path in notes:
            entry = self.learnt.get(path)
            if entry is not None:
                appended = self._appended is not None and entry.details_in is self._appended
                kept.append((path, entry, entry.at if appended else None))
            elif readable and path in self.saved:
                try:
                    place = self.saved_place(path)
                    holds = still_hold(path)  # (every note's file is looked at by then)
                except DAMAGED:
                    continue
                if not self.unchanged(path):
                    continue  # the next run checks it again
                if holds:
                    kept.append(
                        (path, self._valid[path] if path in self._restamped else None, place)
                    )
                elif (entry := self.valid(path)) is not None:
                    entry.diagnostics_json = "null"  # to be checked again
                    kept.append((path, entry, place))
        return kept

    def _save_details(self, kept: list[Kept]) -> tuple[Path, list[tuple[str, str, str]]]:
        """The details file the index will point to, and each entry's path, index line and
        unique-values line: appended to the saved file if that is mostly alive, else all
        written anew."""
        fresh = [entry for _, entry, place in kept if entry is not None and place is None]
        adding = sum(len(entry.details_line) + 1 for entry in fresh)  # ASCII: a byte a character
        places = [place for _, _, place in kept if place is not None]
        live = adding + sum(length for _, length in places)
        reach = max((offset + length for offset, length in places), default=0)
        saved = self.saved_file.details_file.path if self.saved_file is not None else None
        target = self._appended.path if self._appended is not None else saved
        # Workers' details in a file of this run's own, saved ones elsewhere: all rewritten
        mixed = target != saved and any(
            entry is None or entry.details_in is not self._appended
            for _, entry, place in kept
            if place is not None
        )
        size = _size(target) if target is not None else None
        # A file cut short would have new details read as old ones; one mostly dead, rewritten
        if (
            target is None
            or size is None
            or reach > size
            or mixed
            or size + adding > 2 * live + _SLACK
        ):
            return self._rewrite_details(kept)
        appended = iter(_append(target, fresh))
        index, unique = self._index, []
        if self.saved_file is not None and any(entry is None for _, entry, _ in kept):
            unique = self.saved_file.unique_lines()  # readable: _kept kept none otherwise
        lines = []
        for path, entry, place in kept:
            if entry is None:  # saved, and its details stay where they were
                position = self.saved[path]
                lines.append((path, index[position], unique[position]))
            else:
                lines.append((path, entry.line(place or next(appended)), entry.unique_line))
        return target, lines

    def _rewrite_details(self, kept: list[Kept]) -> tuple[Path, list[tuple[str, str, str]]]:
        """A new details file holding every entry's details (those that can still be read)."""
        assert self.file is not None
        placed = []
        offset = 0
        for path, kept_entry, _ in kept:
            entry = kept_entry or self.saved_entry(path)
            if entry is None:
                continue
            try:
                length = len(entry.details_line) + 1
            except DAMAGED:
                continue
            placed.append((path, entry, (offset, length)))
            offset += length
        details = self._new_details_path()
        _write(details, _details_chunks([entry for _, entry, _ in placed]))
        return details, [(path, entry.line(at), entry.unique_line) for path, entry, at in placed]

    def _new_details_path(self) -> Path:
        assert self.file is not None
        return self.file.with_name(f"{self.file.stem}-{os.urandom(6).hex()}.details")

    def _read(self) -> list[str]:
        """Load the saved entries' index; returns the file list they were saved with."""
        assert self.file is not None
        with _opened(self.file, used=True) as handle:
            header = handle.readline()
            data = _loads(header)
            lengths = data["lengths"]
            index = handle.read(lengths["index"]).decode("ascii").split("\n")
        notes, details = data["notes"], data["details"]
        if len(index) != len(notes) + 1 or index[-1]:
            raise ValueError("the cache file is cut short")
        named = _OWN_FILE.fullmatch(details)
        if named is None or named["key"] != self.file.stem or not details.endswith(".details"):
            raise ValueError(f"not a details file: {details!r}")
        unique_at = (len(header) + lengths["index"], lengths["unique"])
        details_file = self.file.with_name(details)
        self.saved_file = SavedFile(self.file, header, unique_at, len(notes), details_file)
        self._index = index
        self.saved = {path: position for position, path in enumerate(notes)}
        return list(data["files"])


class Changes:
    """What changed since the cache was saved, found out only as far as a question needs it:
    in most runs nothing did, and no question is asked again. (What is worked out once is
    kept in attributes, not cached properties, which a compiled class works out on every
    read.)"""

    def __init__(self, cache: Cache, vault: Vault, project: Project) -> None:
        self._cache = cache
        self._vault = vault
        self._project = project
        self._targets: dict[str, bool] = {}  # whether a link target may resolve otherwise
        self._held: dict[str, bool] = {}  # notes' answers found to hold, or not
        self._notes: frozenset[str] | None = None
        self._unique_values: frozenset[tuple[str, ...]] | None = None
        self._mentions: tuple[frozenset[int], int] | None = None
        self._mentions_known = False  # whether _mentions is worked out (None: not searchable)

    def still_hold(self, path: str) -> bool:
        """Whether each question the (unchanged) note's rules asked gets its recorded answer
        today; asked again when the cache is saved."""
        held = self._held.get(path)
        if held is None:
            held = self._held[path] = self._still_hold(path)
        return held

    def _still_hold(self, path: str) -> bool:
        if not self._cache.changed_names and not self.notes:
            return True
        if self._unmentioned(path):
            return True  # its details name no changed note, value or file name
        entry = self._cache.valid(path)
        if entry is None:
            return False
        for query, answer in entry.queries(path):
            if self._may_differ(query, answer, path) and self._vault.answer(query) != answer:
                return False
        return True

    def held_values(self, path: str) -> Iterator[Answered]:
        """The note's recorded `first_with_value` answers that still hold, if its file is
        unchanged: a note checked again because a link went dead asks them again, and each
        would otherwise index the unique values of every note before it."""
        entry = self._cache.valid(path)
        if entry is None or not entry.checked:  # facts only: its answers were not kept up
            return
        try:
            for query, answer in entry.queries(path):
                if query[0] != "first_with_value" or not _plain_strings(query, answer):
                    continue  # another question, or a damaged one
                if not self._may_differ(query, answer, path):
                    yield query, answer
        except DAMAGED:
            return

    def _may_differ(self, query: tuple[Any, ...], answer: Any, path: str) -> bool:
        kind, names = query[0], self._cache.changed_names
        if kind in ("resolve", "named"):
            target = query[1]
            if target not in self._targets:
                self._targets[target] = names.may_change_target(target)
            return self._targets[target]
        if kind == "similar_names":
            return bool(names) and names.may_change_similar(query[1], answer)
        if kind == "facts":
            return query[1] != path and query[1] in self.notes  # the note itself is unchanged
        if kind == "first_with_value":
            return tuple(query[1:4]) in self.unique_values
        return True

    def _unmentioned(self, path: str) -> bool:
        if not self._mentions_known:
            self._mentions, self._mentions_known = self._mentioning(), True
        if self._mentions is None:
            return False
        offset, length = self._cache.saved_place(path)
        starts, size = self._mentions
        return offset not in starts and offset + length <= size  # and not cut off

    def _mentioning(self) -> tuple[frozenset[int], int] | None:
        """Where the saved details start that may hold a question whose answer changed, and
        the details file's size; None when that cannot be searched for. A question about a
        note's content names a changed note or unique value; one about names (resolve, named,
        similar_names), now that files came, has one of their names in its target, in any
        case, or a target whose name cannot be told from its text (`a/..`), or is a
        similar_names; when files only went, its answer names one of them (as written: no
        lowered copy of the file, and no search for bytes that are everywhere, `"`, `/`,
        `.`). All are found in one search of the whole file, not entry by entry."""
        saved, tokens = self._cache.saved_file, self._tokens()
        if saved is None or tokens is None:
            return None
        needles = [token.encode("ascii") for token in tokens]
        lowered: list[bytes] = []
        names = self._cache.changed_names
        if names.added:
            stems = self._changed_stems()
            if stems is None:
                return None
            needles += [b'"similar_names"', b'/"', b'."']
            lowered = [stem.encode("ascii") for stem in stems]
        elif names.removed:
            gone = names.naming_gone()
            if len(gone) > 2 * _MAX_TOKENS:  # (a file's path and name)
                return None
            needles += [_dumps(text).encode("ascii") for text in gone]
        needles = list(dict.fromkeys(needles))  # a note that went is one of `tokens` too
        try:
            data = saved.details_file.whole()
        except DAMAGED:
            return None
        starts = _blob_starts(data, needles)
        if lowered:  # (a copy of the whole file: 12 MB at 10,000 notes)
            starts |= _blob_starts(data.lower(), lowered)
        return frozenset(starts), len(data)

    def _changed_stems(self) -> list[str] | None:
        """The names of the files that came or went, without `.md`, lower case, as they read
        inside the entries' JSON; None when that cannot be searched for (non-ASCII or
        characters JSON escapes) or there are too many."""
        changes = self._cache.changed_names
        names = changes.added | changes.removed
        if len(names) > _MAX_TOKENS:
            return None
        stems = [name.removesuffix(".md") for name in names]
        plain = all(stem.isascii() and stem.isprintable() and '"' not in stem for stem in stems)
        return stems if plain and "\\" not in "".join(stems) and all(stems) else None

    def _tokens(self) -> list[str] | None:
        """A question about a note's content can only be about a changed note or a changed
        unique value, written in the entry's JSON as these strings; None when there are too
        many to search for."""
        if len(self.notes) > _MAX_TOKENS:
            return None
        values = {value for _, _, value in self.unique_values}
        return [_dumps(text) for text in (*self.notes, *values)]

    @property
    def notes(self) -> frozenset[str]:
        """Notes whose content changed, came or went (facts may differ)."""
        if self._notes is None:
            self._notes = self._changed_notes()
        return self._notes

    def _changed_notes(self) -> frozenset[str]:
        cache, notes = self._cache, self._vault.notes
        changed = set(cache.saved).difference(notes)
        changed.update(cache.changed_among(notes))
        is_excluded = self._project.is_excluded  # an excluded note has no facts
        changed.update(p for p in notes if p not in cache.saved and not is_excluded(p))
        return frozenset(changed)

    @property
    def unique_values(self) -> frozenset[tuple[str, ...]]:
        """(type, field, value) of unique fields that changed notes had or have now."""
        if self._unique_values is None:
            self._unique_values = self._changed_unique_values()
        return self._unique_values

    def _changed_unique_values(self) -> frozenset[tuple[str, ...]]:
        found: set[tuple[str, ...]] = set()
        current = set(self._vault.notes)
        for path in self.notes:
            old = self._cache.saved_entry(path)
            now = self._vault.answer(("facts", path)) if path in current else None
            for facts in (_facts_or_none(old), now):
                found.update(unique_triples(facts))
        return frozenset(found)


def unique_triples(facts: list[Any] | None) -> set[tuple[str, str, str]]:
    """(type, field, value) of each unique value in a note's facts, in their plain form:
    what a recorded `first_with_value` question names."""
    if facts is None or facts[2] is None:
        return set()
    return {(facts[2], name, value) for name, value in facts[3]}


def questions_about(notes: list[str], values: set[tuple[str, str, str]]) -> re.Pattern[str] | None:
    """A search of an entry's questions (`queries_json`) for those about the facts of one of
    `notes` (`["facts","a.md"]`) or about who holds one of `values`, (type, field, value)
    triples (`["first_with_value","Content","link","x",`), to pass over the entries that hold
    none. Every question starts `["`, so the regex engine jumps from one to the next instead
    of trying each name at every quote (7 times faster on the 10k vault's 8 MB of questions).
    None when there are too many names for one search to be quick."""
    if len(notes) + len(values) > _MAX_TOKENS:
        return None
    facts = "|".join(re.escape(_dumps(path)) for path in notes)
    kinds = [f'facts",(?:{facts})\\]']
    if values:
        held = "|".join(re.escape(",".join(map(_dumps, triple))) for triple in values)
        kinds.append(f'first_with_value",(?:{held}),')
    return re.compile(f'\\["(?:{"|".join(kinds)})')


def _blob_starts(data: bytes, needles: list[bytes]) -> set[int]:
    """Where the lines of `data` that hold any of `needles` start."""
    starts = set()
    for needle in needles:
        found = data.find(needle)
        while found != -1:
            starts.add(data.rfind(b"\n", 0, found) + 1)
            end = data.find(b"\n", found)
            found = -1 if end == -1 else data.find(needle, end)
    return starts


def _plain_strings(query: tuple[Any, ...], answer: Any) -> bool:
    """Whether a recorded first_with_value question and answer have their shape (a damaged
    one must not reach the vault)."""
    shaped = len(query) == 5 and all(isinstance(part, str) for part in query)
    return shaped and (answer is None or isinstance(answer, str))


def _plain_diagnostics(text: str) -> list[Any] | None:
    if text == "[]":  # most notes
        return []
    return cast(list[Any] | None, _loads(text))


def _facts_or_none(entry: Entry | None) -> list[Any] | None:
    try:
        return entry.facts() if entry is not None else None
    except DAMAGED:
        return None


def _unique_values_of_json(text: str) -> UniqueValues:
    """A unique-values line as the vault takes it, decoded and its shape checked in one C
    call (a cold check reads each note's twice); ValueError for one of another shape (a cache
    file edited by hand), which would otherwise fail a rule far from here. (Unlike a path, a
    value holds no lone surrogate, which msgspec refuses: notes and configs are strict UTF-8.)"""
    if text == "null":  # most notes
        return _NO_UNIQUE_VALUES
    found = _decode_unique(text)
    return found if found is not None else _NO_UNIQUE_VALUES


def _loads(text: str | bytes) -> Any:
    """`json.loads`'s value, in one C call (json's is a dozen Python ones, and a cold check
    makes two a note); what msgspec refuses (a lone surrogate's escape) json reads, or raises
    ValueError for, as damage should."""
    try:
        return _decode(text)
    except ValueError:
        return json.loads(text)


def _dumps(data: object) -> str:
    """`json.dumps`'s compact text, as ASCII, for what entries hold (strings, ints, bools,
    None, lists; never floats, which msgspec writes otherwise: `inf` as null, `1e+16` as
    `1e16`): \\u escapes keep the lone surrogates that stand for file-name bytes that are not
    UTF-8 (PEP 383), and no raw tab or newline is ever written. msgspec writes the same text
    three times as fast for what is ASCII but DEL; anything else is left to json, whose text
    the entries' searches are written in."""
    try:
        encoded = _encode(data)
    except (TypeError, ValueError):  # a lone surrogate, or a type msgspec does not take
        pass
    else:
        if encoded.isascii() and b"\x7f" not in encoded:
            return encoded.decode("ascii")
    # Plain lists and strings built here, never circular: not checking halves the cost.
    return json.dumps(data, separators=(",", ":"), check_circular=False)


def _details_chunks(entries: list[Entry]) -> Iterator[bytes]:
    """The entries' facts and questions, in pieces: at 100,000 notes, joining them whole
    would hold them in memory twice over."""
    for chunk in _chunks(entries):
        yield "".join(f"{entry.details_line}\n" for entry in chunk).encode("ascii")


def _encoded(lines: list[str]) -> Iterator[bytes]:
    """The lines, each ended by a newline, in pieces."""
    for chunk in _chunks(lines):
        yield ("\n".join(chunk) + "\n").encode("ascii")


def _lines_length(lines: list[str]) -> int:
    return sum(map(len, lines)) + len(lines)  # ASCII, each line and its newline


def _chunks(items: list[_T]) -> Iterator[list[_T]]:
    for start in range(0, len(items), 1000):
        yield items[start : start + 1000]


def _size(file: Path) -> int | None:
    try:
        return file.stat().st_size
    except OSError:
        return None


def _open_regular(file: Path, flags: int = os.O_RDONLY) -> tuple[int, os.stat_result]:
    """A descriptor of a cache file, and its status, opened as notes are: a FIFO or a device
    put in its place raises OSError instead of blocking the run or feeding it."""
    opened = open_regular(file, flags)
    if opened is None:
        raise OSError(f"not a regular file: {file}")
    return opened


def _opened(file: Path, used: bool = False) -> BinaryIO:
    """A cache file opened for reading (see `_open_regular`); `used`: the file a run starts
    from (an index, a cached config), stamped as used (see `_mark_used`)."""
    descriptor, info = _open_regular(file)
    if used:
        _mark_used(descriptor, info, file)
    return os.fdopen(descriptor, "rb")


def _read_bytes(file: Path) -> bytes:
    with _opened(file) as handle:
        return handle.read()


def _mark_used(descriptor: int, info: os.stat_result, file: Path) -> None:
    """Stamp a cache file read with the time, once a day at most, so that pruning (which goes
    by mtime) spares it: a warm run that finds nothing changed writes nothing."""
    if time.time() - info.st_mtime > _USED_EVERY:
        with contextlib.suppress(OSError):
            os.utime(descriptor if os.utime in os.supports_fd else file)  # the file read


def _prune(directory: Path, current: str) -> None:
    """Delete the cache files no run has used for a week: those of another config (each edit
    of the config, each `--select`, starts a cache of its own), of another notelint version,
    and temporary files a killed run left. `current` is this run's key, never pruned. Only
    files named as notelint names them, in folders named as versions, are looked at: a
    `--cache-dir` may hold other programs' files."""
    limit = time.time() - _UNUSED_FOR
    try:
        with os.scandir(directory) as entries:
            folders = [
                Path(entry.path)
                for entry in entries
                if _VERSION_FOLDER.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)
            ]
    except OSError:
        return
    for folder in folders:
        ours = folder.name == __version__
        with contextlib.suppress(OSError):
            if _prune_folder(folder, {current} if ours else set(), limit) and not ours:
                folder.rmdir()  # when nothing is left in it


def _prune_folder(folder: Path, used: set[str], limit: float) -> int:
    """Delete the folder's unused files; returns how many. A key's details go with its index:
    they are read only when something changed, so their mtime does not say whether the key is
    used. A file written in the last week stays anyway: a run at the same time may be saving
    a cache of its own (details first, then the index)."""
    owned: list[tuple[os.DirEntry[str], re.Match[str]]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            match = _OWN_FILE.fullmatch(entry.name)
            if match is not None and entry.is_file(follow_symlinks=False):
                owned.append((entry, match))
    for entry, match in owned:
        if entry.name.endswith(".cache") and _used_since(entry, limit):
            used.add(match["key"])
    deleted = 0
    for entry, match in owned:
        if match["key"] not in used and not _used_since(entry, limit):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                deleted += 1
    return deleted


def _used_since(entry: os.DirEntry[str], limit: float) -> bool:
    try:
        return entry.stat(follow_symlinks=False).st_mtime >= limit
    except OSError:
        return True  # gone already, or not ours to judge


def _append(file: Path, entries: list[Entry]) -> list[tuple[int, int]]:
    """Append the entries' details, a piece at a time, each in one write; returns where each
    entry's details are. Another run may append at the same time: each piece gets its own
    place, and the index that is saved last points to its own. Each piece starts with a
    newline: a write cut short before it (a full disk, a killed run) left a line unended, and
    the search for what changed finds an entry by the start of its line."""
    places = []
    descriptor, _ = _open_regular(file, os.O_WRONLY | os.O_APPEND)
    try:
        for chunk, piece in zip(_chunks(entries), _details_chunks(entries), strict=True):
            data = b"\n" + piece
            written = os.write(descriptor, data)
            if written != len(data):
                raise OSError(f"only {written} of {len(data)} bytes appended to {file}")
            offset = os.lseek(descriptor, 0, os.SEEK_CUR) - len(piece)
            for entry in chunk:
                length = len(entry.details_line) + 1
                places.append((offset, length))
                offset += length
    finally:
        os.close(descriptor)
    return places


def _write(file: Path, *parts: bytes | Iterable[bytes]) -> None:
    """Write to a temporary file beside `file`, then put it in its place."""
    import tempfile  # a hundredth of a second: only when writing

    descriptor, temporary = tempfile.mkstemp(dir=file.parent, prefix=".notelint-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for part in parts:
                if isinstance(part, bytes):
                    handle.write(part)
                else:
                    handle.writelines(part)
        os.replace(temporary, file)
    except BaseException:
        os.unlink(temporary)
        raise


def load_config_cached(path: Path, directory: Path | None) -> Config:
    """The config at `path`, validated. A config validated before (the same bytes, at the same
    place, by the same notelint) is read back from the cache, without importing the YAML
    parser, which a run the cache answers whole does not otherwise need."""
    try:
        data = path.read_bytes()
    except OSError:
        return load_config(path)  # which says why it cannot be read
    if directory is None:
        return load_config(path, data)
    key = blake2b(os.fsencode(path.resolve()) + b"\0" + data, digest_size=12)
    file = directory / __version__ / f"config-{key.hexdigest()}.json"
    try:
        with _opened(file, used=True) as handle:
            return config_from_plain(json.loads(handle.read().decode("ascii")))
    except (OSError, *DAMAGED):
        pass
    config = load_config(path, data)
    with contextlib.suppress(OSError, ValueError):
        _prepare(directory)
        file.parent.mkdir(exist_ok=True)
        # json, not _dumps: a config's numbers may be floats (`.inf`, `1e16`)
        _write(file, f"{json.dumps(asdict(config), separators=(',', ':'))}\n".encode("ascii"))
    return config


def _trusted_mtime(mtime_ns: int) -> int:
    return 0 if time.time_ns() - mtime_ns < _RACY_NS else mtime_ns


def _key(project: Project, place: Path | None) -> str:
    """Everything besides the note that decides its diagnostics: the config as validated (and
    the rules the command line left out), the folders it leaves out and the cache format; and
    the vault's place for a cache outside it (`--cache-dir`), which several vaults may share.
    A cache in the vault holds paths relative to it, so a clone elsewhere (a CI job's) uses it."""
    config = asdict(project.config)
    left_out = sorted(project.deselected)
    where = str(place) if place is not None else None
    parts = [_FORMAT, where, config, list(project.exclude_patterns), left_out]
    return blake2b(json.dumps(parts, sort_keys=True).encode(), digest_size=12).hexdigest()


def _prepare(directory: Path) -> None:
    """The cache folder, marked as one: git ignores it, backup tools may skip it."""
    if directory.is_dir():
        return
    directory.mkdir(parents=True)
    (directory / ".gitignore").write_text("# Created by notelint automatically.\n*\n")
    (directory / "CACHEDIR.TAG").write_text(
        "Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This file is a cache directory tag created by notelint.\n"
    )


def plain_diagnostic(diagnostic: Diagnostic) -> list[Any]:
    span = diagnostic.span
    fix = diagnostic.fix
    plain_fix = None
    if fix is not None:
        plain_fix = [fix.safe, [[edit.start, edit.end, edit.text] for edit in fix.edits]]
    position = [span.start, span.end, span.line, span.column, span.end_line, span.end_column]
    return [diagnostic.rule, diagnostic.severity.value, diagnostic.message, position, plain_fix]


def diagnostic_from_plain(path: str, plain: list[Any]) -> Diagnostic:
    rule, severity, message, position, plain_fix = plain
    fix = None
    if plain_fix is not None:
        safe, edits = plain_fix
        fix = Fix(tuple(Edit(start, end, text) for start, end, text in edits), safe=safe)
    return Diagnostic(path, rule, Severity(severity), message, Span(*position), fix)
