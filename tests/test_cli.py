"""The CLI as users run it: real subprocesses of the installed command, exact output, exit codes."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

import notelint as notelint_package
from notelint import __version__
from notelint.rules import RULES
from tests.conftest import BASE_FILES, CONTENT_SCHEMA, note, write_files


def notelint(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR")
    }
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "notelint", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    write_files(root, {**BASE_FILES, "notelint.yaml": CONTENT_SCHEMA, "good.md": note()})
    return root


def _expected_version() -> str:
    """What --version should say, the build told by the package's files: the compiled build
    has an extension module beside each compiled one's source."""
    package = Path(notelint_package.__file__).parent
    compiled = any(package.glob("markdown.*.so")) or any(package.glob("markdown.*.pyd"))
    build = "compiled with mypyc" if compiled else "pure Python"
    python = f"{platform.python_implementation()} {platform.python_version()}"
    return f"notelint {__version__} ({build}, {python})\n"


def test_version_names_the_build(tmp_path):
    result = notelint("--version", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, _expected_version(), "")


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["check", "--help"]])
def test_version_and_help_import_only_the_parser(tmp_path, argv):
    # Editors ask for --version at start-up: it must not pay for the config, cache and vault.
    code = (
        "import sys; from notelint.cli import main; main(" + repr(argv) + ");"
        " print(sorted(m for m in sys.modules if m.startswith('notelint')),"
        " 'dataclasses' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stderr == "['notelint', 'notelint.cli', 'notelint.formats'] False\n"


def test_the_console_script_is_installed(tmp_path):
    script = Path(sys.executable).parent / "notelint"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False)
    assert result.stdout == _expected_version()


@pytest.mark.parametrize("args", [["check", "--color", "never"], ["check", "--help"]])
def test_what_the_command_prints_arrives_whole(vault, args):
    """The command exits without the interpreter's teardown: what it printed must still be
    flushed from Python's buffers, into a pipe it fills many times over (a report), or after
    argparse printed and exited (help). PYTHONUNBUFFERED would hide a loss."""
    for index in range(400):
        (vault / f"n{index:03}.md").write_text(f"see [[missing {index} with a long name]]\n" * 5)
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    result = subprocess.run(
        [sys.executable, "-m", "notelint", *args],
        cwd=vault,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()
    assert result.returncode == 0  # warnings alone
    if "--help" in args:
        assert lines[0].startswith("usage: notelint check") and "--no-cache" in result.stdout
    else:
        assert len(lines) == 2001 and len(result.stdout) > 200_000
        assert lines[-1] == "Found 2,000 problems in 400 of 402 notes (0 errors, 2,000 warnings)."


@pytest.mark.parametrize(
    ("where", "shown"),
    [
        (".", "sub/deep/bad.md"),
        ("sub", "deep/bad.md"),
        ("sub/deep", "bad.md"),
        ("other", "../sub/deep/bad.md"),
        ("..", "vault/sub/deep/bad.md"),
    ],
)
def test_paths_are_shown_relative_to_the_working_folder(vault, where, shown):
    (vault / "sub" / "deep").mkdir(parents=True)
    (vault / "other").mkdir()
    (vault / "sub" / "deep" / "bad.md").write_text(note(body="\n## Summary\n\n[[Nowhere]]\n"))
    result = notelint("check", str(vault), "--output-format", "concise", cwd=vault / where)
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:-1]] == [shown] * 3


def test_clean_vault_exits_0_with_a_summary(vault):
    result = notelint("check", cwd=vault)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "All checks passed (2 notes).\n",
        "",
    )


def test_errors_exit_1_with_gcc_style_lines_and_summary(vault):
    (vault / "bad.md").write_text(note(body="\n## Summary\n\n![[Gone]]\n[[Nowhere]]\n"))
    result = notelint("check", cwd=vault)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "bad.md:16:1: dead-transclusion ![[Gone]] does not resolve: no file named 'Gone.md' in the vault",
        "bad.md:17:1: dead-wikilink [[Nowhere]] does not resolve: no file named 'Nowhere.md' in the vault",
        "bad.md:17:1: missing-section missing section '## Topics' (Content notes need it);"
        " it belongs at the end of the note",
        "good.md:3:1: duplicate-value link 'https://example.com/post' is already used by bad.md",
        "Found 4 problems in 2 of 3 notes (3 errors, 1 warning).",
    ]


def test_warnings_alone_exit_0_unless_strict(vault):
    (vault / "good.md").write_text(note(body=note().split("---\n", 2)[2] + "\n[[Nowhere]]\n"))
    assert notelint("check", cwd=vault).returncode == 0
    strict = notelint("check", "--strict", cwd=vault)
    assert strict.returncode == 1
    assert strict.stdout.endswith("Found 1 problem in 1 of 2 notes (0 errors, 1 warning).\n")


