"""Hostile and edge inputs (RELIABILITY.md §6, rows F1-F14, Y1-Y21, B1-B14, S1-S20, and the
scanner guard of §3.5): what `notelint check` does with each.

Every run here checks the same contract, whatever the input:
- no traceback and no hang: exit code 0, 1 or 2 (130 after Ctrl-C), nothing on stderr that
  says "internal error";
- check never writes: every file and folder of the vault keeps its bytes, mode, owner, inode
  and mtime (the vault's mtimes are set to a fixed past time first, so any write shows);
- the diagnostics are the exact `path:line:col: rule message` lines a user sees, and the same
  lines and columns for the LF, CRLF and UTF-8-BOM variants of a text.

Inputs that could hang or that are large run `python -m notelint check` in a subprocess with a
60 s timeout: a resource guard, not a timing assertion. `notelint fix` does not exist yet
(issue 3): rows about writing are tested here for what check does with the same input, and
marked `# fix side: issue 3`.
"""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import notelint.cli
import notelint.run
from notelint.cache import CACHE_DIR_NAME
from notelint.cli import main
from notelint.files import Decoded, ReadFailure, read_note
from notelint.rules import RULES
from tests.conftest import (
    BASE_FILES,
    CONTENT_SCHEMA,
    GOOD_YAML,
    check_in_folder,
    is_layout,
    note,
)

GENERIC = ""  # an empty notelint.yaml: the vault root is fixed, only the generic rules run
BOM = b"\xef\xbb\xbf"
VARIANTS = ("lf", "crlf", "bom")
TIMEOUT = 60  # seconds; a guard against hangs, far above what any input here should take
OLD = 1_000_000_000 * 1_000_000_000  # 2001-09-09, in ns: set on every file before a run
WARNINGS = {rule.ID for rule in RULES if rule.SEVERITY == "warning"}
_TYPE_T = "types:\n  T:\n    fields:\n"


def encode(text: str, variant: str) -> bytes:
    """The LF text as a note in one of the three encodings every text test runs in."""
    if variant == "crlf":
        return text.replace("\n", "\r\n").encode()
    if variant == "bom":
        return BOM + text.encode()
    return text.encode()


def dead(name: str, line: int, column: int, path: str = "note.md") -> str:
    return (
        f"{path}:{line}:{column}: dead-wikilink [[{name}]] does not resolve:"
        f" no file named '{name}.md' in the vault"
    )


def syntax(line: int, column: int, message: str, path: str = "note.md") -> str:
    return f"{path}:{line}:{column}: frontmatter-syntax {message}"


def duplicate(key: str, line: int, first: int, path: str = "note.md") -> str:
    return f"{path}:{line}:1: duplicate-key duplicate key {key!r} (first on line {first})"


def unreadable(message: str, path: str = "note.md") -> str:
    return f"{path}:1:1: unreadable-file {message}"


NEVER_CLOSED = "frontmatter opened on line 1 is never closed by a '---' line"
ALIASES = "YAML anchors and aliases are not supported in frontmatter"


# --- running check ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    code: int
    lines: list[str]  # the diagnostic lines, without the summary
    stdout: str
    stderr: str


def diagnostic_lines(stdout: str) -> list[str]:
    # split("\n"), not splitlines(): a U+2028 inside a message must not make two lines here.
    return [
        line
        for line in stdout.split("\n")
        if line and not line.startswith(("Found ", "All checks passed")) and not is_layout(line)
    ]


def expected_code(lines: list[str]) -> int:
    rules = {line.split(": ", 1)[1].split(" ", 1)[0] for line in lines}
    return 1 if rules - WARNINGS else 0


def expect(outcome: Outcome, *lines: str) -> None:
    """Exactly these diagnostic lines, and the exit code they call for."""
    assert (outcome.code, outcome.lines) == (expected_code(list(lines)), list(lines))


def assert_no_crash(outcome: Outcome) -> None:
    assert outcome.code in (0, 1, 2), outcome
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert "internal error" not in outcome.stderr, outcome.stderr


def _entries(root: Path) -> Iterator[Path]:
    """Everything in the vault but the cache folder, the one thing check may write."""
    yield root
    for folder, folders, files in os.walk(root):
        if folder == str(root) and CACHE_DIR_NAME in folders:
            folders.remove(CACHE_DIR_NAME)
        for name in sorted(folders + files):
            yield Path(folder, name)


