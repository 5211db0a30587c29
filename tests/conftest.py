"""Shared test helpers: real vaults on disk, and the CLI run the way a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from notelint.cli import main

CONTENT_SCHEMA = """\
type_field: type
types:
  Content:
    fields:
      already_read: {type: bool, required: true}
      link: {type: url, required: true, unique: true}
      read_priority: {type: int, min: 1, max: 5, required: true}
      relevance: {type: int, min: 0, max: 10}
      source: {type: str, required: true}
      tags: {type: list, items: {type: str, pattern: '^[A-Za-z0-9_/-]+$'}, unique_items: true}
      type: {type: str, required: true}
      upload_date: {type: date, format: '%Y-%m-%d', required: true}
    extra_fields: warn
    sections:
      - {name: Summary, level: 2, required: true}
      - {name: Links, level: 2}
      - {name: Topics, level: 2, required: true}
    extra_sections: allow
  Concept:
    paths: ['topics/**']
    fields:
      aliases: {type: list}
    extra_fields: allow
"""

GOOD_FRONTMATTER = """\
---
already_read: false
link: https://example.com/post
read_priority: 5
relevance: 0
source: Alpha Signal
tags:
- AI_agent
- Large_Language_Model
type: Content
upload_date: '2025-04-28'
---
"""

GOOD_BODY = """\

https://example.com/post

## Summary

A short summary.

## Links

- [A paper](https://example.org/paper) : why it matters.

## Topics

![[topics/Concept/Superposition]]
"""


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(
                textwrap.dedent(content) if content.startswith("\n") else content, encoding="utf-8"
            )
    return root


@pytest.fixture
def make_vault(tmp_path: Path) -> Callable[..., Path]:
    """A vault on disk: {relative path: text or bytes}, with notelint.yaml when `config`."""

    def make(files: dict[str, str | bytes], config: str | None = CONTENT_SCHEMA) -> Path:
        root = tmp_path / "vault"
        root.mkdir(exist_ok=True)
        if config is not None:
            (root / "notelint.yaml").write_text(config, encoding="utf-8")
        return write_files(root, files)

    return make


def is_layout(line: str) -> bool:
    """A not-canonical line: the rule tables of other rules leave layout to its own table."""
    return ": not-canonical " in line


def check_in_folder(
    root: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """`notelint check ARGS` in-process, run from inside `root`: (exit code, stdout, stderr)."""
    previous = Path.cwd()
    os.chdir(root)
    try:
        code = main(["check", "--color", "never", *args])
    finally:
        os.chdir(previous)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def imported_by(
    root: Path, args: list[str], modules: list[str], stdin: str = ""
) -> tuple[int, list[str]]:
    """`notelint ARGS` in a fresh interpreter, run from inside `root`: its exit code, and which
    of `modules` it imported (what a run does not import, it does not pay for)."""
    probe = (
        "import sys; from notelint.cli import main; code = main(sys.argv[1:]);"
        f" print(code, *[name for name in {modules!r} if name in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *args],
        cwd=root,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    code, *imported = done.stdout.splitlines()[-1].split()
    return int(code), imported


@pytest.fixture
def lint(capsys: pytest.CaptureFixture[str]) -> Callable[..., list[str]]:
    """Run `notelint check` from inside the vault; the diagnostic lines, without the summary
    and without layout warnings (not-canonical has its own table). A run that fails (exit 2,
    anything on stderr) fails the test."""

    def run(root: Path, *args: str) -> list[str]:
        code, out, err = check_in_folder(root, capsys, *args)
        errors = [line for line in err.splitlines() if "no notelint.yaml or .obsidian/" not in line]
        assert code in (0, 1) and not errors, err
        lines = out.splitlines()
        assert lines and lines[-1].startswith(("Found ", "All checks passed")), lines
        return [line for line in lines[:-1] if not is_layout(line)]

    return run


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "NOTELINT_CACHE_DIR", "NOTELINT_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    yield


GOOD_YAML = GOOD_FRONTMATTER.removeprefix("---\n").removesuffix("---\n")
TOPIC = "# Superposition\n\n## History\n\nOne idea. ^core-idea\n"
BASE_FILES = {"topics/Concept/Superposition.md": TOPIC}


def note(yaml: str = GOOD_YAML, body: str = GOOD_BODY) -> str:
    """A Content note: the given frontmatter lines between --- lines, then the body."""
    return f"---\n{yaml}---\n{body}"


@pytest.fixture
def check_files(
    make_vault: Callable[..., Path], lint: Callable[..., list[str]]
) -> Callable[..., list[str]]:
    """Lint a vault made of BASE_FILES plus `files`, with the Content schema (or `config`)."""

    def run(files: dict[str, str | bytes], config: str | None = CONTENT_SCHEMA) -> list[str]:
        return lint(make_vault({**BASE_FILES, **files}, config))

    return run


def rule_docstring(rule_id: str) -> str:
    """A rule's documentation as its source file has it, read apart from notelint's own way
    of finding it (`rule.documentation`, which a compiled build sends to the same file)."""
    import ast

    import notelint.rules

    source = Path(notelint.rules.__file__).with_name(rule_id.replace("-", "_") + ".py")
    found = ast.get_docstring(ast.parse(source.read_text(encoding="utf-8")))
    assert found, source
    return found


def clean_git_environment() -> dict[str, str]:
    """This environment without GIT_DIR & co. (an outer git hook's) and without a global or
    system git config: a global core.hooksPath makes `pre-commit install` refuse, autocrlf
    would rewrite CRLF notes, gpgsign would ask for a key."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return env