def test_usage_errors_exit_2(vault):
    missing = notelint("check", "nope.md", cwd=vault)
    assert (missing.returncode, missing.stderr) == (2, "notelint: error: path not found: nope.md\n")
    assert notelint("check", "--bogus", cwd=vault).returncode == 2
    assert notelint(cwd=vault).returncode == 2


def test_a_path_outside_the_vault_is_a_usage_error(vault, tmp_path):
    (tmp_path / "stray.md").write_text("x\n")
    result = notelint("check", "--config", "vault/notelint.yaml", "stray.md", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr
        == f"notelint: error: stray.md is outside the vault {vault} (the folder holding notelint.yaml)\n"
    )


def test_json_paths_are_relative_to_the_current_folder(vault):
    (vault / "sub").mkdir()
    (vault / "sub" / "x.md").write_text("![[Gone]]\n")
    result = notelint("check", "--output-format", "json", "vault", cwd=vault.parent)
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {
            "path": "vault/sub/x.md",
            "line": 1,
            "column": 1,
            "end_line": 1,
            "end_column": 10,
            "rule": "dead-transclusion",
            "severity": "error",
            "message": "![[Gone]] does not resolve: no file named 'Gone.md' in the vault",
            "fixable": False,
            "fix": None,
        }
    ]
    assert notelint("check", "--format", "json", cwd=vault).stdout.startswith("[\n  {")


def test_github_annotations_and_auto_selection(vault):
    (vault / "x.md").write_text("100% [[Nowhere]], really\n![[Gone]]\n")
    expected = (
        "::warning file=x.md,line=1,col=6,endLine=1,endColumn=17,title=notelint (dead-wikilink)::"
        "[[Nowhere]] does not resolve: no file named 'Nowhere.md' in the vault\n"
        "::error file=x.md,line=2,col=1,endLine=2,endColumn=10,title=notelint (dead-transclusion)::"
        "![[Gone]] does not resolve: no file named 'Gone.md' in the vault\n"
    )
    assert notelint("check", "--format", "github", "x.md", cwd=vault).stdout == expected
    assert notelint("check", "x.md", cwd=vault, env={"GITHUB_ACTIONS": "true"}).stdout == expected


def test_colour_only_when_asked_or_on_a_terminal(vault):
    (vault / "x.md").write_text("![[Gone]]\n")
    assert "\x1b[" not in notelint("check", cwd=vault).stdout  # a pipe is not a terminal
    assert (
        "\x1b[31mdead-transclusion\x1b[0m"
        in notelint("check", cwd=vault, env={"FORCE_COLOR": "1"}).stdout
    )
    assert (
        "\x1b["
        not in notelint("check", cwd=vault, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    )
    assert "\x1b[" in notelint("check", "--color", "always", cwd=vault).stdout


def test_file_names_and_messages_are_escaped(vault):
    (vault / "evil\x1b[2J.md").write_text("![[Go\x07ne\x1b]]\n")
    result = notelint("check", cwd=vault)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert (
        "evil\\x1b[2J.md:1:1: dead-transclusion ![[Go\\x07ne\\x1b]] does not resolve"
        in result.stdout
    )


def test_default_path_is_the_current_folder(vault):
    (vault / "sub").mkdir()
    (vault / "sub" / "x.md").write_text("![[Gone]]\n")
    result = notelint("check", cwd=vault / "sub")
    assert result.stdout.splitlines()[0].startswith("x.md:1:1: dead-transclusion")


def test_a_folder_named_takes_the_notes_under_it_and_no_neighbour(vault):
    # Names that sort next to "sub/": "-", "." and "0" sit either side of "/"
    names = ["sub-a/n.md", "sub.b/n.md", "sub/n.md", "sub/inner/n.md", "sub0/n.md", "subway.md"]
    write_files(vault, {name: "![[Gone]]\n" for name in names})
    result = notelint("check", "sub", cwd=vault)
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:-1]] == [
        "sub/inner/n.md",
        "sub/n.md",
    ]
    assert result.stdout.splitlines()[-1].startswith("Found 2 problems in 2 of 2 notes")


def test_rules_lists_every_rule(tmp_path):
    result = notelint("rules", cwd=tmp_path)
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == [rule.ID for rule in RULES]
    assert "dead-wikilink       warning" in result.stdout


@pytest.mark.parametrize("rule", [rule.ID for rule in RULES])
def test_explain_prints_the_rule_with_examples(tmp_path, rule):
    result = notelint("explain", rule, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith(f"{rule} (")
    assert "\nBad:\n" in result.stdout and "\nGood:\n" in result.stdout


def test_explain_unknown_rule(tmp_path):
    result = notelint("explain", "dead-links", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr
        == "notelint: error: unknown rule 'dead-links'; did you mean dead-link, dead-wikilink?\n"
    )


def test_the_bundled_example_vault_shows_what_readme_shows():
    repo = Path(__file__).resolve().parent.parent
    readme = (repo / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ notelint check examples/vault\n", 1)[1].split("```", 1)[0]
    result = notelint("check", "examples/vault", cwd=repo)
    assert result.returncode == 1
    assert result.stdout == shown