def age(root: Path) -> None:
    """Give everything in the vault an old mtime, so that a write during check shows."""
    for path in sorted(_entries(root), reverse=True):  # children before their folder
        os.utime(path, ns=(OLD, OLD), follow_symlinks=False)


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Everything check must leave alone: content, link target, mode, owner, inode, mtime."""
    state: dict[str, tuple[object, ...]] = {}
    for path in _entries(root):
        info = path.lstat()
        if stat.S_ISREG(info.st_mode):
            content: object = path.read_bytes()
        elif stat.S_ISLNK(info.st_mode):
            content = os.readlink(path)
        elif stat.S_ISDIR(info.st_mode):
            # Its entries, not its mtime and link count: the cache folder's coming changes those.
            listing = sorted(set(os.listdir(path)) - {CACHE_DIR_NAME})
            state[str(path.relative_to(root))] = (listing, info.st_mode, info.st_ino)
            continue
        else:
            content = None  # a FIFO
        state[str(path.relative_to(root))] = (
            content,
            info.st_mode,
            info.st_uid,
            info.st_gid,
            info.st_ino,
            info.st_nlink,
            info.st_size,
            info.st_mtime_ns,
        )
    return state


@pytest.fixture
def check_in(capsys: pytest.CaptureFixture[str]) -> Callable[..., Outcome]:
    """`notelint check ARGS` in-process from inside `root`; asserts no crash and no write."""

    def run(root: Path, *args: str) -> Outcome:
        age(root)
        before = snapshot(root)
        code, out, err = check_in_folder(root, capsys, *args)
        outcome = Outcome(code, diagnostic_lines(out), out, err)
        assert_no_crash(outcome)
        assert snapshot(root) == before, "check changed the vault"
        return outcome

    return run


@pytest.fixture
def check(
    make_vault: Callable[..., Path], check_in: Callable[..., Outcome]
) -> Callable[..., Outcome]:
    """Make a vault of `files` (with `config` as notelint.yaml) and check it."""

    def run(files: dict[str, str | bytes], *args: str, config: str = GENERIC) -> Outcome:
        return check_in(make_vault(files, config), *args)

    return run


def _environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR")
    }
    environment.update(extra or {})
    return environment


def run_process(
    root: Path,
    *args: str,
    env: dict[str, str] | None = None,
    command: tuple[str, ...] = ("-m", "notelint"),
    **options: object,
) -> Outcome:
    """`python -m notelint check ARGS` as a real process from inside `root`, with a timeout."""
    result = subprocess.run(
        [sys.executable, *command, "check", "--color", "never", *args],
        cwd=root,
        env=_environment(env),
        capture_output="stdout" not in options,
        timeout=TIMEOUT,
        check=False,
        **options,  # type: ignore[call-overload]
    )
    out = result.stdout.decode("utf-8") if result.stdout is not None else ""
    err = result.stderr.decode("utf-8") if result.stderr is not None else ""
    return Outcome(result.returncode, diagnostic_lines(out), out, err)


@pytest.fixture
def check_process() -> Callable[..., Outcome]:
    """Like `check_in`, but in a subprocess: for inputs that could hang or are large."""

    def run(root: Path, *args: str, **options: object) -> Outcome:
        age(root)
        before = snapshot(root)
        outcome = run_process(root, *args, **options)  # type: ignore[arg-type]
        assert_no_crash(outcome)
        assert snapshot(root) == before, "check changed the vault"
        return outcome

    return run


# --- Frontmatter boundaries and encoding (F1-F14) ---------------------------------------------
# F5 (CRLF) and F7 (a BOM before `---`) are every text test's CRLF and BOM variants.

FRONTMATTER = [
    pytest.param(
        "---\ntitle: A\n\nBody [[gone]]\n",
        [syntax(1, 1, NEVER_CLOSED), dead("gone", 4, 6)],
        id="F1-never-closed",
    ),
    pytest.param(
        "---\nsome text\n\nkey: value\n---\n[[gone]]\n",
        [syntax(4, 4, "mapping values are not allowed in this context"), dead("gone", 6, 1)],
        id="F2-prose-then-key",
    ),
    pytest.param(
        "---\n\nJust a paragraph under a thematic break.\n\n---\n[[gone]]\n",
        [
            syntax(3, 1, "frontmatter must be a mapping of keys to values, found a single value"),
            dead("gone", 6, 1),
        ],
        id="F2-thematic-break",
    ),
    pytest.param(
        "---\nnote: |\n  ---\n  not a delimiter\nsummary: a long\n  ---\n  value\n"
        "tags: [a]\ntags: [b]\n---\n[[gone]]\n",
        [duplicate("tags", 9, 8), dead("gone", 11, 1)],
        id="F3-indented-delimiters",
    ),
    pytest.param(
        "---\ntitle: x\n---\nIntro\n\n---\n\nMore text\n\n---\n\n[[gone]]\n",
        [dead("gone", 12, 1)],
        id="F4-thematic-breaks-in-body",
    ),
    pytest.param("---\n---\n[[gone]]\n", [dead("gone", 3, 1)], id="F10-empty"),
    pytest.param("---\n\n---\n[[gone]]\n", [dead("gone", 4, 1)], id="F10-blank"),
    pytest.param("---\n# a comment\n---\n[[gone]]\n", [dead("gone", 4, 1)], id="F10-comment"),
    pytest.param(
        "---\n- a\n- b\n---\n",
        [syntax(2, 1, "frontmatter must be a mapping of keys to values, found a list")],
        id="F11-list",
    ),
    pytest.param(
        "---\njust text\n---\n",
        [syntax(2, 1, "frontmatter must be a mapping of keys to values, found a single value")],
        id="F11-scalar",
    ),
    pytest.param(
        "---\n42\n---\n",
        [syntax(2, 1, "frontmatter must be a mapping of keys to values, found a single value")],
        id="F11-number",
    ),
    pytest.param(
        "---\ntitle: x\n...\n[[gone]]\n",
        [syntax(1, 1, NEVER_CLOSED), dead("gone", 4, 1)],
        id="F12-dots-closer",
    ),
    pytest.param(
        "---\ntitle: x\n----\n[[gone]]\n",
        [syntax(1, 1, NEVER_CLOSED), dead("gone", 4, 1)],
        id="F12-four-dash-closer",
    ),
    pytest.param(
        "----\ntitle: x\n----\n[[gone]]\n",
        [
            syntax(1, 1, "frontmatter must open with exactly '---', found '----'"),
            dead("gone", 4, 1),
        ],
        id="F12-four-dash-opener",
    ),
    pytest.param(  # documented: trailing spaces after the delimiters are allowed
        "--- \ntitle: x\n---  \n[[gone]]\n", [dead("gone", 4, 1)], id="F12-trailing-space"
    ),
    pytest.param(
        "\n---\ntitle: x\n---\n[[gone]]\n",
        [
            syntax(
                2,
                1,
                "a '---' block after leading blank lines is not frontmatter;"
                " it must start on line 1",
            ),
            dead("gone", 5, 1),
        ],
        id="F13-leading-blank-line",
    ),
    pytest.param(
        '+++\ntitle = "x"\n+++\n[[gone]]\n',
        [
            syntax(1, 1, "TOML frontmatter ('+++') is not supported; use YAML between '---' lines"),
            dead("gone", 4, 1),
        ],
        id="F14-toml",
    ),
]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(("text", "expected"), FRONTMATTER)
def test_frontmatter_boundaries(check, text, expected, variant):
    expect(check({"note.md": encode(text, variant)}), *expected)


@pytest.mark.parametrize("variant", VARIANTS)
def test_f5_f7_positions_are_the_same_in_every_encoding_with_a_schema(check, variant):
    text = note(GOOD_YAML.replace("read_priority: 5", "read_priority: 9"))
    outcome = check({**BASE_FILES, "note.md": encode(text, variant)}, config=CONTENT_SCHEMA)
    expect(outcome, "note.md:4:1: out-of-range read_priority is 9, expected 1 to 5")


@pytest.mark.parametrize("bom", [b"", BOM], ids=["no-bom", "bom"])
def test_f6_mixed_line_endings_each_end_a_line(check, bom):
    # fix side: issue 3 (which newline style the fixer writes back, and its warning)
    data = bom + b"---\ntitle: x\r\ntags: [a]\ntags: [b]\r\n---\n[[gone]]\r\nline\n[[gone2]]\r"
    expect(
        check({"note.md": data}), duplicate("tags", 4, 3), dead("gone", 6, 1), dead("gone2", 8, 1)
    )


F8_TEXT = "---\ntitle: café\n---\nbody\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            b"\xff\xfe" + F8_TEXT.encode("utf-16-le"),
            "file is UTF-16 (little-endian BOM); notes must be UTF-8",
            id="utf-16-le",
        ),
        pytest.param(
            b"\xfe\xff" + F8_TEXT.encode("utf-16-be"),
            "file is UTF-16 (big-endian BOM); notes must be UTF-8",
            id="utf-16-be",
        ),
        pytest.param(
            b"\xff\xfe\x00\x00" + F8_TEXT.encode("utf-32-le"),
            "file is UTF-32 (little-endian BOM); notes must be UTF-8",
            id="utf-32-le",
        ),
        pytest.param(
            b"\x00\x00\xfe\xff" + F8_TEXT.encode("utf-32-be"),
            "file is UTF-32 (big-endian BOM); notes must be UTF-8",
            id="utf-32-be",
        ),
        pytest.param(
            F8_TEXT.encode("utf-16-le"), "binary file: NUL byte at offset 1", id="utf-16-no-bom"
        ),
        pytest.param(
            F8_TEXT.encode("latin-1"), "not UTF-8: invalid byte 0xE9 at offset 14", id="latin-1"
        ),
    ],
)
def test_f8_other_encodings_are_unreadable_and_untouched(check, data, message):
    expect(check({"note.md": data}), unreadable(message))


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "bad",
    [b"\xe9", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xff"],
    ids=["latin-1", "truncated", "surrogate", "overlong", "ff"],
)
@pytest.mark.parametrize(
    "text",
    ["---\ntitle: caf@\n---\nbody\n", "---\ntitle: x\n---\nbody caf@ [[gone]]\n"],
    ids=["frontmatter", "body"],
)
def test_f9_invalid_utf8_is_reported_with_its_byte_offset(check, text, bad, variant):
    data = encode(text, variant).replace(b"@", bad)
    message = f"not UTF-8: invalid byte 0x{bad[0]:02X} at offset {data.index(bad)}"
    expect(check({"note.md": data}), unreadable(message))


@pytest.mark.parametrize("variant", VARIANTS)
def test_f10_empty_frontmatter_is_an_empty_mapping(check, variant):
    config = (
        'types:\n  T:\n    paths: ["**"]\n    fields:\n      title: {type: str, required: true}\n'
    )
    outcome = check({"note.md": encode("---\n---\nbody\n", variant)}, config=config)
    expect(outcome, "note.md:1:1: missing-field missing required field 'title' (T notes need it)")


@pytest.mark.parametrize("variant", VARIANTS)
def test_f13_a_delimiter_indented_by_a_space_gets_a_hint(check, variant):
    """Obsidian does not read ` ---` as frontmatter, and neither does notelint; §6 F13 asks
    for the same hint as for a leading blank line (the wording is the product's to choose)."""
    outcome = check({"note.md": encode(" ---\ntitle: x\n---\n[[gone]]\n", variant)})
    assert outcome.lines[-1] == dead("gone", 4, 1)
    hints = [line for line in outcome.lines if line.startswith("note.md:1:")]
    assert len(hints) == 1 and " frontmatter-syntax " in hints[0]
    assert "not frontmatter" in hints[0]


@pytest.mark.parametrize("variant", VARIANTS)
def test_f14_json_frontmatter_is_reported_as_unsupported(check, variant):
    """§6 F14: TOML and JSON frontmatter get a diagnostic, like `+++` already does."""
    text = '{\n  "title": "x",\n  "tags": ["a"]\n}\n[[gone]]\n'
    outcome = check({"note.md": encode(text, variant)})
    assert outcome.lines[-1] == dead("gone", 5, 1)
    assert outcome.lines[0].startswith("note.md:1:1: frontmatter-syntax ")
    assert "JSON" in outcome.lines[0]


# --- YAML content (Y1-Y21) --------------------------------------------------------------------

ALIAS_BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)

