"""Checking many notes on every core: forked workers, each with the whole vault index.

A worker checks a slice of the notes exactly as a single process would, with one exception:
it knows the unique values (`unique: true` fields) only of the notes it has read itself, so
its `first_with_value` answers are a guess. Every answer is recorded (see `vault.Query`), so
the parent, for the few notes whose unique values some note before them holds too, asks
those questions again of the whole vault and checks again, itself, each note whose answer
differs (`may_be_wrong`). The result is the single-process result, whatever the slicing.
"""

from __future__ import annotations

import contextlib
import os
import struct
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from notelint.diagnostics import Diagnostic

if TYPE_CHECKING:
    import selectors

    from notelint.cache import Entry
    from notelint.vault import Query

_T = TypeVar("_T")
_R = TypeVar("_R")

MIN_NOTES_PER_WORKER = 100  # below this, starting a worker costs more than it saves
_SMALLEST_SLICE = 25  # notes: below this, a slice's round trip costs more than it evens out
# Objects made and not freed before a worker collects the youngest (700 by default): checking
# a note leaves no cycles, and the 120 collections a worker of a cold 10,000-note check made
# took it 15 ms, against 8 ms for 3.
_YOUNG_OBJECTS = 20_000

# What a worker calls: check one note, returning its diagnostics. Set before forking, so the
# workers inherit it (and the run it closes over) instead of receiving it pickled.
_check: Callable[[str], list[Diagnostic]] | None = None
_learnt: Callable[[], dict[str, Entry]] | None = None
_mapped: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # map_on_cores's
_in_worker = False  # set in each worker: it forks no workers of its own
_TASK = struct.Struct("<I")  # a slice's index, in the task pipe
_LENGTH = struct.Struct("<Q")  # a result's length, before it in its worker's pipe


class WorkerLost(Exception):
    """No worker could be started, or one ended without handing back what it took (killed
    for memory, say)."""


class WorkerFailed(Exception):
    """A worker raised: its traceback, for the report of the bug it is."""


