"""Choosing rules: --select, --extend-select and --ignore on check and fix, per-file-ignores in
the config, and `rules` / `explain` as JSON. Exact output of real runs on vaults on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from notelint.check import rules_for
from notelint.cli import main
from notelint.config import load_config, make_project
from notelint.rule import documentation
from notelint.rules import RULES, RULES_BY_ID
from tests.conftest import BASE_FILES, CONTENT_SCHEMA, GOOD_YAML, note, rule_docstring, write_files

WIKILINK = (
    "a.md:1:1: dead-wikilink [[Nowhere]] does not resolve: no file named 'Nowhere.md' in the vault"
)
EMBED = (
    "a.md:2:1: dead-transclusion ![[Gone]] does not resolve: no file named 'Gone.md' in the vault"
)
LINK = "a.md:3:1: dead-link [x](gone.md) does not resolve: no file 'gone.md' in the vault"
A_NOTE = "[[Nowhere]]\n![[Gone]]\n[x](gone.md)\n"


def notelint(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`notelint ARGS` in-process, run from inside `root`: (exit code, stdout, stderr)."""
    previous = Path.cwd()
    os.chdir(root)
    try:
        code = main(list(args))
    finally:
        os.chdir(previous)
    out, err = capsys.readouterr()
    return code, out, err


def lines(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    """The output lines of a `check` run that worked."""
    code, out, err = notelint(root, capsys, "check", "--color", "never", *args)
    assert code in (0, 1) and err == "", err
    return out.splitlines()


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """One note with a dead wikilink (a warning), a dead embed and a dead Markdown link."""
    return write_files(tmp_path / "vault", {"notelint.yaml": "rules: {}\n", "a.md": A_NOTE})


SELECTIONS = [
    ("no selection: the config's rules", [], [WIKILINK, EMBED, LINK]),
    ("--select replaces them", ["--select", "dead-link"], [LINK]),
    (
        "comma-separated and repeatable",
        ["--select", "dead-link, dead-wikilink", "--select", "dead-transclusion"],
        [WIKILINK, EMBED, LINK],
    ),
    (
        "--extend-select adds",
        ["--select", "dead-link", "--extend-select", "dead-wikilink"],
        [WIKILINK, LINK],
    ),
    ("--ignore removes", ["--ignore", "dead-link,dead-wikilink"], [EMBED]),
    (
        "--ignore comes last",
        ["--extend-select", "dead-link", "--ignore", "dead-link"],
        [WIKILINK, EMBED],
    ),
    ("ALL", ["--select", "ALL", "--ignore", "dead-transclusion"], [WIKILINK, LINK]),
    ("a name beats ALL", ["--ignore", "ALL", "--extend-select", "dead-link"], [LINK]),
    ("ignore wins at one level", ["--select", "dead-link", "--ignore", "dead-link"], []),
]


@pytest.mark.parametrize(
    ("args", "expected"), [c[1:] for c in SELECTIONS], ids=[c[0] for c in SELECTIONS]
)
def test_selection(vault, capsys, args, expected):
    found = lines(vault, capsys, "--no-cache", *args)
    assert found[:-1] == expected


def test_a_rule_the_config_turns_off_runs_at_its_default_severity_when_chosen(vault, capsys):
    (vault / "notelint.yaml").write_text(
        "rules:\n  dead-transclusion: off\n  dead-wikilink: error\n  dead-link: off\n"
    )
    assert lines(vault, capsys) == [
        WIKILINK,
        "Found 1 problem in 1 of 1 note (1 error, 0 warnings).",
    ]
    assert lines(vault, capsys, "--extend-select", "dead-transclusion") == [
        WIKILINK,
        EMBED,
        "Found 2 problems in 1 of 1 note (2 errors, 0 warnings).",
    ]
    # --select replaces the config's choice, as in ruff: ALL is every rule; a severity the
    # config sets still holds (dead-wikilink stays an error).
    assert lines(vault, capsys, "--select", "ALL")[-1] == (
        "Found 3 problems in 1 of 1 note (3 errors, 0 warnings)."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["check", "--select", "dead-links"],
            "--select: unknown rule 'dead-links'; did you mean dead-link, dead-wikilink?",
        ),
        (
            ["check", "--extend-select", "dead-link,frobnicate"],
            "--extend-select: unknown rule 'frobnicate'; see `notelint rules`",
        ),
        (["fix", "--ignore", "all"], "--ignore: unknown rule 'all'; did you mean ALL?"),
        (
            ["fix", "-", "--stdin-filename", "a.md", "--select", "Dead-Link"],
            "--select: unknown rule 'Dead-Link'; did you mean dead-link, dead-wikilink, dead-anchor?",
        ),
        (
            ["check", "nope.md", "--select", "nope"],  # the options are checked before the paths
            "--select: unknown rule 'nope'; see `notelint rules`",
        ),
    ],
)
def test_an_unknown_rule_is_a_usage_error(vault, args, message):
    result = run_cli(vault, *args)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"notelint: error: {message}\n",
    )