YAML = [
    pytest.param(
        "---\ntitle: a: b\n---\n",
        [syntax(2, 9, "mapping values are not allowed in this context")],
        id="Y1-colon",
    ),
    pytest.param(
        "---\ntitle: x\n\tother: y\n---\n",
        [
            syntax(
                3,
                1,
                "while scanning a plain scalar; found a tab character that violates indentation",
            )
        ],
        id="Y1-tab",
    ),
    pytest.param(
        "---\na: @x\n---\n",
        [
            syntax(
                2,
                4,
                "while scanning for the next token; found character that cannot start any token",
            )
        ],
        id="Y1-reserved",
    ),
    pytest.param(  # valid YAML (the comment sits before the value): read it, report the repeat
        "---\nkey: # c\n  value\n\nother: 1\nother: 2\n---\n",
        [duplicate("other", 6, 5)],
        id="Y2-comment-before-value",
    ),
    pytest.param(
        "---\n%YAML 1.3\ntitle: x\n---\n",
        [syntax(2, 1, "found incompatible YAML document")],
        id="Y3-yaml-1.3",
    ),
    pytest.param(
        "---\n[\n  [ a, [ [[b,c]]: d, e]]: 23\n]\n---\n",
        [syntax(3, 10, "a mapping key must be a plain value, not a list or mapping")],
        id="Y3-nested-complex-keys",
    ),
    pytest.param("---\ntitle: x\na: &x [*x]\n---\n", [syntax(3, 4, ALIASES)], id="Y5-recursive"),
    pytest.param(
        "---\na: " + "[" * 100 + "]" * 100 + "\n---\n",
        [syntax(2, 68, "YAML nested too deeply (limit 64 levels)")],
        id="Y6-flow-100",
    ),
    pytest.param(
        "---\na:\n" + "- " * 100 + "x\n---\n",
        [syntax(3, 129, "YAML nested too deeply (limit 64 levels)")],
        id="Y6-block-100",
    ),
    pytest.param(
        "---\ntitle: x\ntags: [a]\ntags: [b]\n---\n", [duplicate("tags", 4, 3)], id="Y7-duplicate"
    ),
    pytest.param(
        "---\ncreated: {{date}}\ntitle: {{title}}\n---\n",
        [
            syntax(
                2,
                11,
                "a value in braces like {{date}} is read by YAML as a nested mapping;"
                " quote it if it is a template placeholder",
            )
        ],
        id="Y11-braces",
    ),
    pytest.param(  # a Templater tag is a plain string; a quoted {{date}} is a string
        '---\ntitle: <% tp.file.title %>\ncreated: "{{date}}"\n---\n', [], id="Y11-quoted"
    ),
    pytest.param(
        "---\n# header\ntitle: x # eol\n# between\ntags: [a, # in flow\n  b]\n"
        "last: 1\nlast: 2 # again\n# after the last key\n---\n",
        [duplicate("last", 8, 7)],
        id="Y14-comments",
    ),
    pytest.param(
        "---\ntitle: " + "word " * 30 + "\nsummary: first line\n  continues here\n"
        "  and here\nsummary: again\n---\n",
        [duplicate("summary", 6, 3)],
        id="Y15-long-and-multiline",
    ),
    pytest.param("---\na: \"\\u00e9\"\nb: \"\\L\"\nc: 'it''s'\n---\n", [], id="Y16-escapes"),
    pytest.param(
        "---\nbase: &base {a: 1}\nother:\n  <<: *base\n  b: 2\n---\n",
        [syntax(2, 7, ALIASES)],
        id="Y17-merge-key",
    ),
    pytest.param("---\na: !!str 123\n---\n", [], id="Y18-str-tag"),
    pytest.param(
        "---\na: !custom x\n---\n",
        [syntax(2, 4, "YAML tag !custom is not supported in frontmatter")],
        id="Y18-custom-tag",
    ),
    pytest.param(
        "---\na: !!binary aGVsbG8=\n---\n",
        [syntax(2, 4, "YAML tag tag:yaml.org,2002:binary is not supported in frontmatter")],
        id="Y18-binary",
    ),
    pytest.param(
        "---\na: !!python/object:os.system x\n---\n",
        [
            syntax(
                2,
                4,
                "YAML tag tag:yaml.org,2002:python/object:os.system is not supported in frontmatter",
            )
        ],
        id="Y18-python-tag",
    ),
    pytest.param(
        "---\ntitle: x\n...\nmore: 1\n---\n",
        [syntax(4, 1, "did not find expected <document start>")],
        id="Y19-document-end",
    ),
    pytest.param(
        "---\n%YAML 1.2\ntitle: x\n---\n",
        [syntax(3, 1, "did not find expected <document start>")],
        id="Y19-directive",
    ),
]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(("text", "expected"), YAML)
def test_yaml_content(check, text, expected, variant):
    expect(check({"note.md": encode(text + "body\n", variant)}), *expected)


@pytest.mark.parametrize("variant", VARIANTS)
def test_y4_alias_bomb_is_refused_without_expanding_it(make_vault, check_process, variant):
    assert len(ALIAS_BOMB) < 450
    root = make_vault({"note.md": encode(f"---\n{ALIAS_BOMB}---\nbody\n", variant)}, GENERIC)
    expect(check_process(root), syntax(2, 4, ALIASES))


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        pytest.param(
            "a: " + "[" * 1000 + "]" * 1000,
            syntax(2, 1003, "while increasing flow level; exceeded maximum nesting depth"),
            id="flow-1000",
        ),
        pytest.param(
            "a:\n" + "- " * 100_000 + "x",
            syntax(3, 1999, "while increasing block level; exceeded maximum nesting depth"),
            id="block-100000",
        ),
    ],
)
def test_y6_deep_nesting_is_refused(make_vault, check_process, yaml, expected, variant):
    root = make_vault({"note.md": encode(f"---\n{yaml}\n---\nbody\n", variant)}, GENERIC)
    expect(check_process(root), expected)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("look_alike", ["tags\u200b", "tags\u00ad", "cafe\u0301"])
def test_y8_look_alike_keys_are_reported(check, look_alike, variant):
    """§6 Y8: keys that differ only by an invisible character (ZWSP, soft hyphen) or by
    Unicode normalisation (NFC/NFD `café`) look like one key to a reader: report the second,
    as duplicate-key does for exact repeats (vault paths are already compared after NFC)."""
    first = "café" if look_alike.startswith("cafe") else "tags"
    text = f"---\n{first}: [a]\n{look_alike}: [b]\n---\nbody\n"
    outcome = check({"note.md": encode(text, variant)})
    assert outcome.code == 1
    assert len(outcome.lines) == 1
    assert outcome.lines[0].startswith("note.md:3:1: duplicate-key duplicate key ")
    assert outcome.lines[0].endswith(" (first on line 2)")


Y9_SCHEMA = (
    _TYPE_T + "      zip: {type: str}\n      mode: {type: str}\n      country: {type: str}\n"
    "      t: {type: str}\n      v: {type: str}\n"
)


@pytest.mark.parametrize("variant", VARIANTS)
def test_y9_yaml_1_1_look_alikes_are_read_as_yaml_1_2(check, variant):
    text = "---\ntype: T\nzip: 01234\nmode: 0755\ncountry: NO\nt: 1:20\nv: 1.10\n---\nbody\n"
    expect(
        check({"note.md": encode(text, variant)}, config=Y9_SCHEMA),
        "note.md:3:1: wrong-type zip is an integer, expected a string (quote it to make it text: '01234')",
        "note.md:4:1: wrong-type mode is an integer, expected a string (quote it to make it text: '0755')",
        "note.md:7:1: wrong-type v is a number, expected a string (quote it to make it text: '1.10')",
    )
    # Without a schema nothing is wrong with them.
    expect(check({"note.md": encode(text, variant)}))


