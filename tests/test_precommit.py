"""The pre-commit hooks of .pre-commit-hooks.yaml, end to end: a real git repository holding a
vault, `pre-commit install`, real `git commit`s, and the hooks run by pre-commit from the venv
it builds for them by pip-installing this working tree.

pre-commit installs hooks from a git repository at a given commit. `pre-commit try-repo` would
take the working tree, but it sees only tracked files (not a new .pre-commit-hooks.yaml) and
builds a fresh hook venv in a new cache on every call; so the tests commit a snapshot of the
working tree (tracked and untracked files, minus .gitignore'd ones) to a scratch repository
and point a .pre-commit-config.yaml at it, with one PRE_COMMIT_HOME for the whole module:
the hook venv is built once (this needs PyPI for notelint's dependencies), then reused.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import (
    BASE_FILES,
    CONTENT_SCHEMA,
    GOOD_YAML,
    clean_git_environment,
    note,
    write_files,
)

REPO_UNDER_TEST = Path(__file__).resolve().parents[1]
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

QUOTED = note(GOOD_YAML.replace("read_priority: 5", "read_priority: '5'"))
BROKEN = "---\nread_priority: '5'\ntitle: a: b\n---\nbody\n"  # fixable, but unreadable YAML


@dataclass(frozen=True)
class Hooks:
    """The notelint hooks as a vault's .pre-commit-config.yaml names them, and the
    environment to run git and pre-commit in."""

    config: str
    env: dict[str, str]


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a command; stdout and stderr together, as the user sees them."""
    return subprocess.run(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )


def ok(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = run(command, cwd, env)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}"
    return result.stdout


def git_environment(pre_commit_home: Path) -> dict[str, str]:
    """A clean git environment (conftest), no colour, plain notelint output even on a CI
    runner, and pre-commit's own home."""
    dropped = {"GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR"}
    env = {
        key: value
        for key, value in clean_git_environment().items()
        if not key.startswith("PRE_COMMIT") and key not in dropped
    }
    env.update(PRE_COMMIT_HOME=str(pre_commit_home), PRE_COMMIT_COLOR="never")
    return env


