"""The check cache: a warm run reports exactly what a run without the cache reports, whatever
changed in between (the note, another note, the file list, the config, notelint itself)."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import notelint.cache
import notelint.note
import notelint.parallel
import notelint.run
from notelint.cache import CACHE_DIR_NAME, Entry, _dumps, questions_about
from notelint.cli import main
from notelint.parallel import may_be_wrong
from tests.conftest import (
    BASE_FILES,
    CONTENT_SCHEMA,
    TOPIC,
    clean_git_environment,
    imported_by,
    note,
    write_files,
)

Lint = Callable[..., list[str]]

LINKING = note(body="\n## Summary\n\nSee [[Superposition#History]].\n\n## Topics\n\n![[Circuit]]\n")
FILES = {
    **BASE_FILES,
    "topics/Concept/Circuit.md": "# Circuit\n",
    "content/a.md": LINKING,
    "content/b.md": note(GOOD_LINK := "link: https://example.com/b\n"),
}


def _note_with(link_line: str) -> str:
    return note(
        "already_read: false\n"
        + link_line
        + "read_priority: 5\nsource: Alpha Signal\ntype: Content\nupload_date: '2025-04-28'\n"
    )


FILES["content/b.md"] = _note_with(GOOD_LINK)
FILES["content/c.md"] = _note_with("link: https://example.com/c\n")


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths of the notes parsed in this test, in order."""
    parsed: list[str] = []
    real = notelint.note.parse_note

    def counting(text: str, path: str) -> object:
        parsed.append(path)
        return real(text, path)

    monkeypatch.setattr(notelint.note, "parse_note", counting)
    return parsed


def warm_equals_cold(lint: Lint, root: Path) -> list[str]:
    """The warm run's lines, after checking they equal a run without the cache."""
    warm = lint(root)
    assert warm == lint(root, "--no-cache")
    return warm