@pytest.mark.parametrize("variant", VARIANTS)
def test_y10_long_numbers_and_fractions_do_not_break_typing(check, variant):
    config = (
        _TYPE_T + "      ts: {type: datetime}\n      f: {type: float, min: 0, max: 4}\n"
        "      big: {type: int, max: 5}\n      d: {type: date}\n"
    )
    text = (
        "---\ntype: T\nts: 2024-01-05T10:20:30.123456789Z\n"
        "f: 3.14159265358979323846264338327950288\nbig: 1" + "0" * 60 + "\n"
        "d: 0000-01-01\n---\nbody\n"
    )
    expect(
        check({"note.md": encode(text, variant)}, config=config),
        "note.md:5:1: out-of-range big is 1" + "0" * 60 + ", expected at most 5",
        "note.md:6:1: bad-date d is '0000-01-01', which is not a real date",
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_y11_template_folders_can_be_excluded(check, variant):
    files = {
        "templates/daily.md": encode("---\ncreated: {{date}}\n---\n[[{{title}}]]\n", variant),
        "note.md": encode("---\ntitle: x\n---\n[[gone]]\n", variant),
    }
    expect(check(files, config="exclude: ['templates/**']\n"), dead("gone", 4, 1))


Y12_SCHEMA = (
    _TYPE_T + "      related: {type: wikilink}\n"
    "      aliases: {type: list, items: {type: wikilink}}\n"
)
QUOTE_IT = 'expected a quoted link like "[[Note]]" (YAML reads an unquoted [[link]] as a nested list: write "[[Note]]")'


@pytest.mark.parametrize("variant", VARIANTS)
def test_y12_unquoted_wikilinks_in_a_wikilink_field(check, variant):
    text = "---\ntype: T\nrelated: [[Note A]]\naliases: [[[Note A]], [[B]]]\n---\nbody\n"
    files = {"note.md": encode(text, variant), "Note A.md": "x\n", "B.md": "y\n"}
    expect(
        check(files, config=Y12_SCHEMA),
        f"note.md:3:1: wrong-type related is a list, {QUOTE_IT}",
        f"note.md:4:11: wrong-type aliases[0] is a list, {QUOTE_IT}",
        f"note.md:4:23: wrong-type aliases[1] is a list, {QUOTE_IT}",
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_y12_unquoted_wikilinks_are_flagged_without_a_schema(check, variant):
    """§6 Y12: `check` warns "quote wikilinks in YAML" for any field, not only for fields the
    schema types as wikilinks: `related: [[Note A]]` is never meant as a nested list."""
    text = "---\nrelated: [[Note A]]\n---\nbody\n"
    outcome = check({"note.md": encode(text, variant), "Note A.md": "x\n"})
    assert len(outcome.lines) == 1
    assert outcome.lines[0].startswith("note.md:2:")
    assert "[[Note A]]" in outcome.lines[0] or "quote" in outcome.lines[0].lower()


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "yaml", ["tags: #ai #ml\n", "tags:\n  - #ai\n  - #ml\n"], ids=["inline", "list"]
)
def test_y13_a_hash_tag_that_yaml_reads_as_a_comment_is_reported(check, yaml, variant):
    """§6 Y13: `tags: #a` is an empty value plus a YAML comment; say so."""
    outcome = check({"note.md": encode(f"---\ntitle: x\n{yaml}---\nbody\n", variant)})
    assert len(outcome.lines) >= 1
    assert all(
        line.startswith(("note.md:3:", "note.md:4:", "note.md:5:")) for line in outcome.lines
    )
    assert "comment" in outcome.lines[0]


@pytest.mark.parametrize("variant", VARIANTS)
def test_y20_huge_frontmatter_is_refused_and_the_run_goes_on(make_vault, check_process, variant):
    yaml = "".join(f"key{index:06}: value {index:06}\n" for index in range(80_000))
    files = {
        "a.md": encode(f"---\n{yaml}---\n[[gone]]\n", variant),
        "b.md": encode("[[gone]]\n", variant),
    }
    outcome = check_process(make_vault(files, GENERIC))
    size = len(yaml) // 1024
    expect(
        outcome,
        syntax(1, 1, f"frontmatter is {size} KB, over the 256 KB limit", path="a.md"),
        dead("gone", 80_003, 1, path="a.md"),
        dead("gone", 1, 1, path="b.md"),
    )


MUST_FAIL = [
    (
        'title: "unclosed\nx: 1\n',
        4,
        1,
        "while scanning a quoted scalar; found unexpected end of stream",
    ),
    ("title: 'unclosed\n", 3, 1, "while scanning a quoted scalar; found unexpected end of stream"),
    ("tags: [a, b\n", 3, 1, "while parsing a flow sequence; did not find expected ',' or ']'"),
    ("meta: {a: 1\n", 3, 1, "while parsing a flow mapping; did not find expected ',' or '}'"),
    ("a: 1\n b: 2\n", 3, 3, "mapping values are not allowed in this context"),
    ("- a\nb: 1\n", 3, 1, "while parsing a block collection; did not find expected '-' indicator"),
    ('a: "\\q"\n', 2, 5, "while parsing a quoted scalar; found unknown escape character"),
    ("a: *undefined\n", 2, 4, "found undefined alias"),
    ("key: value\n- item\n", 3, 1, "while parsing a block mapping; did not find expected key"),
    ("a: b\n--- x\n", 3, 1, "expected a single document in the stream; but found another document"),
    ("a: [b]]\n", 2, 7, "while parsing a block mapping; did not find expected key"),
    ("a: }\n", 2, 4, "while parsing a block node; did not find expected node content"),
    ("%FOO bar\na: 1\n", 2, 5, "while scanning a directive; found unknown directive name"),
    ('a: "b" c\n', 2, 8, "while parsing a block mapping; did not find expected key"),
    (
        "a: `b`\n",
        2,
        4,
        "while scanning for the next token; found character that cannot start any token",
    ),
    ("a: |\n  text\n bad\n", 4, 2, "while parsing a block mapping; did not find expected key"),
]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("yaml", "line", "column", "message"),
    MUST_FAIL,
    ids=[f"Y21-{index}" for index in range(len(MUST_FAIL))],
)
def test_y21_invalid_yaml_is_a_diagnostic(check, yaml, line, column, message, variant):
    outcome = check({"note.md": encode(f"---\n{yaml}---\n[[gone]]\n", variant)})
    last = yaml.count("\n") + 3
    expect(outcome, syntax(line, column, message), dead("gone", last, 1))


# --- Body: Markdown and Obsidian (B1-B14) -----------------------------------------------------

B_FILES: dict[str, str | bytes] = {
    "Note_1.md": "x\n",
    "a.md": "# A\n",
    "img.png": b"\x89PNG\r\n\x1a\n",
    "x.md": "A paragraph. ^block\n",
}

BODY = [
    pytest.param(
        "[[Note_1]] [[a|b_c]] ![[img.png|100]] [[x#^block]] [[x#^nope]] [[Note_2]]\n",
        [
            "note.md:1:52: dead-anchor [[x#^nope]]: no block ^nope in x.md",
            dead("Note_2", 1, 64) + " (did you mean 'Note_1'?)",
        ],
        id="B1-obsidian-links",
    ),
    pytest.param(
        "| link | why |\n| --- | --- |\n| [[a\\|b_c]] | [[x#^nope\\|alias]] |\n",
        ["note.md:3:16: dead-anchor [[x#^nope\\|alias]]: no block ^nope in x.md"],
        id="B1-escaped-pipe-in-table",
    ),
    pytest.param(
        'Text [ref] and [^1].\n\n[ref]: a.md "t"\n[^1]: a footnote with [[gone]]\n',
        [dead("gone", 4, 23)],
        id="B2-definitions",
    ),
    pytest.param(
        "%%comment [[c1]]%% ==hi [[h1]]== $x_1 [[m1]]$ and\n\n$$\n[[m2]]\n# not heading\n$$\n\n"
        "> [!note] [[callout]]\n> text ^block-id\n\n#tag/sub_tag [[t]]\n",
        [dead("h1", 1, 25), dead("callout", 8, 11), dead("t", 11, 14)],
        id="B3-dialect",
    ),
    pytest.param(
        "Costs \\$5 and \\$6 [[gone]], \\`not code\\` \\%\\% [[g2]] \\\\$x [[g3]]$\n",
        [dead("gone", 1, 19), dead("g2", 1, 47)],
        id="B3-backslash-escapes",
    ),
    pytest.param(
        "```md\n---\n[[x1]] #tag   \n---\n```\n~~~\n[[x2]]\n~~~\n[[gone]]\n```\n[[x3]]\n",
        [dead("gone", 9, 1)],
        id="B4-fenced-code",
    ),
    pytest.param("line one  \nline two [[gone]]\n", [dead("gone", 2, 10)], id="B5-hard-break"),
    pytest.param(
        "---\ntitle: x\n---\n    code [[not a link]]\n    ---\n\n[[gone]]\n",
        [dead("gone", 7, 1)],
        id="B6-indented-code-first",
    ),
    pytest.param(
        "- item\n\n---\n\nSetext\n===\n\n1) one\n2) two [[gone]]\n",
        [dead("gone", 9, 8)],
        id="B10-breaks-setext-lists",
    ),
    pytest.param(
        "- a\n  <div>\nb\n---\n[[gone]]\n", [dead("gone", 5, 1)], id="B10-html-in-list-then-setext"
    ),
    pytest.param(
        "1. step\n   <!-- todo\nnext\n===\n[[gone]]\n",
        [dead("gone", 5, 1)],
        id="B10-comment-in-list-then-setext",
    ),
    pytest.param(
        '---\ntitle: "a\u2028b"\n---\nnb\u00a0sp zw\u200bsp ls\u2028sep [[gone]]\n',
        [dead("gone", 4, 20)],
        id="B11-invisible",
    ),
    pytest.param(
        "---\ntitle: x\n---\nBody.\n\n---\ntitle: second\ntags: [a]\ntags: [b]\n---\n[[gone]]\n",
        [dead("gone", 11, 1)],
        id="B14-second-block",
    ),
]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(("text", "expected"), BODY)
def test_body(check, text, expected, variant):
    expect(check({**B_FILES, "note.md": encode(text, variant)}), *expected)