def init_repo(root: Path, env: dict[str, str]) -> None:
    ok(["git", "init", "-q", str(root)], root.parent, env)
    for key, value in [
        ("user.name", "Test"),
        ("user.email", "test@example.com"),
        ("commit.gpgsign", "false"),
        ("core.autocrlf", "false"),
    ]:
        ok(["git", "config", key, value], root, env)


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> Hooks:
    """This working tree committed to a scratch repository, and its hook venv built once."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_UNDER_TEST,
        capture_output=True,
    )
    if listed.returncode != 0:
        pytest.skip(f"{REPO_UNDER_TEST} is not a git checkout")
    env = git_environment(tmp_path_factory.mktemp("pre-commit-home"))
    snapshot = tmp_path_factory.mktemp("notelint-snapshot")
    for name in os.fsdecode(listed.stdout).split("\0"):
        source = REPO_UNDER_TEST / name
        if name and (source.is_file() or source.is_symlink()):  # not deleted, not a submodule
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name, follow_symlinks=False)
    init_repo(snapshot, env)
    ok(["git", "add", "-A"], snapshot, env)
    ok(["git", "commit", "-q", "-m", "notelint under test"], snapshot, env)
    sha = ok(["git", "rev-parse", "HEAD"], snapshot, env).strip()
    config = (
        f"repos:\n- repo: {snapshot.as_posix()}\n  rev: {sha}\n  hooks:\n"
        "  - id: notelint-fix\n  - id: notelint\n"
    )
    # Build the hook venv now, once: pre-commit pip-installs the snapshot into it.
    warm_up = tmp_path_factory.mktemp("warm-up")
    init_repo(warm_up, env)
    (warm_up / ".pre-commit-config.yaml").write_text(config)
    ok([*PRE_COMMIT, "install-hooks"], warm_up, env)
    return Hooks(config, env)


@pytest.fixture
def vault(tmp_path: Path, hooks: Hooks) -> Path:
    """A git repository holding a vault (its root is the repository's), with the notelint
    hooks installed as the pre-commit git hook; the schema and a topic note committed."""
    root = tmp_path / "vault"
    root.mkdir()
    init_repo(root, hooks.env)
    write_files(root, {**BASE_FILES, "notelint.yaml": CONTENT_SCHEMA})
    (root / ".pre-commit-config.yaml").write_text(hooks.config)
    ok(["git", "add", "-A"], root, hooks.env)
    ok(["git", "commit", "-q", "-m", "the vault"], root, hooks.env)
    assert ok([*PRE_COMMIT, "install"], root, hooks.env) == (
        "pre-commit installed at .git/hooks/pre-commit\n"
    )
    return root


STATUS = re.compile(r"^(?P<name>.+?)\.{3,}(?P<status>Passed|Failed|\(no files to check\)Skipped)$")


def hook_reports(output: str) -> dict[str, tuple[str, list[str]]]:
    """pre-commit's output by hook name: (status, the lines under the status line)."""
    reports: dict[str, tuple[str, list[str]]] = {}
    lines: list[str] = []
    for line in output.splitlines():
        match = STATUS.match(line)
        if match:
            lines = []
            reports[match["name"]] = (match["status"], lines)
        else:
            assert reports, f"output before the first hook:\n{output}"
            lines.append(line)
    return reports


@dataclass
class Commit:
    code: int
    reports: dict[str, tuple[str, list[str]]]
    output: str


def commit(vault: Path, hooks: Hooks, *paths: str) -> Commit:
    """`git add PATHS && git commit`, as the user runs them; the hooks run on the commit."""
    ok(["git", "add", "--", *paths], vault, hooks.env)
    result = run(["git", "commit", "-q", "-m", "notes"], vault, hooks.env)
    return Commit(result.returncode, hook_reports(result.stdout), result.stdout)


def head(vault: Path, hooks: Hooks) -> str:
    return ok(["git", "rev-parse", "HEAD"], vault, hooks.env).strip()


def committed(vault: Path, hooks: Hooks, path: str) -> bytes:
    shown = subprocess.run(
        ["git", "show", f"HEAD:{path}"], cwd=vault, env=hooks.env, capture_output=True
    )
    assert shown.returncode == 0, shown.stderr
    return shown.stdout


BOTH_PASS = {"notelint fix": ("Passed", []), "notelint": ("Passed", [])}


def test_the_fix_hook_fixes_the_note_and_stops_the_commit_then_a_retry_passes(vault, hooks):
    path = vault / "content" / "quoted.md"
    write_files(vault, {"content/quoted.md": QUOTED})
    before = head(vault, hooks)

    first = commit(vault, hooks, "content/quoted.md")
    assert first.code == 1, first.output
    assert first.reports == {
        "notelint fix": (
            "Failed",
            [
                "- hook id: notelint-fix",
                "- exit code: 1",
                "- files were modified by this hook",
                "",
                "content/quoted.md: fixed 1 (wrong-type)",
                "Fixed 1 problem in 1 of 1 note; 0 left.",
                "",
            ],
        ),
        # runs on the note as the fix hook left it in the working tree
        "notelint": ("Passed", []),
    }
    assert path.read_bytes() == note().encode()
    assert head(vault, hooks) == before  # nothing committed

    second = commit(vault, hooks, "content/quoted.md")  # the user stages the fixed note
    assert (second.code, second.reports) == (0, BOTH_PASS), second.output
    assert head(vault, hooks) != before
    assert committed(vault, hooks, "content/quoted.md") == note().encode()


def test_broken_frontmatter_fails_both_hooks_and_is_never_rewritten(vault, hooks):
    write_files(vault, {"content/broken.md": BROKEN})
    before = head(vault, hooks)

    attempt = commit(vault, hooks, "content/broken.md")
    problem = (
        "content/broken.md:3:9: frontmatter-syntax mapping values are not allowed in this context"
    )
    assert attempt.code == 1, attempt.output
    assert attempt.reports == {
        "notelint fix": (
            "Failed",
            [
                "- hook id: notelint-fix",
                "- exit code: 1",
                "",
                problem,
                "Fixed 0 problems in 0 of 1 note; 1 left.",
                "",
            ],
        ),
        "notelint": (
            "Failed",
            [
                "- hook id: notelint",
                "- exit code: 1",
                "",
                problem,
                "Found 1 problem in 1 of 1 note (1 error, 0 warnings).",
                "",
            ],
        ),
    }
    assert (vault / "content" / "broken.md").read_bytes() == BROKEN.encode()
    assert head(vault, hooks) == before


def test_a_crlf_note_stays_crlf(vault, hooks):
    path = vault / "content" / "windows.md"
    write_files(vault, {"content/windows.md": QUOTED.replace("\n", "\r\n").encode()})

    first = commit(vault, hooks, "content/windows.md")
    assert first.code == 1, first.output
    assert first.reports["notelint fix"] == (
        "Failed",
        [
            "- hook id: notelint-fix",
            "- exit code: 1",
            "- files were modified by this hook",
            "",
            "content/windows.md: fixed 1 (wrong-type)",
            "Fixed 1 problem in 1 of 1 note; 0 left.",
            "",
        ],
    )
    fixed = note().replace("\n", "\r\n").encode()
    assert path.read_bytes() == fixed

    second = commit(vault, hooks, "content/windows.md")
    assert (second.code, second.reports) == (0, BOTH_PASS), second.output
    assert committed(vault, hooks, "content/windows.md") == fixed


def test_a_commit_without_notes_skips_both_hooks(vault, hooks):
    (vault / "notelint.yaml").write_text(CONTENT_SCHEMA + "rules: {dead-wikilink: error}\n")
    attempt = commit(vault, hooks, "notelint.yaml")
    skipped = ("(no files to check)Skipped", [])
    assert (attempt.code, attempt.reports) == (
        0,
        {"notelint fix": skipped, "notelint": skipped},
    ), attempt.output
