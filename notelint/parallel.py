"""Checking many notes on every core: forked workers, each with the whole vault index.

A worker checks a slice of the notes exactly as a single process would, with one exception:
it knows the unique values (`unique: true` fields) only of the notes it has read itself, so
its `first_with_value` answers are a guess. Every answer is recorded (see `vault.Query`), so
the parent, for the few notes whose unique values some note before them holds too, asks
those questions again of the whole vault and checks again, itself, each note whose answer
differs (`may_be_wrong`). The result is the single-process result, whatever the slicing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from notelint.diagnostics import Diagnostic

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

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


def workers_for(count: int, least_each: int = MIN_NOTES_PER_WORKER) -> int:
    """How many processes to share `count` items among, each getting `least_each` at least:
    NOTELINT_JOBS, else one a core."""
    if count < 2 * least_each:
        return 1  # and multiprocessing is not even imported: a small run starts faster
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # Windows: workers would have to import and rebuild everything
    if multiprocessing.parent_process() is not None or _check is not None:
        # A worker already, or a process whose check workers are running (forking beside
        # their executor's threads is not safe): more workers would only fight for the cores.
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
        with _forked(jobs) as executor:
            results = executor.map(_check_slice, slices)  # (forking every worker, now)
            gc.set_threshold(*thresholds)  # here, what arrives is kept: collecting it seldom
            yield from results  # would only make each collection longer
    finally:
        _check = _learnt = None
        gc.set_threshold(*thresholds)


def map_on_cores(function: Callable[[_T], _R], items: Sequence[_T], least_each: int) -> list[_R]:
    """`function` of each item, in order, shared out among worker processes when each would
    get `least_each` items at least. The workers inherit `function` and the items: only where
    each slice starts and ends, and the results, cross between processes. Workers only save
    time here: where they cannot be had (no fork left, no working semaphores, a worker killed
    for memory), this process maps the items itself."""
    jobs = workers_for(len(items), least_each)
    if jobs == 1:
        return [function(item) for item in items]
    from concurrent.futures.process import BrokenProcessPool

    global _mapped
    _mapped = (function, items)
    count = 4 * jobs  # slices: a worker that finishes early takes another
    bounds = [(len(items) * k // count, len(items) * (k + 1) // count) for k in range(count)]
    try:
        with _forked(jobs) as executor:
            return [result for part in executor.map(_map_slice, bounds) for result in part]
    except (OSError, NotImplementedError, BrokenProcessPool):
        return [function(item) for item in items]
    finally:
        _mapped = None


def _map_slice(bounds: tuple[int, int]) -> list[Any]:
    assert _mapped is not None
    function, items = _mapped
    return [function(item) for item in items[bounds[0] : bounds[1]]]


def _forked(jobs: int) -> ProcessPoolExecutor:
    """Workers forked from this process as it is now. An executor, not a Pool: a worker that
    dies (out of memory) fails the run with BrokenProcessPool instead of leaving it waiting
    for ever."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))


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