def run_cli(cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The real command, in a subprocess."""
    command = [sys.executable, "-m", "notelint", *args]
    return subprocess.run(
        command, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "runs",
    [
        [["--select", "dead-link"], [], ["--ignore", "dead-wikilink"], ["--select", "dead-link"]],
        [[], ["--ignore", "ALL"], [], ["--extend-select", "dead-link"]],
    ],
)
def test_a_cached_run_never_serves_another_selection(vault, capsys, runs):
    (vault / "notelint.yaml").write_text("rules:\n  dead-link: off\n")
    for args in runs:
        assert lines(vault, capsys, *args) == lines(vault, capsys, "--no-cache", *args), args
    assert (vault / ".notelint_cache").is_dir()


@pytest.fixture
def content_vault(tmp_path: Path) -> Path:
    """A Content note with two safe fixes: a quoted int (wrong-type), a slashed date (bad-date)."""
    yaml = GOOD_YAML.replace("read_priority: 5", "read_priority: '5'").replace(
        "'2025-04-28'", "2025/04/28"
    )
    files = {**BASE_FILES, "notelint.yaml": CONTENT_SCHEMA, "a.md": note(yaml)}
    return write_files(tmp_path / "vault", files)


FIXES = [
    (["--select", "wrong-type"], "wrong-type", ("read_priority: 5\n", "2025/04/28")),
    (["--ignore", "wrong-type"], "bad-date", ("read_priority: '5'\n", "'2025-04-28'")),
]


@pytest.mark.parametrize(("args", "rule", "kept"), FIXES, ids=[f[1] for f in FIXES])
def test_fix_applies_only_the_fixes_of_chosen_rules(content_vault, capsys, args, rule, kept):
    code, out, err = notelint(content_vault, capsys, "fix", "--color", "never", *args)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"a.md: fixed 1 ({rule})",
        "Fixed 1 problem in 1 of 2 notes; 0 left.",
    ]
    text = (content_vault / "a.md").read_text()
    assert all(part in text for part in kept)


def test_fix_on_stdin_applies_only_the_fixes_of_chosen_rules(content_vault):
    original = (content_vault / "a.md").read_text()
    args = ("fix", "-", "--stdin-filename", "a.md", "--select", "bad-date,dead-link")
    result = run_cli(content_vault, *args, stdin=original)
    assert result.returncode == 1
    assert result.stdout == original.replace("2025/04/28", "'2025-04-28'")
    assert result.stderr == ""


def test_per_file_ignores(tmp_path, capsys):
    config = (
        "per-file-ignores:\n"
        "  'archive/**': [dead-wikilink, unreadable-file]\n"
        "  '*.draft.md': [ALL]   # anywhere in the vault, as in .gitignore\n"
        "  /a.md: [dead-link]     # only the one at the root\n"
    )
    files = {
        "notelint.yaml": config,
        "a.md": A_NOTE,
        "sub/a.md": A_NOTE,
        "archive/old.md": A_NOTE,
        "archive/scan.md": b"\x00\x01binary",
        "sub/idea.draft.md": A_NOTE,
    }
    root = write_files(tmp_path / "vault", files)
    found = lines(root, capsys)
    assert found == [
        WIKILINK,
        EMBED,
        EMBED.replace("a.md", "archive/old.md"),
        LINK.replace("a.md", "archive/old.md"),
        WIKILINK.replace("a.md", "sub/a.md"),
        EMBED.replace("a.md", "sub/a.md"),
        LINK.replace("a.md", "sub/a.md"),
        "Found 7 problems in 3 of 5 notes (5 errors, 2 warnings).",
    ]
    # The command line chooses among what the config leaves to each note.
    assert lines(root, capsys, "--select", "dead-link,unreadable-file") == [
        LINK.replace("a.md", "archive/old.md"),
        LINK.replace("a.md", "sub/a.md"),
        "Found 2 problems in 2 of 5 notes (2 errors, 0 warnings).",
    ]


def test_per_file_ignores_in_pyproject_with_the_snake_case_key(tmp_path, capsys):
    config = '[tool.notelint]\nper_file_ignores = {"a.md" = ["dead-link", "dead-wikilink"]}\n'
    root = write_files(tmp_path / "vault", {"pyproject.toml": config, "a.md": A_NOTE})
    assert lines(root, capsys) == [EMBED, "Found 1 problem in 1 of 1 note (1 error, 0 warnings)."]


def test_fix_leaves_what_per_file_ignores_turns_off(content_vault, capsys):
    config = CONTENT_SCHEMA + "per-file-ignores:\n  '*.md': [bad-date]\n"
    (content_vault / "notelint.yaml").write_text(config)
    code, out, _ = notelint(content_vault, capsys, "fix", "--color", "never")
    assert (code, out.splitlines()) == (
        1,
        ["a.md: fixed 1 (wrong-type)", "Fixed 1 problem in 1 of 2 notes; 0 left."],
    )
    assert "upload_date: 2025/04/28\n" in (content_vault / "a.md").read_text()


def test_editing_per_file_ignores_is_seen_by_a_cached_run(vault, capsys):
    assert lines(vault, capsys)[:-1] == [WIKILINK, EMBED, LINK]
    (vault / "notelint.yaml").write_text("per-file-ignores: {a.md: [dead-transclusion]}\n")
    assert lines(vault, capsys)[:-1] == [WIKILINK, LINK]


def test_rules_for_a_note(tmp_path):
    """What other code asks (suppressions, for one): the rules that run on a note."""
    config = "rules: {dead-link: off}\nper-file-ignores: {'archive/**': [dead-wikilink]}\n"
    path = write_files(tmp_path, {"notelint.yaml": config}) / "notelint.yaml"
    project = make_project(load_config(path), path, tmp_path)
    ids = {rule.ID for rule in RULES}
    assert {rule.ID for rule in rules_for(project, "a.md")} == ids - {"dead-link"}
    assert {rule.ID for rule in rules_for(project, "archive/x.md")} == ids - {
        "dead-link",
        "dead-wikilink",
    }


BAD_CONFIGS = [
    (
        "unknown rule",
        "rules: {}\nper-file-ignores:\n  '*.draft.md': [dead-link, dead-links]\n",
        "notelint.yaml:3:3: per-file-ignores.*.draft.md: unknown rule 'dead-links';"
        " did you mean dead-link, dead-wikilink?",
    ),
    (
        "unknown rule, snake_case key",
        "per_file_ignores:\n  archive/**: [all]\n",
        "notelint.yaml:2:3: per_file_ignores.archive/**: unknown rule 'all'; did you mean ALL?",
    ),
    (
        "both spellings",
        "per_file_ignores: {}\ntypes: {}\nper-file-ignores: {}\n",
        "notelint.yaml:3:1: per-file-ignores: the same setting as per_file_ignores (line 1);"
        " write one of them",
    ),
    (
        "not a list",
        "per-file-ignores:\n  archive/**: dead-link\n",
        "notelint.yaml:2:3: per-file-ignores.archive/**: expected a list, found 'dead-link'",
    ),
    (
        "not a mapping",
        "per-file-ignores: [archive/**]\n",
        "notelint.yaml:1:1: per-file-ignores: expected a mapping, found ['archive/**']",
    ),
    (
        "in pyproject.toml",
        '[tool.notelint]\ntype_field = "kind"\n\n[tool.notelint.per-file-ignores]\n'
        '"archive/**" = ["dead-wikilnk"]\n',
        "pyproject.toml:5:1: per-file-ignores.archive/**: unknown rule 'dead-wikilnk';"
        " did you mean dead-wikilink, dead-link?",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in BAD_CONFIGS], ids=[c[0] for c in BAD_CONFIGS]
)
def test_bad_per_file_ignores_exit_2_with_a_located_message(tmp_path, capsys, text, expected):
    name = expected.split(":", 1)[0]
    write_files(tmp_path, {name: text, "a.md": "# A\n"})
    code, out, err = notelint(tmp_path, capsys, "check")
    assert (code, out, err) == (2, "", f"notelint: error: {tmp_path / expected}\n")


def test_rules_as_json_is_the_text_listing_as_data(tmp_path, capsys):
    code, out, _ = notelint(tmp_path, capsys, "rules", "--format", "json")
    listed = json.loads(out)
    assert code == 0
    assert listed[RULES.index(RULES_BY_ID["dead-wikilink"])] == {
        "id": "dead-wikilink",
        "severity": "warning",
        "fixable": True,
        "summary": "A wikilink (`[[...]]`) that resolves to no file in the vault.",
    }
    _, text, _ = notelint(tmp_path, capsys, "rules")
    width = max(len(rule.ID) for rule in RULES)
    assert text.splitlines() == [
        f"{r['id']:<{width}}  {r['severity']:<7}  {'fixable' if r['fixable'] else '':<7}  {r['summary']}"
        for r in listed
    ]


def test_explain_as_json(tmp_path):
    result = run_cli(tmp_path, "explain", "out-of-range", "--format", "json")
    assert result.returncode == 0
    explained = json.loads(result.stdout)
    assert explained == {
        "id": "out-of-range",
        "severity": "error",
        "fixable": False,
        "summary": "Numbers stay inside the schema's `min` and `max`, and lists have between"
        " `min_items` and `max_items` items.",
        "documentation": rule_docstring("out-of-range"),
        "examples": {
            "schema": "read_priority: {type: int, min: 1, max: 5}\ntags: {type: list, min_items: 1}",
            "bad": "read_priority: 9\ntags: []",
            "good": "read_priority: 4\ntags: [ai]",
        },
    }


@pytest.mark.parametrize("rule", RULES, ids=[rule.ID for rule in RULES])
def test_explain_json_holds_what_the_text_shows(tmp_path, capsys, rule):
    _, text, _ = notelint(tmp_path, capsys, "explain", rule.ID)
    _, out, _ = notelint(tmp_path, capsys, "explain", rule.ID, "--output-format", "json")
    explained = json.loads(out)
    assert text.split("\n\n", 1)[1] == explained["documentation"] + "\n"
    examples = explained["examples"]
    assert examples is not None  # every rule's examples split out
    assert examples["bad"] and examples["good"] and examples["bad"] != examples["good"]
    assert f"Bad:\n    {examples['bad'].splitlines()[0]}" in text


def test_the_readme_example_shows_what_notelint_prints():
    repo = Path(__file__).resolve().parent.parent
    readme = (repo / "README.md").read_text(encoding="utf-8")
    command = "notelint check --select dead-wikilink,dead-anchor examples/vault"
    shown = readme.split(f"$ {command}\n", 1)[1].split("$ ", 1)[0]
    result = run_cli(repo, *command.split()[1:], "--no-cache")
    assert (result.returncode, result.stdout) == (1, shown)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.ID)
def test_each_rule_is_documented_by_its_module_docstring(rule):
    assert documentation(rule) == rule_docstring(rule.ID)
    assert "\nBad:\n" in documentation(rule)


def test_a_compiled_rule_module_is_documented_from_its_source(tmp_path):
    """A module compiled with mypyc keeps no docstring: it is read from the `.py` beside it."""
    (tmp_path / "demo_rule.py").write_text(
        '"""Notes must do X.\n\nBad:\n    y\n"""\n\nID = "demo"\n'
    )
    compiled = ModuleType("demo_rule")  # what importing the extension module gives
    compiled.__file__ = str(tmp_path / "demo_rule.cpython-311-x86_64-linux-gnu.so")
    assert compiled.__doc__ is None
    assert documentation(compiled) == "Notes must do X.\n\nBad:\n    y"