def test_a_warm_run_parses_nothing_and_reports_the_same(make_vault, lint, parses):
    root = make_vault(FILES)
    (root / "content/a.md").write_text(LINKING.replace("#History", "#Nope"))
    cold = lint(root)
    assert cold == [
        "content/a.md:16:5: dead-anchor [[Superposition#Nope]]: no heading 'Nope'"
        " in topics/Concept/Superposition.md"
    ]
    parses.clear()
    assert lint(root) == cold
    assert parses == []
    assert (root / CACHE_DIR_NAME / ".gitignore").read_text().endswith("*\n")
    assert (root / CACHE_DIR_NAME / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f")


def test_an_edited_note_is_checked_again(make_vault, lint, parses):
    root = make_vault(FILES)
    assert lint(root) == []
    (root / "content/b.md").write_text(_note_with("link: not a url\n"))
    parses.clear()
    assert warm_equals_cold(lint, root) == [
        "content/b.md:3:1: bad-value link is 'not a url', expected a URL starting with http://"
        " or https://"
    ]
    assert parses[0] == "content/b.md"


def test_a_same_size_edit_within_the_same_second_is_seen(make_vault, lint):
    # the mtime of a file written just now may not change on the next write: the digest decides
    root = make_vault(FILES)
    path = root / "content/b.md"
    assert lint(root) == []
    before = path.stat()
    path.write_text(_note_with(GOOD_LINK.replace("/b", "/c")))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert lint(root) == [
        "content/c.md:3:1: duplicate-value link 'https://example.com/c' is already used by"
        " content/b.md"
    ]


def test_a_touched_note_is_not_parsed_and_its_new_mtime_is_kept(make_vault, lint, parses):
    root = make_vault(FILES)
    path = root / "content/b.md"
    assert lint(root) == []
    day_ago = path.stat().st_mtime_ns - 86_400 * 10**9
    os.utime(path, ns=(day_ago, day_ago))  # same bytes, another mtime, as a checkout leaves
    parses.clear()
    assert lint(root) == []
    assert parses == []
    [cache_file] = (root / CACHE_DIR_NAME).glob("*/*.cache")
    header_line, rest = cache_file.read_text().split("\n", 1)
    header = json.loads(header_line)
    index = rest[: header["lengths"]["index"]].split("\n")
    stamp = index[header["notes"].index("content/b.md")].split("\t")[:2]
    assert stamp == [str(path.stat().st_size), str(day_ago)]


def git(root: Path, *args: str) -> None:
    """git, with no global or system config and a fixed author."""
    author = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    subprocess.run(
        ["git", *author, *args],
        cwd=root,
        env=clean_git_environment(),
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize(
    ("elsewhere", "workers"),
    [(False, 0), (True, 0), (False, 2)],
    ids=["same-place", "elsewhere", "read-by-workers"],
)
def test_a_fresh_clone_with_the_cache_put_back_parses_no_note(
    make_vault, lint, parses, tmp_path, monkeypatch, elsewhere, workers
):
    # What CI does with a cache it keeps between jobs (README, The cache): the vault cloned
    # anew, at the same place (GitHub) or not (GitLab's path may hold a runner's number),
    # every note's mtime new, and the cache folder restored. Many notes are read and hashed
    # by workers, one a core: here by two, with a note each.
    forked: list[int] = []
    if workers:
        monkeypatch.setattr(notelint.cache, "_HASHES_PER_WORKER", 1)
        monkeypatch.setenv("NOTELINT_JOBS", str(workers))
        real_forked = notelint.parallel._forked
        monkeypatch.setattr(
            notelint.parallel,
            "_forked",
            lambda jobs, *args: forked.append(jobs) or real_forked(jobs, *args),
        )
    root = make_vault(FILES)
    (root / "content/a.md").write_text(LINKING.replace("#History", "#Nope"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the vault")
    git(tmp_path, "clone", "-q", "--bare", str(root), "origin.git")
    first = lint(root)
    assert len(first) == 1
    kept = tmp_path / "ci-cache"
    (root / CACHE_DIR_NAME).rename(kept)
    shutil.rmtree(root)
    if elsewhere:
        root = tmp_path / "runner-2" / "vault"
    git(tmp_path, "clone", "-q", "origin.git", str(root))
    later = time.time_ns() + 86_400 * 10**9  # (a clone within the mtime's granularity, too)
    for path in root.rglob("*.md"):
        os.utime(path, ns=(later, later))
    kept.rename(root / CACHE_DIR_NAME)
    parses.clear()
    assert lint(root) == first
    assert parses == []
    assert forked == [workers] * bool(workers)
    assert lint(root, "--no-cache") == first
    # a note of the same size whose bytes changed is told from the others, and checked again
    b_note = root / "content/b.md"
    b_note.write_text(b_note.read_text().replace("/b\n", "/c\n"))
    for path in root.rglob("*.md"):
        os.utime(path, ns=(later + 10**9, later + 10**9))
    parses.clear()
    duplicate = (
        "content/c.md:3:1: duplicate-value link 'https://example.com/c' is already used by"
        " content/b.md"
    )
    assert lint(root) == sorted([*first, duplicate])
    assert sorted(parses) == ["content/b.md", "content/c.md"]
    assert forked == [workers] * 2 * bool(workers)  # (the notes hashed by workers again)
    assert lint(root, "--no-cache") == sorted([*first, duplicate])


def _no_fork() -> int:
    raise BlockingIOError(11, "Resource temporarily unavailable")  # fork's EAGAIN


def test_notes_are_hashed_in_this_process_when_workers_cannot_be_had(monkeypatch):
    monkeypatch.setenv("NOTELINT_JOBS", "2")
    monkeypatch.setattr(os, "fork", _no_fork)
    assert notelint.parallel.map_on_cores(str.upper, ["a", "b", "c", "d"], 1) == list("ABCD")


def test_a_check_that_can_start_no_worker_says_so(make_vault, monkeypatch, capsys):
    root = make_vault(_many_notes(2 * notelint.parallel.MIN_NOTES_PER_WORKER))
    monkeypatch.chdir(root)
    monkeypatch.setenv("NOTELINT_JOBS", "2")
    monkeypatch.setattr(os, "fork", _no_fork)
    assert main(["check", "--no-cache", "."]) == 2
    assert capsys.readouterr() == (
        "",
        "notelint: error: cannot start a worker process: Resource temporarily unavailable;"
        " NOTELINT_JOBS=1 checks in one process\n",
    )


def test_a_process_whose_check_workers_run_forks_no_other_workers(monkeypatch):
    monkeypatch.setenv("NOTELINT_JOBS", "2")
    assert notelint.parallel.workers_for(10, 1) == 2
    monkeypatch.setattr(notelint.parallel, "_check", lambda path: [])
    assert notelint.parallel.workers_for(10, 1) == 1


def test_one_touched_note_in_a_big_vault_waits_for_the_next_save(make_vault, lint, parses):
    many = {f"content/n{i}.md": _note_with(f"link: https://example.com/n{i}\n") for i in range(120)}
    root = make_vault({**FILES, **many})
    notes = sorted(root.rglob("*.md"))
    for number, file in enumerate(notes):  # old enough for their size and mtime to be trusted
        os.utime(file, ns=(number * 10**9, 10**18 + number * 10**9))
    assert lint(root) == []
    [cache_file] = (root / CACHE_DIR_NAME).glob("*/*.cache")
    saved = cache_file.read_bytes()
    os.utime(notes[0], ns=(0, 10**18 - 10**9))  # same bytes, another mtime
    parses.clear()
    assert lint(root) == []
    assert cache_file.read_bytes() == saved  # not worth rewriting 120 index lines for
    for file in notes[:2]:
        os.utime(file, ns=(0, 10**18 - 2 * 10**9))
    assert lint(root) == []
    assert parses == []
    assert cache_file.read_bytes() != saved  # 1 note in 100 or more: saved
    assert f"\t{10**18 - 2 * 10**9}\t".encode() in cache_file.read_bytes()


def test_editing_a_heading_surfaces_dead_anchors_in_other_notes(make_vault, lint):
    root = make_vault(FILES)
    assert lint(root) == []
    (root / "topics/Concept/Superposition.md").write_text(TOPIC.replace("History", "Origins"))
    assert warm_equals_cold(lint, root) == [
        "content/a.md:16:5: dead-anchor [[Superposition#History]]: no heading 'History' in"
        " topics/Concept/Superposition.md"
    ]


def test_deleting_a_topic_surfaces_dead_embeds_and_adding_it_back_clears_them(make_vault, lint):
    root = make_vault(FILES)
    assert lint(root) == []
    (root / "topics/Concept/Circuit.md").unlink()
    assert warm_equals_cold(lint, root) == [
        "content/a.md:20:1: dead-transclusion ![[Circuit]] does not resolve: no file named"
        " 'Circuit.md' in the vault"
    ]
    (root / "topics/Concept/Circuit.md").write_text("# Circuit\n")
    assert warm_equals_cold(lint, root) == []


def test_renaming_a_topic_is_a_removal_and_an_addition(make_vault, lint):
    root = make_vault(FILES)
    assert lint(root) == []
    (root / "topics/Concept/Circuit.md").rename(root / "topics/Concept/Circuits.md")
    assert warm_equals_cold(lint, root) == [
        "content/a.md:20:1: dead-transclusion ![[Circuit]] does not resolve: no file named"
        " 'Circuit.md' in the vault (did you mean 'Circuits'?)"
    ]


@pytest.mark.parametrize(
    ("link", "name"),
    [
        ("[[grid CACHING]]", "Grid Caching.md"),  # names compare without case
        ("[[./gRID]]", "content/grid.md"),  # relative to the note
        ("![[Plan.PDF#page=2]]", "plan.pdf"),  # an attachment
        ("[[Café]]", "Café.md"),  # not ASCII: no shortcut
        ("[[Foo.MX]]", "Foo.MD"),  # "did you mean" names it with its `.MD`
    ],
)
def test_a_file_that_comes_or_goes_revives_or_kills_links_to_it(make_vault, lint, link, name):
    root = make_vault({**FILES, "content/e.md": f"{link}\n", "other.md": "[[Circuit]]\n"})
    before = lint(root)
    write_files(root, {name: "# Here\n"})
    after = warm_equals_cold(lint, root)
    assert after != before
    (root / name).unlink()
    assert warm_equals_cold(lint, root) == before


def test_a_new_file_can_make_a_link_ambiguous(make_vault, lint):
    root = make_vault(FILES)
    assert lint(root) == []
    write_files(root, {"archive/Circuit.md": "# Old circuit\n"})
    assert warm_equals_cold(lint, root) == [
        "content/a.md:20:1: ambiguous-link ![[Circuit]] matches 2 files: archive/Circuit.md,"
        " topics/Concept/Circuit.md; write the path to choose one"
    ]


def test_a_unique_value_taken_by_an_earlier_note_is_seen(make_vault, lint):
    root = make_vault(FILES)
    assert lint(root) == []
    (root / "content/b.md").write_text(_note_with("link: https://example.com/c\n"))
    assert warm_equals_cold(lint, root) == [
        "content/c.md:3:1: duplicate-value link 'https://example.com/c' is already used by"
        " content/b.md"
    ]
    (root / "content/b.md").unlink()
    assert warm_equals_cold(lint, root) == []


@pytest.mark.parametrize("damage", ["cut short", "deleted"])
def test_a_note_checked_alone_reads_damaged_target_facts_again(make_vault, lint, parses, damage):
    """A note checked on its own reads its link targets' facts from the cache one entry at a
    time, not the whole details file: an entry that cannot be read there is parsed again."""
    root = make_vault(FILES)
    assert lint(root) == []
    [details] = (root / CACHE_DIR_NAME).glob("*/*.details")
    if damage == "deleted":
        details.unlink()
    else:
        details.write_bytes(details.read_bytes()[:10])
    (root / "content/a.md").write_text(LINKING.replace("#History", "#Nope"))
    parses.clear()
    expected = [
        "content/a.md:16:5: dead-anchor [[Superposition#Nope]]: no heading 'Nope' in"
        " topics/Concept/Superposition.md"
    ]
    assert lint(root, "content/a.md") == expected
    assert "topics/Concept/Superposition.md" in parses
    assert lint(root, "content/a.md", "--no-cache") == expected


def test_a_named_note_sees_its_value_taken_by_an_earlier_note_not_checked(make_vault, lint, parses):
    """Checking one note asks whether a note before it holds its unique value: those the cache
    knows unchanged are read from it, and only a changed one that may hold it is parsed."""
    root = make_vault(FILES)
    assert lint(root) == []
    (root / "content/b.md").write_text(_note_with("link: https://example.com/c\n"))
    (root / "content/a.md").write_text(LINKING + "\nMore text.\n")  # changed, holds no link
    parses.clear()
    expected = [
        "content/c.md:3:1: duplicate-value link 'https://example.com/c' is already used by"
        " content/b.md"
    ]
    assert lint(root, "content/c.md") == expected
    assert sorted(parses) == ["content/a.md", "content/b.md", "content/c.md"]
    assert lint(root, "content/c.md", "--no-cache") == expected


@pytest.mark.parametrize(
    "url", ["https://example.com/b", "https://example.com/caf\u00e9", 'https://example.com/"q"\\']
)
def test_an_edit_that_takes_a_value_the_cache_knows_is_seen(make_vault, lint, parses, url):
    # content/c.md is checked again; content/b.md, unchanged, is found by its cache entry
    root = make_vault({**FILES, "content/b.md": _note_with(f"link: '{url}'\n")})
    assert lint(root) == []
    (root / "content/c.md").write_text(_note_with(f"link: '{url}'\n"))
    parses.clear()
    expected = [f"content/c.md:3:1: duplicate-value link {url!r} is already used by content/b.md"]
    assert lint(root) == expected
    assert parses == ["content/c.md"]
    assert lint(root, "--no-cache") == expected


@pytest.mark.parametrize("taken", ["before", "with the deletion", "never"])
def test_a_note_checked_again_for_a_dead_embed_keeps_its_unique_value_answers(
    make_vault, lint, taken
):
    embedding = _note_with("link: https://example.com/c\n") + "\n![[Circuit]]\n"
    root = make_vault({**FILES, "content/c.md": embedding})
    taking = _note_with("link: https://example.com/c\n")
    if taken == "before":
        (root / "content/b.md").write_text(taking)
    lint(root)
    (root / "topics/Concept/Circuit.md").unlink()  # c.md is checked again: its embed is dead
    if taken == "with the deletion":
        (root / "content/b.md").write_text(taking)
    duplicate = (
        "content/c.md:3:1: duplicate-value link 'https://example.com/c' is already used by"
        " content/b.md"
    )
    dead = [line for line in warm_equals_cold(lint, root) if "content/c.md" in line]
    assert (duplicate in dead) == (taken != "never")
    assert any("dead-transclusion ![[Circuit]]" in line for line in dead)


def test_a_run_on_named_notes_saves_a_vault_that_later_runs_can_trust(make_vault, lint):
    """A run that checks a few notes saves today's files and their new facts: the other notes'
    saved answers, about yesterday's vault, must not pass as today's in the next full run."""
    body = "\n[[Superposition]]\n\n![[Circuit]]\n"
    embedding = _note_with("link: https://example.com/p\n") + body
    root = make_vault({**FILES, "content/p.md": embedding})
    (root / "content/a.md").write_text(_note_with("link: https://example.com/p\n"))
    assert any("content/p.md:3:1: duplicate-value" in line for line in lint(root))
    (root / "content/a.md").write_text(_note_with("link: https://example.com/a\n"))
    (root / "topics/Concept/Superposition.md").unlink()
    lint(root, "content/b.md")  # pre-commit, or an editor, on another note
    after = warm_equals_cold(lint, root)
    assert not any("duplicate-value" in line for line in after)
    assert any(line.startswith("content/p.md") and "Superposition" in line for line in after)
    (root / "topics/Concept/Circuit.md").unlink()  # p.md is checked again, with no held answer
    assert not any("duplicate-value" in line for line in warm_equals_cold(lint, root))


def test_a_damaged_unique_value_question_is_not_held(make_vault, lint):
    embedding = _note_with("link: https://example.com/c\n") + "\n![[Circuit]]\n"
    root = make_vault({**FILES, "content/p.md": embedding})
    expected = lint(root)
    [details] = (root / CACHE_DIR_NAME).glob("*/*.details")
    data = details.read_bytes()
    damaged = re.sub(rb'("first_with_value",[^\]]*?),0\]', rb"\1,1]", data)  # same length
    assert damaged != data and len(damaged) == len(data)
    details.write_bytes(damaged)
    (root / "topics/Concept/Circuit.md").unlink()
    assert len(warm_equals_cold(lint, root)) > len(expected)


def test_a_config_change_starts_a_new_cache(make_vault, lint, parses):
    root = make_vault(FILES)
    assert lint(root) == []
    (root / "notelint.yaml").write_text(CONTENT_SCHEMA.replace("min: 1, max: 5", "min: 1, max: 4"))
    parses.clear()
    assert lint(root) == [
        f"content/{name}.md:4:1: out-of-range read_priority is 5, expected 1 to 4" for name in "abc"
    ]
    assert "content/a.md" in parses


def test_a_new_notelint_version_starts_a_new_cache(make_vault, lint, parses, monkeypatch):
    root = make_vault(FILES)
    lint(root)
    monkeypatch.setattr(notelint.cache, "__version__", "99.0")
    parses.clear()
    lint(root)
    assert "content/a.md" in parses
    assert sorted(path.name for path in (root / CACHE_DIR_NAME).iterdir() if path.is_dir()) == [
        "0.1.0",
        "99.0",
    ]


def _age(files: list[Path], days: float) -> None:
    stamp = time.time() - days * 86400
    for file in files:
        os.utime(file, (stamp, stamp))


def test_caches_of_old_configs_and_versions_unused_for_a_week_are_deleted(make_vault, lint):
    root = make_vault(FILES)
    cache_root = root / CACHE_DIR_NAME
    lint(root)
    first = sorted(cache_root.glob("0.1.0/*"))  # the index, the details, the cached config
    assert len(first) == 3
    edited = CONTENT_SCHEMA.replace("min: 1, max: 5", "min: 1, max: 4")
    (root / "notelint.yaml").write_text(edited)
    lint(root)
    assert set(first) < set(cache_root.glob("0.1.0/*"))  # used a moment ago: kept
    old_version = cache_root / "0.0.9"
    shutil.copytree(cache_root / "0.1.0", old_version)
    left_by_a_killed_run = cache_root / "0.1.0/.notelint-k1ll3d_0.tmp"
    left_by_a_killed_run.write_bytes(b"half")
    others = [cache_root / "0.0.9/notes.txt", cache_root / "tool/0123456789abcdef01234567.cache"]
    write_files(cache_root, {str(path.relative_to(cache_root)): "not ours" for path in others})
    _age([*first, left_by_a_killed_run, *old_version.iterdir(), *others], days=8)
    (root / "notelint.yaml").write_text(CONTENT_SCHEMA)
    lint(root)  # the first config's cache is used: its index and config are stamped
    (root / "notelint.yaml").write_text(edited)
    (root / "content/a.md").write_text(LINKING + "\nMore.\n")
    lint(root)  # a run that saves prunes what no run used for a week
    assert set(first) <= set(cache_root.glob("0.1.0/*"))  # its details go with its index
    assert not left_by_a_killed_run.exists()
    assert sorted(old_version.iterdir()) == [cache_root / "0.0.9/notes.txt"]  # not ours: kept
    assert all(path.exists() for path in others)
    _age(first, days=8)
    (root / "content/a.md").write_text(LINKING)
    lint(root)
    assert not set(first) & set(cache_root.glob("0.1.0/*"))
    assert len(list(cache_root.glob("0.1.0/*"))) == 3


def test_a_version_folder_left_empty_by_pruning_is_removed(make_vault, lint):
    root = make_vault(FILES)
    lint(root)
    old_version = root / CACHE_DIR_NAME / "0.0.9"
    shutil.copytree(root / CACHE_DIR_NAME / "0.1.0", old_version)
    _age(list(old_version.iterdir()), days=8)
    # details another run is saving now, its index not written yet: new, so kept
    being_saved = root / CACHE_DIR_NAME / "0.1.0/0123456789abcdef01234567-0123456789ab.details"
    being_saved.write_text("\n")
    (root / "content/a.md").write_text(LINKING + "\nMore.\n")
    lint(root)
    assert being_saved.exists()
    assert sorted(path.name for path in (root / CACHE_DIR_NAME).iterdir()) == [
        ".gitignore",
        "0.1.0",
        "CACHEDIR.TAG",
    ]


def test_pruning_a_shared_cache_dir_leaves_other_programs_files_alone(make_vault, lint, tmp_path):
    shared = tmp_path / "shared"
    others = [shared / "1.0/tmp12345678.tmp", shared / "2.0/0123456789abcdef01234567.cache.bak"]
    write_files(shared, {str(path.relative_to(shared)): "theirs" for path in others})
    (shared / "3.0").mkdir()  # an empty folder named like a version
    _age([*others, shared / "3.0"], days=30)
    root = make_vault(FILES)
    lint(root, "--cache-dir", str(shared))
    (root / "content/a.md").write_text(LINKING + "\nMore.\n")
    lint(root, "--cache-dir", str(shared))  # a save, and so a prune
    assert all(path.exists() for path in others)
    assert (shared / "3.0").is_dir()


def test_a_cache_read_is_stamped_as_used_once_a_day(make_vault, lint):
    root = make_vault(FILES)
    lint(root)
    [index] = (root / CACHE_DIR_NAME).glob("*/*.cache")
    [config] = (root / CACHE_DIR_NAME).glob("*/config-*.json")
    _age([index, config], days=0.5)
    stamped = index.stat().st_mtime_ns, config.stat().st_mtime_ns
    lint(root)  # read within a day of the last stamp: not written to
    assert (index.stat().st_mtime_ns, config.stat().st_mtime_ns) == stamped
    _age([index, config], days=2)
    lint(root)
    assert all(time.time() - file.stat().st_mtime < 60 for file in (index, config))


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json\n",
        b'{"files": [], "notes": ["a.md"]}\n',
        b"[]\n1\t2\n",
        b"[" * 10_000 + b"]" * 10_000 + b"\n",  # nested too deep to read
    ],
)
def test_a_damaged_cache_is_ignored_and_replaced(make_vault, lint, damage):
    root = make_vault(FILES)
    assert lint(root) == []
    [cache_file] = (root / CACHE_DIR_NAME).glob("*/*.cache")
    cache_file.write_bytes(damage)
    (root / "content/c.md").write_text(_note_with("link: https://example.com/b\n"))
    assert lint(root) == [
        "content/c.md:3:1: duplicate-value link 'https://example.com/b' is already used by"
        " content/b.md"
    ]
    assert json.loads(cache_file.read_text().split("\n")[0])["notes"]


def test_no_cache_writes_nothing_and_cache_dir_moves_it(make_vault, lint, tmp_path, monkeypatch):
    root = make_vault(FILES)
    lint(root, "--no-cache")
    assert not (root / CACHE_DIR_NAME).exists()
    lint(root, "--cache-dir", str(tmp_path / "elsewhere"))
    assert not (root / CACHE_DIR_NAME).exists()
    assert list((tmp_path / "elsewhere").glob("*/*.cache"))
    monkeypatch.setenv("NOTELINT_CACHE_DIR", str(tmp_path / "from-env"))
    lint(root)
    assert list((tmp_path / "from-env").glob("*/*.cache"))
    monkeypatch.setenv("NOTELINT_NO_CACHE", "1")
    lint(root, "--cache-dir", str(tmp_path / "not-used"))
    assert not (tmp_path / "not-used").exists()


def test_vaults_sharing_a_cache_dir_keep_a_cache_each(make_vault, lint, parses, tmp_path):
    # (a cache in the vault is keyed without the vault's place, so that it moves with it)
    shared = tmp_path / "shared"
    first = make_vault(FILES)
    second = tmp_path / "copy"
    shutil.copytree(first, second)
    lint(first, "--cache-dir", str(shared))
    lint(second, "--cache-dir", str(shared))
    assert len(list(shared.glob("*/*.cache"))) == 2
    parses.clear()
    lint(first, "--cache-dir", str(shared))
    assert parses == []


def test_a_cache_that_cannot_be_written_is_no_error(make_vault, lint):
    root = make_vault(FILES)
    blocker = root / CACHE_DIR_NAME
    blocker.write_text("a file where the folder should be\n")
    (root / "content/c.md").write_text(_note_with("link: https://example.com/b\n"))
    expected = [
        "content/c.md:3:1: duplicate-value link 'https://example.com/b' is already used by"
        " content/b.md"
    ]
    assert lint(root) == expected
    assert lint(root) == expected
    assert blocker.read_text() == "a file where the folder should be\n"


_MIDDLE_REPEATS = (200, 201, 202)


def _many_notes(count: int) -> dict[str, str]:
    """Notes whose diagnostics depend on each other: repeated unique links (some across the
    slices workers get: the last 7 repeat the first, and 3 in the middle, asked again while
    later slices are still being checked, repeat 3 before them), anchors into topics, dead
    embeds."""
    files = {**FILES}
    for index in range(count):
        repeated = index - count // 4 if index in _MIDDLE_REPEATS else index % (count - 7)
        link = f"link: https://example.com/{repeated}\n"
        body = f"\n## Summary\n\n[[Superposition#{'History' if index % 5 else 'Nope'}]]\n\n"
        body += f"## Topics\n\n![[{'Circuit' if index % 9 else 'Gone'}]]\n"
        files[f"notes/{index // 50}/n{index:04}.md"] = note(
            "already_read: false\n" + link + "read_priority: 5\nsource: S\ntype: Content\n"
            "upload_date: '2025-04-28'\n",
            body,
        )
    return files


def _check_process(root: Path, *args: str, jobs: str) -> str:
    environment = {**os.environ, "NOTELINT_JOBS": jobs, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "notelint", "check", *args],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    return result.stdout


def test_workers_cache_and_a_single_process_agree(make_vault):
    root = make_vault(_many_notes(400))
    single = _check_process(root, "--no-cache", jobs="1")
    assert "duplicate-value" in single and "dead-anchor" in single
    assert single.count("\n") == 400 // 5 + 400 // 9 + 1 + 7 + len(_MIDDLE_REPEATS) + 1
    assert "n0200.md:3:1: duplicate-value" in single
    assert _check_process(root, "--no-cache", jobs="2") == single
    assert _check_process(root, jobs="2") == single  # cold, filling the cache
    assert _check_process(root, jobs="2") == single  # warm
    (root / "notes/0/n0000.md").unlink()
    assert _check_process(root, jobs="2") == _check_process(root, "--no-cache", jobs="1")
    # Most notes checked again, in workers, each keeping the unique-value answers that hold
    (root / "topics/Concept/Circuit.md").unlink()
    assert _check_process(root, jobs="2") == _check_process(root, "--no-cache", jobs="1")


def _saved(root: Path, cache_dir: Path) -> dict[str, tuple[object, ...]]:
    """Each entry the cache holds, decoded as a later run reads it: stamp, diagnostics,
    unique values, facts and questions."""
    [run] = notelint.run.start_runs([root], None, cache_dir)
    cache = run.notes.cache
    found = {}
    for path in cache.saved:
        entry = cache.saved_entry(path)
        assert entry is not None, path
        parts = (entry.size, entry.digest, entry.diagnostics_json, entry.unique, entry.facts())
        found[path] = (*parts, list(entry.queries(path)))
    return found


def _files_in(cache_dir: Path) -> list[str]:
    return sorted(path.suffix for path in cache_dir.glob("*/*") if "config-" not in path.name)


def test_workers_save_what_a_single_process_saves(make_vault, tmp_path):
    """Workers append their entries' details to the details file themselves (Cache.hand_over),
    cold into a new one, warm into the saved one: what later runs read back is the same."""
    root = make_vault(_many_notes(400))
    one, two = tmp_path / "one", tmp_path / "two"
    for jobs, cache_dir in (("1", one), ("2", two)):
        _check_process(root, "--cache-dir", str(cache_dir), jobs=jobs)
    assert _saved(root, two) == _saved(root, one)
    assert _files_in(two) == [".cache", ".details"]
    [details] = two.glob("*/*.details")
    for index in range(0, 400, 2):  # two hundred notes checked again, by workers
        path = root / f"notes/{index // 50}/n{index:04}.md"
        path.write_text(path.read_text() + "\nEdited.\n")
    (root / "topics/Concept/Superposition.md").unlink()  # and the others' anchors go dead
    for jobs, cache_dir in (("1", one), ("2", two)):
        _check_process(root, "--cache-dir", str(cache_dir), jobs=jobs)
    assert _saved(root, two) == _saved(root, one)
    assert list(two.glob("*/*.details")) == [details]  # appended to


def test_details_a_worker_hands_over_are_read_back_by_its_parent(make_vault, tmp_path):
    root = make_vault(FILES)
    [run] = notelint.run.start_runs([root], None, tmp_path / "cache")
    cache = run.notes.cache
    facts = [[[2, "summary"]], ["block"], "Content", [["link", "https://example.com/x"]]]
    queries = [(("resolve", "Circuit", "content/a.md"), ["topics/Concept/Circuit.md"])]
    made = {path: Entry.of(path, (1, 2, "d"), facts, [], queries) for path in ("a.md", "b.md")}
    for path, entry in made.items():
        cache.learn(path, entry)
    cache.prepare_for_workers()
    handed = cache.hand_over()  # in a worker, and pickled on its way
    assert cache.learnt == {}
    assert [entry.details for entry in handed.values()] == [None, None]
    cache.take_over(pickle.loads(pickle.dumps(handed)))
    for path, entry in cache.learnt.items():
        assert entry.facts() == facts
        assert list(entry.queries(path)) == queries


def test_workers_write_no_details_where_no_cache_can_be(make_vault, tmp_path):
    root = make_vault(_many_notes(400))
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be\n")
    expected = _check_process(root, "--no-cache", jobs="1")
    assert _check_process(root, "--cache-dir", str(blocker / "cache"), jobs="2") == expected
    assert blocker.read_text() == "a file where the cache folder should be\n"


def test_a_details_file_gone_is_written_anew_with_the_workers_details(make_vault, tmp_path):
    root = make_vault(_many_notes(400))
    cache_dir = tmp_path / "cache"
    expected = _check_process(root, "--cache-dir", str(cache_dir), jobs="2")
    [details] = cache_dir.glob("*/*.details")
    details.unlink()
    for index in range(0, 400, 2):
        path = root / f"notes/{index // 50}/n{index:04}.md"
        path.write_text(path.read_text().replace("source: S\n", "source: T\n"))
    # Every note is checked again, by workers (the others' questions are lost with the file,
    # and an edit may change their answers), and saved in a new file
    assert _check_process(root, "--cache-dir", str(cache_dir), jobs="2") == expected
    assert _files_in(cache_dir) == [".cache", ".details"]
    reference = tmp_path / "reference"
    _check_process(root, "--cache-dir", str(reference), jobs="1")
    assert _saved(root, cache_dir) == _saved(root, reference)


def test_saved_entries_whose_details_are_gone_are_not_pointed_into_the_workers_file(
    make_vault, lint, tmp_path
):
    """Entries kept from the last save, and workers' details in a file of their own (the
    saved one being gone): the save must not point the kept entries into the new file."""
    root = make_vault(FILES)
    lint(root, "--cache-dir", str(tmp_path / "cache"))
    [details] = (tmp_path / "cache").glob("*/*.details")
    details.unlink()
    [run] = notelint.run.start_runs([root], None, tmp_path / "cache")
    cache = run.notes.cache
    cache.prepare_for_workers()  # (a new details file: there is no saved one to append to)
    headings = [[2, f"heading {number}"] for number in range(500)]  # (past the old file's end)
    facts = [headings, [], "Content", [["link", "https://example.com/new"]]]
    cache.learn("content/c.md", Entry.of("content/c.md", (1, 2, "d"), facts, [], []))
    cache.take_over(cache.hand_over())
    cache.save(run.vault.notes, lambda path: True)  # the others' entries are kept
    saved = _saved(root, tmp_path / "cache")
    assert saved["content/c.md"][-2:] == (facts, [])
    assert sorted(saved) == ["content/c.md"]  # the others' details were lost with the file


def _worker_entry(unique: list[list[str]], answered: object) -> Entry:
    """An entry a worker made for n.md: its unique values, and its answer about the first."""
    facts = [[], [], "Content", unique]
    asked = [(("first_with_value", "Content", *pair, "n.md"), answered) for pair in unique[:1]]
    return Entry.of("n.md", (1, 1, "digest"), facts, [], [(("facts", "t.md"), None), *asked])


@pytest.mark.parametrize(
    ("unique", "answered", "first", "wrong"),
    [
        ([], None, "a.md", False),  # no unique values: no such question
        ([["link", "x"]], None, None, False),  # no note before holds x: nothing is read
        ([["link", "x"]], None, "a.md", True),  # the worker never read a.md
        ([["link", "x"]], "b.md", "a.md", True),  # nor a.md, only b.md
        ([["link", "x"]], "a.md", "a.md", False),
        ([["link", "x"], ["isbn", "y"]], None, "a.md", True),
        ([["isbn", "y"], ["link", "x"]], None, "a.md", False),  # link never asked about
    ],
)
def test_a_workers_answers_are_read_again_only_where_a_note_before_holds_a_value(
    unique, answered, first, wrong
):
    entry = _worker_entry(unique, answered)

    def answer(query):
        assert query[0] == "first_with_value" and query[-1] == "n.md"
        return first if query[2:4] == ("link", "x") else None

    assert may_be_wrong("n.md", entry, answer) is wrong
    if first is None:  # and its questions are not even read
        entry.details = "[]\tnot JSON"
        assert may_be_wrong("n.md", entry, answer) is False


def test_duplicate_value_asks_about_the_unique_values_an_entry_keeps(make_vault, lint, monkeypatch):
    """may_be_wrong reads a note's questions only when a note before it holds one of the
    unique values its entry keeps: right only while those are what duplicate-value asks."""
    learnt: dict[str, Entry] = {}
    learn = notelint.cache.Cache.learn
    monkeypatch.setattr(
        notelint.cache.Cache, "learn", lambda c, p, e: (learnt.update({p: e}), learn(c, p, e))
    )
    empty, number = _note_with("link:\n"), _note_with("link: 5\n")
    root = make_vault({**FILES, "content/d.md": empty, "content/e.md": empty, "n.md": number})
    (root / "content/c.md").write_text(FILES["content/b.md"])  # a duplicate
    assert "duplicate-value" in "".join(lint(root))
    asked_in_all = 0
    for path, entry in learnt.items():
        asked = {q[1:4] for q, _ in entry.queries(path) if q[0] == "first_with_value"}
        type_name, pairs = entry.unique
        assert asked == {(type_name, field, value) for field, value in pairs}, path
        asked_in_all += len(asked)
    assert asked_in_all == 4  # a, b, c and n; the notes with an empty link ask nothing


def test_a_save_appends_details_and_rewrites_them_when_half_dead(make_vault, lint, monkeypatch):
    monkeypatch.setattr(notelint.cache, "_SLACK", 0)  # no allowance: rewrite at half dead
    root = make_vault(FILES)
    assert lint(root) == []
    [details] = (root / CACHE_DIR_NAME).glob("*/*.details")
    size = details.stat().st_size
    (root / "content/b.md").write_text(_note_with("link: https://example.com/b2\n"))
    assert warm_equals_cold(lint, root) == []
    assert list((root / CACHE_DIR_NAME).glob("*/*.details")) == [details]
    assert size < details.stat().st_size < 2 * size  # one entry's details appended
    seen = {details}
    for number in range(3, 12):
        (root / "content/b.md").write_text(_note_with(f"link: https://example.com/b{number}\n"))
        assert warm_equals_cold(lint, root) == []
        [details] = (root / CACHE_DIR_NAME).glob("*/*.details")
        seen.add(details)
        assert details.stat().st_size <= 2 * size + 200  # never more than half dead
    assert len(seen) > 1  # rewritten, and the old one deleted


@pytest.mark.parametrize("torn", [b"partial", b'[[],[],null,[]]\t[[["resolve"'])
def test_details_appended_after_a_torn_write_are_still_found(make_vault, lint, torn):
    # A write cut short (a full disk, a killed run) leaves the details file without its last
    # newline; what the next save appends must still be found by the search for what changed.
    embedding = _note_with("link: https://example.com/p\n") + "\n![[Circuit]]\n"
    root = make_vault({**FILES, "content/p.md": embedding})
    lint(root)
    [details] = (root / CACHE_DIR_NAME).glob("*/*.details")
    with details.open("ab") as handle:
        handle.write(torn)
    (root / "content/p.md").write_text(embedding + "\nEdited.\n")
    assert lint(root) == []  # p's details are appended after the torn bytes
    (root / "topics/Concept/Circuit.md").unlink()
    assert any(line.startswith("content/p.md") for line in warm_equals_cold(lint, root))


def _misshapen(line: str, n: int) -> str:
    """A unique-values line as valid JSON of another shape, still holding the values."""
    if line == "null":
        return '"ab"'
    return line.replace('"Content"', "7", 1) if n % 2 else line[:-3] + ",5]]]"


@pytest.mark.parametrize("part", ["index", "diagnostics", "unique", "unique shape", "details"])
def test_a_damaged_entry_for_an_unchanged_note_is_ignored(make_vault, lint, parses, part):
    root = make_vault(FILES)
    (root / "content/c.md").write_text(_note_with("link: https://example.com/b\n"))
    for file in root.rglob("*.md"):  # old enough for their size and mtime to be trusted
        day_ago = file.stat().st_mtime_ns - 86_400 * 10**9
        os.utime(file, ns=(day_ago, day_ago))
    expected = lint(root)
    [cache_file] = (root / CACHE_DIR_NAME).glob("*/*.cache")
    header_line, rest = cache_file.read_text().split("\n", 1)
    header = json.loads(header_line)
    lengths = header["lengths"]
    index, unique = rest[: lengths["index"]].split("\n"), rest[lengths["index"] :]
    details = cache_file.with_name(header["details"])
    if part == "index":  # too few parts, ending in diagnostics that could be read
        index = ["\t".join([*line.split("\t")[:3], "[]"]) if line else "" for line in index]
    elif part == "diagnostics":  # a line of the right shape, with a size and mtime that hold
        index = ["\t".join([*line.split("\t")[:5], "[1]"]) if line else "" for line in index]
    elif part == "unique":  # cut short
        unique = unique.rsplit("\n", 2)[0] + "\n"
    elif part == "unique shape":  # JSON, values and all, but not a type and (field, value)s
        lines = unique.split("\n")[:-1]
        unique = "".join(f"{_misshapen(line, n)}\n" for n, line in enumerate(lines))
    else:  # facts and questions cut short
        details.write_bytes(details.read_bytes()[:10])
    lengths["index"] = len("\n".join(index))
    cache_file.write_text("\n".join([json.dumps(header), *index[:-1], unique]))
    if part in ("unique", "unique shape", "details"):  # read only when something changed
        (root / "content/picture.png").write_bytes(b"")  # a new file: the questions are read
        with (root / "content/c.md").open("a") as note_file:
            note_file.write("\n")  # checked again: its unique value is looked for
    parses.clear()
    assert lint(root) == expected
    if not part.startswith("unique"):  # unique values are also in the facts, which are whole
        assert "content/a.md" in parses  # its entry was not taken as it was
    assert lint(root) == expected  # entries that could not be read again are learnt again
    parses.clear()
    assert lint(root) == expected
    assert parses == []  # the damage is gone


@pytest.mark.parametrize("output_format", ["concise", "json"])
def test_a_warm_run_imports_neither_the_parser_nor_the_rules(make_vault, lint, output_format):
    # What a run the cache answers whole needs is a tenth of what a cold run imports.
    root = make_vault({**FILES, "d.md": "text\n\n\n\nmore\n"})  # json shows its fix
    lint(root)  # fills the cache
    heavy = ["yaml", "pathspec", "markdown_it", "pydantic", "notelint.note", "notelint.check"]
    code = (
        f"import sys; from notelint.cli import main; code = main(['check', '.', '--format',"
        f" {output_format!r}]); print([name for name in {heavy!r} if name in sys.modules], code,"
        " any(name.startswith('notelint.rules.') for name in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "[] 0 False"  # a warning alone exits 0


@pytest.mark.parametrize("dry_run", [[], ["--check"]])
def test_a_fix_run_saves_the_cache_for_the_next_run(make_vault, lint, parses, capsys, dry_run):
    # A pre-commit hook that only runs `fix` must not be cold on every commit.
    root = make_vault({**FILES, "d.md": "text\n\n\n\nmore\n"})  # blank lines to collapse
    assert main(["fix", *dry_run, str(root)]) == 1
    capsys.readouterr()
    parses.clear()
    warm = lint(root)
    assert parses == ([] if dry_run else ["d.md"])  # only the note fix rewrote is read again
    assert warm == lint(root, "--no-cache")
    parses.clear()
    assert main(["fix", *dry_run, str(root)]) == (1 if dry_run else 0)
    assert parses == (["d.md"] if dry_run else [])  # the note to fix, and no other


def test_a_note_fix_rewrote_is_seen_anew_by_the_notes_that_link_to_it(make_vault, lint, capsys):
    # fix saves the vault as it was before its rewrites: the next run must see what they changed.
    topicless = note(body="\nhttps://example.com/post\n\n## Summary\n\nA short summary.\n")
    root = make_vault({**BASE_FILES, "content/b.md": topicless, "c.md": "See [[b#Topics]].\n"})
    assert lint(root) == [
        "c.md:1:5: dead-anchor [[b#Topics]]: no heading 'Topics' in content/b.md",
        "content/b.md:18:1: missing-section missing section '## Topics' (Content notes need it);"
        " it belongs at the end of the note",
    ]
    assert main(["fix", str(root)]) == 1
    assert "content/b.md: fixed 1 (missing-section)" in capsys.readouterr().out
    assert warm_equals_cold(lint, root) == []


def test_a_validated_config_is_read_back_until_it_is_edited(make_vault, lint):
    root = make_vault(FILES)
    assert lint(root) == []
    assert imported_by(root, ["check", "."], ["yaml", "pydantic"]) == (0, [])
    # an editor's save: the note's frontmatter is the simple reader's, the config is cached
    save = ["fix", "-", "--stdin-filename", "content/b.md"]
    text = FILES["content/b.md"]
    assert imported_by(root, save, ["yaml", "pydantic"], stdin=text) == (0, [])
    (root / "notelint.yaml").write_text(CONTENT_SCHEMA + "bogus: 1\n")
    result = subprocess.run(
        [sys.executable, "-m", "notelint", "check"], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "notelint.yaml:24:1: bogus: unknown key; allowed keys are: type_field," in result.stderr


def test_a_config_read_back_from_the_cache_keeps_its_floats(make_vault, lint):
    """The validated config is saved as json writes it, floats and all: `.inf` (which
    msgspec would write as null) is still infinite when a later run reads it back instead
    of validating again."""
    schema = (
        "types:\n  T:\n    fields:\n      score: {type: enum, values: [.inf, 1e16, 1.5e-07, 1]}\n"
    )
    notes = {
        f"{name}.md": f"---\ntype: T\nscore: {value}\n---\n"
        for name, value in [("a", ".inf"), ("b", "1e16"), ("c", "1.5e-07"), ("d", "2")]
    }
    root = make_vault(notes, config=schema)
    wrong = ["d.md:3:1: bad-value score is '2', expected one of: inf, 1e+16, 1.5e-07, 1"]
    assert lint(root) == wrong  # validated, and saved
    assert lint(root) == wrong  # read back
    assert lint(root, "--no-cache") == wrong


def test_did_you_mean_follows_files_that_come_and_go(make_vault, lint):
    root = make_vault({**FILES, "content/d.md": "[[Superpositon]]\n"})
    assert lint(root) == [
        "content/d.md:1:1: dead-wikilink [[Superpositon]] does not resolve: no file named"
        " 'Superpositon.md' in the vault (did you mean 'Superposition'?)"
    ]
    write_files(root, {"archive/Superpositions.md": "x\n", "archive/Unrelated.md": "x\n"})
    assert warm_equals_cold(lint, root) == [
        "content/d.md:1:1: dead-wikilink [[Superpositon]] does not resolve: no file named"
        " 'Superpositon.md' in the vault (did you mean 'Superposition' or 'Superpositions'?)"
    ]
    (root / "topics/Concept/Superposition.md").unlink()
    (root / "archive/Unrelated.md").unlink()
    assert warm_equals_cold(lint, root) == [
        "content/a.md:16:5: dead-wikilink [[Superposition#History]] does not resolve: no file"
        " named 'Superposition.md' in the vault (did you mean 'Superpositions'?)",
        *(
            f"content/{name}.md:22:1: dead-transclusion ![[topics/Concept/Superposition]] does"
            " not resolve: no file 'topics/Concept/Superposition.md' in the vault (did you mean"
            " 'Superpositions'?)"
            for name in "bc"
        ),
        "content/d.md:1:1: dead-wikilink [[Superpositon]] does not resolve: no file named"
        " 'Superpositon.md' in the vault (did you mean 'Superpositions'?)",
    ]


# Files whose names collide in case, folder, extension and spelling, and notes that link to
# them in every way a target is looked up (by name, path, path suffix, relative, a name that
# cannot be told from its text, an attachment, a typo that "did you mean" answers).
_NAMED_FILES = {
    "Circuit.md": "# Circuit\n\n## Parts\n",
    "topics/Circuit.md": "# Circuit\n",
    "archive/circuit.md": "# old\n",
    "topics/Circuits.md": "# Circuits\n",
    "img/Circuit.png": b"\x89PNG\r\n",
    "a/b/Deep.md": "# Deep\n",
    "Deep.md": "# Deep\n\n## Heading\n",
    "Café.md": "# Café\n",
    "a/Cafe.md": "# Cafe\n",
    "Up.MD": "# Up\n",  # `.md` in another case: a name of its own to "did you mean"
}
_LINKS = (
    "[[Circuit]]",
    "![[circuit]]",
    "[[topics/Circuit]]",
    "[[Circuit#Parts]]",
    "[[Circut]]",
    "[[Circuitz]]",
    "[[./Circuit]]",
    "[[../Deep]]",
    "[[a/..]]",
    "[[b/Deep]]",
    "[[Deep#Heading]]",
    "![[CIRCUIT.png]]",
    "[[Cafe]]",
    "[[Up.MX]]",
)
# a note a link, in two folders: a question that names a file that went is asked again, the
# note's others only with it
_LINKING_NOTES = {
    f"{folder}n{number}.md": f"{link}\n"
    for folder in ("", "a/")
    for number, link in enumerate(_LINKS)
}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    present=st.sets(st.sampled_from(sorted(_NAMED_FILES)), min_size=3),
    gone=st.lists(st.sets(st.sampled_from(sorted(_NAMED_FILES)), min_size=1), max_size=2),
)
def test_files_that_only_went_change_just_the_answers_that_named_them(lint, present, gone):
    """When files only went, the notes asked again are those whose answers name one (by path,
    or by name in "did you mean"): a warm run still reports what a run without the cache does."""
    with tempfile.TemporaryDirectory() as folder:
        root = write_files(Path(folder), {"notelint.yaml": "", **_LINKING_NOTES})
        write_files(root, {path: _NAMED_FILES[path] for path in present})
        lint(root)
        for files in gone:
            for path in files & present:
                (root / path).unlink()
            present = present - files
            warm_equals_cold(lint, root)


# Text with what JSON writers differ on: lone surrogates (a file name's bytes that are not
# UTF-8, PEP 383), DEL and control characters
_TEXT = st.text(st.characters() | st.sampled_from(["\udc80", "\udcff", "\x7f", "\t", "\x00"]))
_PLAIN_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | _TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_TEXT, children),
    max_leaves=12,
)


@given(_PLAIN_JSON)
def test_entries_are_written_as_json_writes_them(data):
    """Entries are written by msgspec where it can, and searched for with the text json
    writes: the two must agree to the byte, or a changed note would go unnoticed. They are
    read back whole (by json where msgspec refuses a lone surrogate's escape)."""
    written = notelint.cache._dumps(data)
    assert written == json.dumps(data, separators=(",", ":"))
    assert written.isascii()
    assert notelint.cache._loads(written) == data


@pytest.mark.parametrize(
    ("question", "found"),
    [
        (["facts", "a b/ü.md"], True),
        (["facts", "a b/ü.mdx"], False),
        (["resolve", "a b/ü.md", 0], False),  # not a question of the note's facts
        (["first_with_value", "Content", "link", 'x"y', 0], True),
        (["first_with_value", "Content", "link", 'x"yz', 0], False),
        (["first_with_value", "Content", "url", 'x"y', 0], False),
    ],
)
def test_the_search_for_questions_of_refacted_notes_reads_the_cache_json(question, found):
    """The search finds the questions as the cache writes them (ASCII JSON, escapes)."""
    pattern = questions_about(["a b/ü.md"], {("Content", "link", 'x"y')})
    assert pattern is not None
    written = _dumps([[question, None], [["resolve", "x", 0], ["x.md"]]])
    assert bool(pattern.search(written)) is found