@pytest.mark.parametrize("variant", VARIANTS)
def test_b3_b4_no_heading_inside_comments_math_or_code(check, variant):
    config = (
        "types:\n  T:\n    sections:\n      - {name: Summary, level: 2, required: true}\n"
        "    extra_sections: forbid\n"
    )
    text = textwrap.dedent(
        """\
        ---
        type: T
        ---
        ## Summary

        %%
        ## In a comment [[c]]
        %%

        $$
        ## In math [[m]]
        $$

        ```md
        ## In code [[x]]
        ```

            ## In indented code [[i]]

        <!--
        ## In an HTML comment [[h]]
        -->

        ## Real [[r]]
        """
    )
    expect(
        check({"note.md": encode(text, variant)}, config=config),
        "note.md:24:1: unexpected-section unexpected section '## Real [[r]]'; T notes have: Summary",
        dead("r", 24, 9),
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_b7_nul_byte_in_the_body(check, variant):
    data = encode("---\ntitle: x\n---\nbody@more\n", variant).replace(b"@", b"\x00")
    expect(check({"note.md": data}), unreadable(f"binary file: NUL byte at offset {data.index(0)}"))


@pytest.mark.parametrize("bom", [b"", BOM], ids=["no-bom", "bom"])
def test_b8_lone_cr_line_endings(check, bom):
    data = bom + b"---\rtitle: x\rtags: [a]\rtags: [b]\r---\rline\r[[gone]]\r"
    expect(check({"note.md": data}), duplicate("tags", 4, 3), dead("gone", 7, 1))


def test_b9_a_50_mb_line_is_refused_by_size(make_vault, check_process):
    root = make_vault({}, GENERIC)
    (root / "note.md").write_bytes(b"x" * 50_000_000)
    (root / "other.md").write_bytes(b"[[gone]]\n")
    expect(
        check_process(root),
        unreadable("file is 47.7 MB, over the 5.0 MB limit"),
        dead("gone", 1, 1, path="other.md"),
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_b9_a_long_line_under_the_limit_is_checked(make_vault, check_process, variant):
    text = "x" * 4_900_000 + " [[gone]]\n"
    root = make_vault({"note.md": encode(text, variant)}, GENERIC)
    expect(check_process(root), dead("gone", 1, 4_900_002))


@pytest.mark.parametrize("variant", VARIANTS)
def test_b11_bidi_controls_are_escaped_in_output(check, variant):
    """A right-to-left override from a note must not reorder the terminal line (Trojan Source);
    the message already escapes it inside the quoted name, but not in the link as written."""
    text = "bidi \u202eevil\u202c [[go\u202ene]]\n"
    expect(
        check({"note.md": encode(text, variant)}),
        "note.md:1:13: dead-wikilink [[go\\u202ene]] does not resolve:"
        " no file named 'go\\u202ene.md' in the vault",
    )


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"], ids=["LS", "PS", "NEL"])
def test_b11_unicode_line_separators_in_a_plain_value(check, separator, variant):
    """Obsidian reads frontmatter as YAML 1.2, where U+2028, U+2029 and U+0085 are ordinary
    characters (`title: a<LS>b` is the string 'a<LS>b'); YAML 1.1 (libyaml) takes them for
    line breaks and then fails, so a note Obsidian reads fine gets a frontmatter-syntax error."""
    text = f"---\ntitle: pasted{separator}text\ntags: [a]\ntags: [b]\n---\nbody\n"
    expect(check({"note.md": encode(text, variant)}), duplicate("tags", 4, 3))


B12_TEXT = (
    "![[../../../etc/passwd]] [x](file:///etc/passwd) [[C:\\Windows\\x]]"
    " [y](../../../etc/passwd) ![[/etc/passwd]] [z](/etc/hosts)\n"
)


@pytest.mark.parametrize("variant", VARIANTS)
def test_b12_path_traversal_is_dead_and_resolved_in_the_index(check, variant):
    outcome = check({"sub/note.md": encode(B12_TEXT, variant)})
    where = "sub/note.md:1"
    expect(
        outcome,
        f"{where}:1: dead-transclusion ![[../../../etc/passwd]] does not resolve:"
        " '../../../etc/passwd' is outside the vault",
        f"{where}:50: dead-wikilink [[C:\\Windows\\x]] does not resolve:"
        " no file named 'C:\\\\Windows\\\\x.md' in the vault",
        f"{where}:67: dead-link [y](../../../etc/passwd) does not resolve:"
        " '../../../etc/passwd' is outside the vault",
        f"{where}:92: dead-transclusion ![[/etc/passwd]] does not resolve:"
        " no file '/etc/passwd.md' in the vault",
        f"{where}:109: dead-link [z](/etc/hosts) does not resolve: no file '/etc/hosts.md' in the vault",
    )


# Runs `notelint check` and writes every path it opens, lists, stats or lstats to a log, one
# `kind<TAB>path` a line (kind: open, list or stat).
_RECORDING_DRIVER = """
import os, sys
seen = []
def hook(event, args):
    kind = {"open": "open", "os.scandir": "list", "os.listdir": "list"}.get(event)
    if kind and args and isinstance(args[0], (str, bytes, os.PathLike)):
        seen.append(kind + "\\t" + os.fsdecode(args[0]))
sys.addaudithook(hook)
def recording(real):
    def wrapper(path, *args, **kwargs):
        if isinstance(path, (str, bytes, os.PathLike)):
            seen.append("stat\\t" + os.fsdecode(path))
        return real(path, *args, **kwargs)
    return wrapper
os.stat, os.lstat = recording(os.stat), recording(os.lstat)
from notelint.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
log = "\\n".join(seen)
with open(os.environ["NOTELINT_TOUCHED"], "w", encoding="utf-8", errors="replace") as out:
    out.write(log)
sys.exit(code)
"""


def check_recording(root: Path, log: Path, *args: str) -> tuple[Outcome, list[tuple[str, str]]]:
    """check in a subprocess that records every path it touches: (kind, real path)."""
    age(root)
    before = snapshot(root)
    outcome = run_process(
        root, *args, env={"NOTELINT_TOUCHED": str(log)}, command=("-c", _RECORDING_DRIVER)
    )
    assert_no_crash(outcome)
    assert snapshot(root) == before
    touched = []
    for record in log.read_text(encoding="utf-8").split("\n"):
        kind, _, path = record.partition("\t")
        touched.append((kind, os.path.realpath(os.path.join(root, path))))
    return outcome, touched


def test_b12_nothing_outside_the_vault_is_opened_or_stat_ed(make_vault, tmp_path):
    (tmp_path / "secret.md").write_text("# Secret\n")
    text = (
        "![[../secret]] [[../secret#Secret]] [s](../secret.md) ![[../../../etc/passwd]]"
        " [p](%2e%2e/%2e%2e/etc/passwd) ![[/etc/passwd]]\n"
    )
    root = make_vault({"note.md": text}, GENERIC)
    outcome, touched = check_recording(root, tmp_path / "touched.log")
    assert outcome.code == 1
    assert len(outcome.lines) == 6
    assert all("does not resolve" in line for line in outcome.lines)
    assert ("open", os.path.realpath(root / "note.md")) in touched  # the recording works
    secret = os.path.realpath(tmp_path / "secret.md")
    assert not [(kind, path) for kind, path in touched if path in (secret, "/etc/passwd")]


@pytest.mark.parametrize("variant", VARIANTS)
def test_b12_a_relative_link_that_stays_in_the_vault_is_not_called_outside(check, variant):
    """From sub/note.md, `../gone` is the vault's root folder: a missing file in the vault,
    not a path outside it."""
    text = "[[../gone]] [t](../gone.md) [[sub/../../x]]\n"
    outcome = check({"sub/note.md": encode(text, variant), "root.md": "x\n"})
    assert [line.split(" does not resolve: ")[0] for line in outcome.lines] == [
        "sub/note.md:1:1: dead-wikilink [[../gone]]",
        "sub/note.md:1:13: dead-link [t](../gone.md)",
        "sub/note.md:1:29: dead-wikilink [[sub/../../x]]",
    ]
    assert [line.endswith("is outside the vault") for line in outcome.lines] == [
        False,
        False,
        True,
    ]


@pytest.mark.parametrize("variant", VARIANTS)
def test_b13_hostile_link_targets(check, variant):
    long_name = "a" * 5000
    text = (
        f"[x](a%00b.md) [y](%2e%2e/%2e%2e/etc/passwd) [[%2e%2e/x]] [z](%ZZ.md) [w](a%0Ab.md)\n"
        f"[[{long_name}]] [v]({long_name}.md)\n"
    )
    expect(
        check({"note.md": encode(text, variant)}),
        "note.md:1:1: dead-link [x](a%00b.md) does not resolve: no file 'a\\x00b.md' in the vault",
        "note.md:1:15: dead-link [y](%2e%2e/%2e%2e/etc/passwd) does not resolve:"
        " '../../etc/passwd' is outside the vault",
        "note.md:1:45: dead-wikilink [[%2e%2e/x]] does not resolve:"
        " no file '%2e%2e/x.md' in the vault",
        "note.md:1:58: dead-link [z](%ZZ.md) does not resolve: no file '%ZZ.md' in the vault",
        "note.md:1:70: dead-link [w](a%0Ab.md) does not resolve: no file 'a\\nb.md' in the vault",
        dead(long_name, 2, 1),
        f"note.md:2:5006: dead-link [v]({long_name}.md) does not resolve:"
        f" no file '{long_name}.md' in the vault",
    )


# --- §3.5: every scanner against adversarial repetition ----------------------------------------

SCANNER_GUARD = {
    "wikilink-openers": "[[" * 20000,
    "unclosed-wikilink": "[[" + "a" * 20000,
    "wikilink-openers-b9": "[[" * 80000,
    "embed-openers": "![[" * 80000,
    "tag-path": "#" + "a/" * 10000,
    "percent-comments": "%%" * 20000,
    "html-comments": "<!--" * 20000,
    "backticks": "`" * 20000,
    "dollars": "$" * 20000,
    "cdata": "<![CDATA[" * 80000,
    # Each `$` opens inline math and every later `$` within 1000 characters is rejected as a
    # closer (a space before it): 4.5 MB, under the size limit.
    "unclosed-math-runs": "$a " * 1_500_000,
    "backslashes": "\\" * 20000,
    # the layout fix: headings among lines that all touch code (a walk back from each heading
    # to the start of the code was quadratic), and runs of blank lines after empty list items
    "headings-among-code-spans": "# H `c`\n`c` \n" * 50000,
    "blank-run-after-an-empty-item": "-\n" + "\n" * 200000 + "- x\n",
    "empty-items-and-blank-lines": "-\n\n\n" * 1_000_000 + "- x\n",
}


@pytest.mark.parametrize("text", SCANNER_GUARD.values(), ids=SCANNER_GUARD.keys())
def test_scanners_finish_on_adversarial_repetition(make_vault, check_process, text):
    outcome = check_process(make_vault({"note.md": text}, GENERIC))
    assert outcome.code in (0, 1)


# --- Files, processes and environment (S1-S20) --------------------------------------------------


def test_s1_a_symlink_out_of_the_vault_is_not_read(make_vault, tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text("[[private]]\n")
    root = make_vault({"a.md": "[[gone]]\n"}, GENERIC)
    os.symlink("../outside/secret.md", root / "link.md")
    outcome, touched = check_recording(root, tmp_path / "touched.log")
    expect(
        outcome,
        dead("gone", 1, 1, path="a.md"),
        unreadable("symbolic link to a file outside the vault; not read", path="link.md"),
    )
    # Deciding where the link points stats its target; nothing opens it.
    assert ("open", os.path.realpath(root / "a.md")) in touched  # the recording works
    secret = os.path.realpath(tmp_path / "outside" / "secret.md")
    assert ("open", secret) not in touched


def test_s1_a_note_named_through_a_folder_symlink_out_of_the_vault_is_not_read(
    make_vault, tmp_path
):
    """The README: "a symlinked note is read only when it points inside the vault". A path
    given on the command line through a folder symlink that leaves the vault must not be read
    (and, for fix, never written)."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text("[[private]]\n")
    root = make_vault({"a.md": "x\n"}, GENERIC)
    os.symlink(tmp_path / "outside", root / "shared")
    outcome, touched = check_recording(
        root, tmp_path / "touched.log", "--config", "notelint.yaml", "shared/secret.md"
    )
    assert "private" not in outcome.stdout
    assert outcome.code in (1, 2)
    assert "outside the vault" in outcome.stdout + outcome.stderr
    assert ("open", os.path.realpath(tmp_path / "outside" / "secret.md")) not in touched


@pytest.mark.parametrize("target", ["../outside/secret.md", "/dev/zero"])
def test_s1_a_symlink_out_of_the_vault_named_first_is_reported_like_any_other(
    make_vault, check_process, tmp_path, target
):
    """pre-commit passes staged files in any order. A symlink out of the vault named first on
    the command line must not move the vault root (and its config) to wherever it points:
    same diagnostics as when it comes second, and the other notes are still checked."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text("[[private]]\n")
    root = make_vault({"a.md": "[[gone]]\n"}, GENERIC)
    os.symlink(target, root / "link.md")
    expected = [
        dead("gone", 1, 1, path="a.md"),
        unreadable("symbolic link to a file outside the vault; not read", path="link.md"),
    ]
    expect(check_process(root, "a.md", "link.md"), *expected)
    expect(check_process(root, "link.md", "a.md"), *expected)


def test_s2_a_symlink_to_another_note_is_read_through_and_kept(make_vault, check_in):
    root = make_vault({"a.md": "[[gone]]\n"}, GENERIC)
    os.symlink("a.md", root / "alias.md")
    expect(check_in(root), dead("gone", 1, 1, path="a.md"), dead("gone", 1, 1, path="alias.md"))
    # fix side: issue 3 (written through the link, the link survives)
    assert os.readlink(root / "alias.md") == "a.md"


def test_s3_a_broken_symlink_is_reported_and_the_run_goes_on(make_vault, check_in):
    root = make_vault({"a.md": "[[gone]]\n"}, GENERIC)
    os.symlink("missing.md", root / "broken.md")
    expect(
        check_in(root),
        dead("gone", 1, 1, path="a.md"),
        unreadable("broken symbolic link", path="broken.md"),
    )


def test_s4_a_folder_symlink_loop_is_not_walked(make_vault, check_process):
    root = make_vault({"a.md": "[[gone]]\n", "sub/b.md": "[[gone]]\n"}, GENERIC)
    os.symlink("..", root / "sub" / "loop")
    os.symlink(".", root / "self")
    expect(
        check_process(root), dead("gone", 1, 1, path="a.md"), dead("gone", 1, 1, path="sub/b.md")
    )
    # Named on the command line, the path through the loop is still a note of this vault.
    expect(check_process(root, "sub/loop/a.md"), dead("gone", 1, 1, path="sub/loop/a.md"))


def test_s5_fifos_and_devices_never_block(make_vault, check_process):
    root = make_vault({"a.md": "[[fifo#Heading]] [[sub/piped#x]] [[zero]]\n"}, GENERIC)
    os.mkfifo(root / "fifo.md")
    (root / "sub").mkdir()
    os.mkfifo(root / "sub" / "pipe.md")
    os.symlink("pipe.md", root / "sub" / "piped.md")
    os.symlink("/dev/zero", root / "zero.md")
    os.symlink("/dev/urandom", root / "random.md")
    not_regular = "symbolic link to something that is not a regular file"
    outside = "symbolic link to a file outside the vault; not read"
    expect(
        check_process(root),
        "a.md:1:18: dead-wikilink [[sub/piped#x]] does not resolve: no file 'sub/piped.md' in the vault (did you mean 'pipe'?)",
        "a.md:1:34: dead-wikilink [[zero]] does not resolve: no file named 'zero.md' in the vault",
        unreadable("not a regular file", path="fifo.md"),
        unreadable(outside, path="random.md"),
        unreadable("not a regular file", path="sub/pipe.md"),
        unreadable(not_regular, path="sub/piped.md"),
        unreadable(outside, path="zero.md"),
    )
    # Named on the command line (after a plain note: see the S1 test for a link named first).
    expect(
        check_process(root, "fifo.md", "zero.md"),
        unreadable("not a regular file", path="fifo.md"),
        unreadable(outside, path="zero.md"),
    )


@pytest.mark.parametrize("text", ["", "# B\n"], ids=["was-empty", "was-text"])
def test_s5_a_note_that_became_a_fifo_since_the_last_run_never_blocks(
    make_vault, check_process, text
):
    # The cache reads a note whose mtime moved to tell whether its bytes did: it must read it
    # as a note is read. An empty note's FIFO has its size, and here its mtime too.
    root = make_vault({"a.md": "[[b]]\n", "b.md": text}, GENERIC)
    expect(check_process(root))
    (root / "b.md").unlink()
    os.mkfifo(root / "b.md")
    expect(check_process(root), unreadable("not a regular file", path="b.md"))
    assert (root / CACHE_DIR_NAME).is_dir()  # (both runs kept the cache)


def test_s5_a_fifo_among_obsidian_settings_never_blocks(make_vault, check_process):
    root = make_vault({"a.md": "[[gone]]\n"}, GENERIC)
    (root / ".obsidian").mkdir()
    os.mkfifo(root / ".obsidian" / "templates.json")  # read for its template folder
    expect(check_process(root), dead("gone", 1, 1, path="a.md"))


def test_s5_fifos_in_place_of_the_cache_files_never_block(make_vault, check_process):
    root = make_vault({"a.md": "[[gone]]\n", "b.md": "[[a]]\n"})  # (a config to cache, too)
    expect(check_process(root), dead("gone", 1, 1, path="a.md"))
    cached = sorted((root / CACHE_DIR_NAME).glob("*/*"))
    assert {path.suffix for path in cached} == {".cache", ".details", ".json"}
    for path in cached:
        path.unlink()
        os.mkfifo(path)
    expect(check_process(root), dead("gone", 1, 1, path="a.md"))
    expect(check_process(root), dead("gone", 1, 1, path="a.md"))  # (the cache written anew)


def _once_settled(path: Path) -> str:
    """A sleeping process's smaps stays put once sleep(1) has started and touched its pages."""
    previous = ""
    for _ in range(100):
        text = path.read_text()
        if text == previous:
            return text
        previous = text
        time.sleep(0.02)
    raise AssertionError(f"{path} kept changing")


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="no procfs")
def test_a_file_longer_than_its_size_is_read_whole_within_the_limit():
    # procfs files say they hold 0 bytes and hand out a page a read: neither the size nor
    # a short read is the end, as with a note that grows while it is read
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        smaps = Path(f"/proc/{sleeper.pid}/smaps")
        expected = _once_settled(smaps)
        read = read_note(smaps)
    finally:
        sleeper.kill()
        sleeper.wait()
    assert len(expected) > 2 * 4096
    assert isinstance(read, Decoded) and read.text == expected
    assert read_note(Path("/proc/self/status"), max_size=10) == ReadFailure(
        "file grew over the 10 bytes limit while being read"
    )


@pytest.mark.parametrize("size", [0, 1, 5000, 3 << 20])
def test_a_note_on_disk_takes_one_read(tmp_path, monkeypatch, size):
    # one read of a byte more than the file's size: the short read is its end
    path = tmp_path / "note.md"
    path.write_bytes(b"a" * size)
    reads: list[int] = []
    real_read = os.read

    def read(fd: int, wanted: int) -> bytes:
        reads.append(wanted)
        return real_read(fd, wanted)

    monkeypatch.setattr(os, "read", read)
    result = read_note(path, max_size=max(size, 1))
    assert isinstance(result, Decoded) and len(result.text) == size
    assert reads == [size + 1]


@pytest.mark.parametrize("mode", [0o755, 0o600, 0o444], ids=["0755", "0600", "0444-S7"])
def test_s6_s7_mode_and_owner_are_unchanged(make_vault, check_in, mode):
    # fix side: issue 3 (mode, uid and gid kept by a rewrite; a read-only note is skipped)
    root = make_vault({"note.md": "[[gone]]\n"}, GENERIC)
    path = root / "note.md"
    path.chmod(mode)
    if os.geteuid() == 0:  # CI runs as root: give the note another owner too
        os.chown(path, 1234, 1234)
    expect(check_in(root), dead("gone", 1, 1))  # check_in compares mode, uid, gid and mtime
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_s8_hard_linked_notes_are_both_checked_and_stay_linked(make_vault, check_in):
    # fix side: issue 3 (a rewrite must not split the link)
    root = make_vault({"a.md": "[[gone]]\n"}, GENERIC)
    os.link(root / "a.md", root / "b.md")
    expect(check_in(root), dead("gone", 1, 1, path="a.md"), dead("gone", 1, 1, path="b.md"))
    assert (root / "a.md").stat().st_nlink == 2
    assert (root / "a.md").stat().st_ino == (root / "b.md").stat().st_ino


@pytest.fixture
def after_scan(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[Path], None]], None]:
    """Run `change(root)` between the vault walk and the reading of the notes."""

    def install(change: Callable[[Path], None]) -> None:
        real = notelint.run.scan_files

        def scan_then_change(root: Path) -> object:
            found = real(root)
            change(Path(root))
            return found

        monkeypatch.setattr(notelint.run, "scan_files", scan_then_change)

    return install


