"""The worker processes a big run forks (parallel._forked): results in order whatever order
they are worked out in, a failure or a death in a worker reported, and no worker left behind."""

from __future__ import annotations

import os
import time

import pytest

import notelint.parallel
from notelint.parallel import WorkerFailed, WorkerLost, _forked


def _children() -> set[int]:
    """This process's child processes, zombies included (Linux: /proc)."""
    found = set()
    for task in os.listdir(f"/proc/{os.getpid()}/task"):
        with open(f"/proc/{os.getpid()}/task/{task}/children") as listed:
            found.update(int(pid) for pid in listed.read().split())
    return found


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="Linux's /proc")


def test_results_come_in_order_whatever_order_workers_finish_in():
    def work(index: int) -> tuple[int, int]:
        time.sleep(0.02 if index % 3 == 0 else 0)  # the first slices finish last
        return index, os.getpid()

    results = list(_forked(2, work, 12))
    assert [index for index, _ in results] == list(range(12))
    assert len({pid for _, pid in results} - {os.getpid()}) == 2  # two workers, not this one


def test_a_result_larger_than_a_pipe_holds_arrives_whole():
    results = list(_forked(2, lambda index: str(index) * 300_000, 3))
    assert results == [str(index) * 300_000 for index in range(3)]


def test_more_slices_than_a_pipe_holds_are_all_worked_out():
    count = 40_000  # 160 KB of indexes: 64 KB fill a Linux pipe, 16 KB a macOS one
    assert list(_forked(2, lambda index: index, count)) == list(range(count))


@needs_proc
def test_a_worker_that_raises_fails_the_run_with_its_traceback():
    def work(index: int) -> int:
        if index == 3:
            raise KeyError("the rule's bug")
        return index

    with pytest.raises(WorkerFailed, match=r"(?s)Traceback.*KeyError: \"the rule's bug\""):
        list(_forked(2, work, 6))
    assert _children() == set()


def test_a_result_that_cannot_be_pickled_is_reported_as_the_bug_it_is():
    with pytest.raises(WorkerFailed, match=r"(?s)Traceback.*(pickle|lambda)"):
        list(_forked(2, lambda index: lambda: index, 4))


@needs_proc
def test_a_worker_that_dies_fails_the_run_instead_of_leaving_it_waiting():
    def work(index: int) -> int:
        if index == 2:
            os._exit(9)  # as the kernel's OOM killer would end it
        return index

    with pytest.raises(WorkerLost, match=r"^a worker process ended before its work was done"):
        list(_forked(2, work, 6))
    assert _children() == set()


@needs_proc
def test_a_run_stopped_early_kills_its_workers(tmp_path):
    def work(index: int) -> int:
        time.sleep(0.05 * bool(index))
        (tmp_path / str(index)).touch()
        return index

    results = _forked(2, work, 40)
    assert next(results) == 0
    assert len(_children()) == 2
    results.close()  # an error in this process, or Ctrl-C, while workers still work
    assert _children() == set()
    assert len(list(tmp_path.iterdir())) < 10  # not left to check the rest


def test_a_worker_forks_no_workers_of_its_own(monkeypatch):
    monkeypatch.setenv("NOTELINT_JOBS", "2")
    assert notelint.parallel.workers_for(10, 1) == 2
    assert list(_forked(2, lambda index: notelint.parallel.workers_for(10, 1), 2)) == [1, 1]


@needs_proc
def test_workers_that_cannot_be_forked_leave_the_work_to_those_that_were(monkeypatch):
    real_fork = os.fork
    forks = []

    def fork() -> int:
        forks.append(1)
        if len(forks) > 1:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    results = list(_forked(2, lambda index: (index, os.getpid()), 8))
    assert [index for index, _ in results] == list(range(8))
    assert len({pid for _, pid in results}) == 1
    assert _children() == set()


def test_no_worker_at_all_is_a_clear_error(monkeypatch):
    def fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", fork)
    with pytest.raises(WorkerLost, match=r"^cannot start a worker process: Resource temporarily"):
        list(_forked(2, lambda index: index, 8))