def workers_for(count: int, least_each: int = MIN_NOTES_PER_WORKER) -> int:
    """How many processes to share `count` items among, each getting `least_each` at least:
    NOTELINT_JOBS, else one a core."""
    if count < 2 * least_each or not hasattr(os, "fork"):
        return 1  # (Windows: workers would have to import and rebuild everything)
    if _in_worker or _check is not None:
        # A worker already, or a process whose check workers are running: more workers would
        # only fight for the cores.
        return 1
    wanted = os.environ.get("NOTELINT_JOBS", "")
    jobs = int(wanted) if wanted.isdigit() and int(wanted) > 0 else _cores()
    return max(1, min(jobs, count // least_each))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        return os.cpu_count() or 1


def check_in_workers(
    paths: Sequence[str],
    jobs: int,
    check: Callable[[str], list[Diagnostic]],
    learnt: Callable[[], dict[str, Entry]],
) -> Iterator[tuple[dict[str, list[Diagnostic]], dict[str, Entry]]]:
    """Diagnostics by note, and what the cache learnt, a slice at a time. `check` checks one
    note in a worker; `learnt` takes the cache entries the worker made since the last call."""
    global _check, _learnt
    _check, _learnt = check, learnt
    slices = _slices(paths, jobs)
    import gc

    gc.freeze()  # the vault as it is now: workers' collections leave its pages shared
    thresholds = gc.get_threshold()
    gc.set_threshold(_YOUNG_OBJECTS, *thresholds[1:])  # what the workers are forked with
    try:
        # Here, what arrives is kept: collecting it seldom would only make each collection
        # longer. (The workers are all forked by the first result.)
        for index, result in enumerate(
            _forked(jobs, lambda k: _check_slice(slices[k]), len(slices))
        ):
            if index == 0:
                gc.set_threshold(*thresholds)
            yield result
    finally:
        _check = _learnt = None
        gc.set_threshold(*thresholds)


def map_on_cores(function: Callable[[_T], _R], items: Sequence[_T], least_each: int) -> list[_R]:
    """`function` of each item, in order, shared out among worker processes when each would
    get `least_each` items at least. The workers inherit `function` and the items: only where
    each slice starts and ends, and the results, cross between processes. Workers only save
    time here: where they cannot be had (no fork left, a worker killed for memory), this
    process maps the items itself."""
    jobs = workers_for(len(items), least_each)
    if jobs == 1:
        return [function(item) for item in items]
    global _mapped
    _mapped = (function, items)
    count = 4 * jobs  # slices: a worker that finishes early takes another
    bounds = [(len(items) * k // count, len(items) * (k + 1) // count) for k in range(count)]
    try:
        return [
            item for part in _forked(jobs, lambda k: _map_slice(bounds[k]), count) for item in part
        ]
    except (OSError, WorkerLost):
        return [function(item) for item in items]
    finally:
        _mapped = None


def _map_slice(bounds: tuple[int, int]) -> list[Any]:
    assert _mapped is not None
    function, items = _mapped
    return [function(item) for item in items[bounds[0] : bounds[1]]]


def _forked(jobs: int, work: Callable[[int], Any], count: int) -> Iterator[Any]:
    """work(0) ... work(count - 1), in that order, worked out by `jobs` processes forked from
    this one as it is now. Each takes the next index when it is free, from one pipe, and sends
    its results on a pipe of its own. Plain os.fork and pipes, where a ProcessPoolExecutor
    took 18 ms of a cold check to import (multiprocessing, concurrent.futures) before any
    worker started. A worker that dies fails the run with WorkerLost, instead of leaving it
    waiting for ever."""
    tasks = _Tasks(count)
    results: dict[int, int] = {}  # each worker's pipe (what this process reads): its pid
    done = False
    try:
        for _ in range(jobs):
            try:
                reading, writing, pid = _fork_worker(work, tasks, results)
            except OSError as error:  # no process left (EAGAIN) or no memory: go on with fewer
                if not results:
                    raise WorkerLost(f"cannot start a worker process: {error.strerror}") from error
                break
            os.close(writing)
            results[reading] = pid
        tasks.close_reading()  # (the workers' now)
        yield from _gathered(list(results), count, tasks)
        done = True
    finally:
        _end(results, tasks, done)


class _Tasks:
    """The pipe the workers take slice indexes from, until it is empty and closed. What it
    cannot hold yet is written as they take from it, in pieces of 512 bytes (the least
    PIPE_BUF POSIX allows): a write of that size is whole or not at all, so the pipe only
    ever holds whole indexes, and a worker's read of one never takes part of the next."""

    _PIECE = 512

    def __init__(self, count: int) -> None:
        self.reading, self.writing = os.pipe()
        os.set_blocking(self.writing, False)
        self.unsent = b"".join(_TASK.pack(k) for k in range(count))
        if self.give():
            self.close_writing()

    def give(self) -> bool:
        """Write what the pipe takes now; whether all is written (then closing the pipe makes
        the workers read its end)."""
        while self.unsent:
            try:
                os.write(self.writing, self.unsent[: self._PIECE])
            except BlockingIOError:
                return False
            self.unsent = self.unsent[self._PIECE :]
        return True

    def close_reading(self) -> None:
        if self.reading >= 0:
            os.close(self.reading)
            self.reading = -1

    def close_writing(self) -> None:
        if self.writing >= 0:
            os.close(self.writing)
            self.writing = -1


def _fork_worker(
    work: Callable[[int], Any], tasks: _Tasks, results: dict[int, int]
) -> tuple[int, int, int]:
    """A worker forked, and the ends of its result pipe: (reading, writing, pid)."""
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        raise
    if pid == 0:
        for other in (*results, reading, tasks.writing):
            if other >= 0:
                os.close(other)
        _serve(work, tasks.reading, writing)
    return reading, writing, pid


def _serve(work: Callable[[int], Any], tasks: int, results: int) -> NoReturn:
    """A worker's life: the next index, until the task pipe is empty and closed; each result
    (or the traceback of its failure) pickled, after its length. Each read takes one whole
    index (see `_Tasks`), as reads of a pipe do not interleave."""
    global _in_worker
    _in_worker = True
    code = 0
    try:
        import pickle

        while len(task := os.read(tasks, _TASK.size)) == _TASK.size:
            index = _TASK.unpack(task)[0]
            try:
                data = pickle.dumps((index, work(index), None), pickle.HIGHEST_PROTOCOL)
            except Exception:  # the work's bug, or a result that cannot be pickled
                import traceback

                data = pickle.dumps((index, None, traceback.format_exc()))
            _write_all(results, _LENGTH.pack(len(data)))
            _write_all(results, data)
    except BaseException:  # interrupted (Ctrl-C reaches every process of the terminal's job)
        code = 1
    finally:
        os._exit(code)  # nothing of the parent's to run: no atexit, no buffers flushed twice


def _gathered(pipes: list[int], count: int, tasks: _Tasks) -> Iterator[Any]:
    """The workers' results, in index order, each as soon as those before it are in; and the
    rest of the tasks, as the workers make room for them."""
    import selectors

    unread = {pipe: bytearray() for pipe in pipes}
    arrived: dict[int, Any] = {}
    with selectors.DefaultSelector() as waiting:  # epoll, kqueue: whatever the system has
        for pipe in pipes:
            waiting.register(pipe, selectors.EVENT_READ)
        giving = tasks.writing
        if giving >= 0:
            waiting.register(giving, selectors.EVENT_WRITE)
        for wanted in range(count):
            while wanted not in arrived:
                if not unread:
                    raise WorkerLost("a worker process ended before its work was done (killed?)")
                for key, _ in waiting.select():
                    if key.fd != giving:
                        _read_results(key.fd, unread, arrived, waiting)
                    elif tasks.give():
                        waiting.unregister(giving)
                        tasks.close_writing()
            yield arrived.pop(wanted)


def _read_results(
    pipe: int,
    unread: dict[int, bytearray],
    arrived: dict[int, Any],
    waiting: selectors.BaseSelector,
) -> None:
    """What the worker has sent on `pipe`: each whole result into `arrived`, by its index;
    a part of one kept in `unread`, and the pipe forgotten once the worker has closed it."""
    import pickle

    chunk = os.read(pipe, 1 << 20)
    if not chunk:  # the worker is gone
        waiting.unregister(pipe)
        del unread[pipe]
        return
    buffer = unread[pipe]
    buffer += chunk
    while len(buffer) >= _LENGTH.size:
        end = _LENGTH.size + _LENGTH.unpack_from(buffer)[0]
        if len(buffer) < end:
            break
        index, result, failure = pickle.loads(memoryview(buffer)[_LENGTH.size : end])
        del buffer[:end]
        if failure is not None:
            raise WorkerFailed(failure)
        arrived[index] = result


def _write_all(pipe: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(pipe, view) :]


def _end(results: dict[int, int], tasks: _Tasks, done: bool) -> None:
    """Close the pipes and wait for the workers: when the run stopped early (an error, Ctrl-C),
    after killing them, or each would go on to the end of its slice (and no further: its
    result's pipe is closed)."""
    import signal

    tasks.close_reading()
    tasks.close_writing()
    for pipe in results:
        os.close(pipe)
    for pid in results.values():
        if not done:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _slices(paths: Sequence[str], jobs: int) -> list[list[str]]:
    """The paths in slices, in order: a quarter of a worker's share at most (what a worker
    holds until it hands a slice back), and once less is left, half of what is left over
    each worker, so that the last slices are small and the workers finish together. (With
    equal slices a core sat idle for a whole slice's time at the end: a sixth of a cold 10k
    check.)"""
    largest = max(_SMALLEST_SLICE, len(paths) // (4 * jobs))
    slices = []
    start = 0
    while start < len(paths):
        size = min(largest, max(_SMALLEST_SLICE, (len(paths) - start) // (2 * jobs)))
        slices.append(list(paths[start : start + size]))
        start += size
    return slices


def _check_slice(paths: list[str]) -> tuple[dict[str, list[Diagnostic]], dict[str, Entry]]:
    assert _check is not None and _learnt is not None
    found = {path: _check(path) for path in paths}
    return found, _learnt()


def may_be_wrong(path: str, entry: Entry, answer: Callable[[Query], object]) -> bool:
    """Whether a worker may have answered one of the note's questions wrongly (see the module
    docstring), given the whole vault's `answer`. A worker's `first_with_value` answer is a
    note that holds the value, so it is right wherever no note before this one holds it: only
    a note with a duplicate has its recorded questions read (reading every note's took a cold
    check a third of a second at 10,000 notes)."""
    type_name, pairs = entry.unique  # what the note's questions are about (duplicate-value's)
    if type_name is None:
        return False
    for field, value in pairs:  # (a loop, not all() of a generator: asked of every note)
        if answer(("first_with_value", type_name, field, value, path)) is not None:
            break
    else:
        return False
    return any(
        query[0] == "first_with_value" and answer(query) != recorded
        for query, recorded in entry.queries(path)
    )