def run_main(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Outcome:
    code, out, err = check_in_folder(root, capsys, *args)
    outcome = Outcome(code, diagnostic_lines(out), out, err)
    assert_no_crash(outcome)
    return outcome


def test_s9_s18_files_changed_deleted_or_replaced_during_the_run(make_vault, capsys, after_scan):
    # fix side: issue 3 (a note changed between read and write is skipped, the user wins)
    files = {name: "[[gone]]\n" for name in ("a.md", "b.md", "c.md", "d.md", "e.md")}
    root = make_vault(files, GENERIC)

    def change(vault: Path) -> None:
        (vault / "b.md").unlink()
        (vault / "c.md").unlink()
        (vault / "c.md").mkdir()
        (vault / "d.md").write_text("edited\n\n[[gone]]\n")

    after_scan(change)
    expect(
        run_main(root, capsys),
        dead("gone", 1, 1, path="a.md"),
        unreadable("cannot read file: No such file or directory", path="b.md"),
        unreadable("not a regular file", path="c.md"),
        dead("gone", 3, 1, path="d.md"),
        dead("gone", 1, 1, path="e.md"),
    )


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def test_s10_check_writes_no_file_even_when_no_byte_may_be_written(make_vault, check_process):
    # fix side: issue 3 (disk full mid-write leaves the original and no temp file)
    root = make_vault({"note.md": "---\ntitle: x\n---\n[[gone]]\n"}, GENERIC)
    expect(check_process(root, preexec_fn=_limit_file_size), dead("gone", 4, 1))


def test_s11_an_unusable_temp_folder_does_not_matter_to_check(make_vault, check_process, tmp_path):
    # fix side: issue 3 (mkstemp failing gives a diagnostic, the note untouched)
    root = make_vault({"note.md": "[[gone]]\n"}, GENERIC)
    missing = str(tmp_path / "no" / "such" / "tmp")
    outcome = check_process(root, env={"TMPDIR": missing, "TEMP": missing, "TMP": missing})
    expect(outcome, dead("gone", 1, 1))


def test_s12_ctrl_c_during_a_run_exits_130_quietly(make_vault, capsys, monkeypatch):
    # fix side: issue 3 (an interrupted write leaves the original and no temp file)
    root = make_vault({"a.md": "[[gone]]\n", "b.md": "[[gone]]\n"}, GENERIC)
    age(root)
    before = snapshot(root)

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(notelint.run, "read_note", interrupted)
    previous = Path.cwd()
    os.chdir(root)
    try:
        code = main(["check", "--color", "never"])
    finally:
        os.chdir(previous)
    out, err = capsys.readouterr()
    assert (code, err) == (130, "")
    assert "Traceback" not in out
    assert snapshot(root) == before


def test_s13_two_checks_at_once_agree(make_vault):
    # fix side: issue 3 (two fixers on one note produce the same bytes)
    files = {f"n{index}.md": f"---\nn: {index}\n---\n[[gone{index}]]\n" for index in range(200)}
    root = make_vault(files, GENERIC)
    age(root)
    before = snapshot(root)
    command = [sys.executable, "-m", "notelint", "check", "--color", "never"]
    processes = [
        subprocess.Popen(command, cwd=root, env=_environment(), stdout=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [process.communicate(timeout=TIMEOUT) for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    assert results[0] == results[1]
    assert len(diagnostic_lines(results[0][0].decode())) == 200
    assert snapshot(root) == before


def test_s14_stdout_on_dev_full_exits_non_zero(make_vault, check_process):
    # fix side: issue 3 (`fix -` in stdin mode with stdout on /dev/full reports no success)
    root = make_vault({"note.md": "[[gone]]\n"}, GENERIC)
    with open("/dev/full", "wb") as full:
        outcome = run_process(root, stdout=full, stderr=subprocess.PIPE)
    assert outcome.code != 0


def test_s14_stdout_on_dev_full_is_an_error_message_not_a_crash(make_vault):
    """A full disk is not a bug in notelint: one `notelint: error:` line, no traceback."""
    root = make_vault({"note.md": "[[gone]]\n"}, GENERIC)
    with open("/dev/full", "wb") as full:
        outcome = run_process(root, stdout=full, stderr=subprocess.PIPE)
    assert outcome.code in (1, 2)
    assert_no_crash(outcome)
    assert "No space left on device" in outcome.stderr


def test_s14_a_reader_that_goes_away_is_not_a_crash(make_vault):
    """`notelint check | head -1`: the pipe closes early; no traceback, no "internal error"."""
    files = {f"n{index}.md": "[[gone]]\n" for index in range(300)}
    root = make_vault(files, GENERIC)
    process = subprocess.Popen(
        [sys.executable, "-m", "notelint", "check"],
        cwd=root,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()  # nobody reads: every write to stdout fails with EPIPE
    _, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode != 0
    assert_no_crash(Outcome(1, [], "", err.decode()))


def test_s15_check_ignores_stdin_and_an_empty_note_is_clean(make_vault, check_process):
    # fix side: issue 3 (stdin mode: invalid input echoed unchanged, empty input gives empty output)
    root = make_vault({"empty.md": b"", "blank.md": b"\n\n", "bad.md": b"caf\xe9\n"}, GENERIC)
    outcome = check_process(root, input=b"\xff\xfe not a note \x00")
    expect(outcome, unreadable("not UTF-8: invalid byte 0xE9 at offset 3", path="bad.md"))
    # blank.md holds only blank lines: its canonical layout is empty (a not-canonical warning)
    assert outcome.stdout.endswith("Found 2 problems in 2 of 3 notes (1 error, 1 warning).\n")


S16_NAMES = {
    b"new\nline.md": "new\\x0aline.md",
    b"caf\xe9.md": "caf\\xe9.md",
    b"-rf.md": "-rf.md",
    b"--help.md": "--help.md",
    b"\x1b[31mred\x1b[0m.md": "\\x1b[31mred\\x1b[0m.md",
    b"\x1b]0;title\x07osc.md": "\\x1b]0;title\\x07osc.md",
}


def test_s16_hostile_file_names_are_printed_escaped(make_vault, check_process):
    root = make_vault({}, GENERIC)
    for name in S16_NAMES:
        with open(os.path.join(os.fsencode(root), name), "wb") as file:
            file.write(b"[[gone]]\n")
    outcome = check_process(root)
    assert sorted(outcome.lines) == sorted(dead("gone", 1, 1, path=p) for p in S16_NAMES.values())
    assert "\x1b" not in outcome.stdout and "\x07" not in outcome.stdout
    # Names that look like options are paths after `--`; without it they are usage errors.
    expect(
        check_process(root, "--", "-rf.md", "--help.md"),
        dead("gone", 1, 1, path="--help.md"),
        dead("gone", 1, 1, path="-rf.md"),
    )
    assert check_process(root, "-rf.md").code == 2


@pytest.mark.parametrize("variant", VARIANTS)
def test_s17_note_text_cannot_start_a_workflow_command(make_vault, check_process, variant):
    text = (
        "::error::x\n::add-mask::secret\n\x1b]8;;http://evil\x07link\x1b]8;;\x07\n"
        "[[::error::injected]] [[x\x1bc\x9b2Jy]]\n"
    )
    root = make_vault({"note.md": encode(text, variant)}, GENERIC)
    for output_format in ("concise", "github"):
        outcome = check_process(root, "--format", output_format)
        assert outcome.code == 0
        assert len(outcome.lines) == 2
        lines = outcome.stdout.split("\n")
        if output_format == "concise":
            assert not [line for line in lines if line.startswith("::")]
        else:  # each line is one annotation, whose text is data
            assert all(line.startswith("::warning file=note.md,") for line in outcome.lines)
        assert not {"\x1b", "\x07", "\x9b"} & set(outcome.stdout)
    expect(
        check_process(root),
        "note.md:4:1: dead-wikilink [[::error::injected]] does not resolve:"
        " no file named '::error::injected.md' in the vault",
        "note.md:4:23: dead-wikilink [[x\\x1bc\\x9b2Jy]] does not resolve:"
        " no file named 'x\\x1bc\\x9b2Jy.md' in the vault",
    )


def test_s17_a_file_name_cannot_start_a_workflow_command(make_vault, check_process):
    """In concise output the path starts the line: a note named `::error::x.md` must not
    become a GitHub Actions command (print it as `./::error::x.md`, or escape it)."""
    root = make_vault({"::error::x.md": "[[gone]]\n", "::add-mask::y.md": "[[gone]]\n"}, GENERIC)
    outcome = check_process(root, "--format", "concise")
    assert len(outcome.lines) == 2
    assert not [line for line in outcome.stdout.split("\n") if line.startswith("::")]


def _limit_open_files() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (32, 32))


def test_s18_many_files_with_few_file_descriptors(make_vault, check_process):
    # 2,000 notes (not §6's 100,000: the budget) linking each other, under a 32-descriptor limit.
    files = {
        f"d{index % 20}/n{index}.md": f"# N{index}\n\n[[n{(index + 1) % 2000}#N{(index + 1) % 2000}]]\n"
        for index in range(2000)
    }
    root = make_vault(files, GENERIC)
    outcome = check_process(root, preexec_fn=_limit_open_files)
    expect(outcome)
    assert outcome.stdout == "All checks passed (2,000 notes).\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file: NUL byte at offset 8", id="png"
        ),
        pytest.param(
            b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary file: NUL byte at offset 4", id="jpeg"
        ),
        pytest.param(
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not UTF-8: invalid byte 0xE2 at offset 10", id="pdf"
        ),
    ],
)
def test_s19_binary_files_named_md(check, data, message):
    expect(check({"scan.md": data, "a.md": "[[scan]]\n"}), unreadable(message, path="scan.md"))


def test_s20_leftovers_and_app_folders_are_not_notes(check):
    # fix side: issue 3 (a stale *.notelint.tmp left by a killed fix is reported)
    files: dict[str, str | bytes] = {
        "note.md": "[[gone]] [[template]]\n",
        "note.md.notelint.tmp": "[[gone]]\n",
        ".obsidian/workspace.md": "[[gone]]\n",
        ".obsidian/templates/template.md": "x\n",
        ".trash/old.md": "[[gone]]\n",
        ".git/COMMIT_EDITMSG.md": "[[gone]]\n",
    }
    expect(
        check(files),
        dead("gone", 1, 1),
        dead("template", 1, 10),
    )
    # A sync conflict copy is a note like any other (Obsidian shows it): checked, no crash.
    conflicted = {"note.md": "x\n", "note (conflicted copy 2024-01-01).md": "[[gone]]\n"}
    expect(
        check(conflicted),
        dead("gone", 1, 1, path="note (conflicted copy 2024-01-01).md"),
    )
