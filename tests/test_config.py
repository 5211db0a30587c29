"""Config discovery and validation: a bad config exits 2 naming file:line:col and what is allowed."""

from __future__ import annotations

import datetime as dt
import math
import os
import subprocess
import sys
from dataclasses import MISSING, is_dataclass
from dataclasses import fields as dataclass_fields
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import pytest
from hypothesis import event, example, given, reject, settings
from hypothesis import strategies as st

from notelint.cli import main
from notelint.config import (
    ALL,
    DATE_FORMATS,
    DATETIME_FORMATS,
    Config,
    FieldSpec,
    FieldType,
    NoteType,
    _globs,
    _names_full_date,
    _valid_as_written,
    find_config,
    find_vault_root,
)
from notelint.rules import RULE_IDS
from tests.conftest import imported_by


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--color", "never", *args, str(root)])
    out, err = capsys.readouterr()
    return code, out, err


BAD_CONFIGS = [
    (
        "unknown field type",
        "types:\n  Content:\n    fields:\n      link: {type: uri}\n",
        "notelint.yaml:4:14: types.Content.fields.link.type: 'uri' is not allowed; expected one of:"
        " str, int, float, bool, date, datetime, url, enum, list, wikilink",
    ),
    (
        "unknown key",
        "types:\n  Content:\n    feilds: {}\n",
        "notelint.yaml:3:5: types.Content.feilds: unknown key; allowed keys are: description, paths,"
        " fields, extra_fields, sections, extra_sections",
    ),
    (
        "unknown key of a field",
        "types:\n  T:\n    fields:\n      a: {type: str, requird: true}\n",
        "notelint.yaml:4:22: types.T.fields.a.requird: unknown key; allowed keys are: type,"
        " required, description, min, max, pattern, format, values, items, min_items, max_items,"
        " unique_items, unique, schemes, default, aliases",
    ),
    (
        "unknown key of a list's items",
        "types:\n  T:\n    fields:\n      a: {type: list, items: {type: str, bogus: 1}}\n",
        "notelint.yaml:4:42: types.T.fields.a.items.bogus: unknown key; allowed keys are: type,"
        " required, description,",
    ),
    (
        "unknown key of a section",
        "types:\n  T:\n    sections:\n      - {name: A, lvl: 2}\n",
        "notelint.yaml:4:19: types.T.sections.0.lvl: unknown key; allowed keys are: name, level,"
        " required",
    ),
    (
        "unknown key of the format",
        "format:\n  key_ordr: sorted\n",
        "notelint.yaml:2:3: format.key_ordr: unknown key; allowed keys are: key_order, block_lists,"
        " quote_dates, plain_strings, blank_line_after_frontmatter, blank_lines_around_headings,"
        " strip_trailing_whitespace, collapse_blank_lines, final_newline",
    ),
    (
        "missing type",
        "types:\n  Content:\n    fields:\n      link: {required: true}\n",
        "notelint.yaml:4:7: types.Content.fields.link.type: this key is required",
    ),
    (
        "bad extra_fields",
        "types:\n  Content:\n    extra_fields: maybe\n",
        "notelint.yaml:3:5: types.Content.extra_fields: 'maybe' is not allowed; expected one of: allow, warn, forbid",
    ),
    (
        "bad rule name",
        "rules:\n  dead-links: off\n",
        "notelint.yaml:2:3: rules.dead-links: unknown rule 'dead-links';"
        " did you mean dead-link, dead-wikilink?",
    ),
    (
        "bad rule level",
        "rules:\n  dead-link: loud\n",
        "notelint.yaml:2:3: rules.dead-link: 'loud' is not allowed; expected one of: error, warning, off",
    ),
    (
        "min on a string",
        "types:\n  T:\n    fields:\n      a: {type: str, min: 1}\n",
        "notelint.yaml:4:7: types.T.fields.a: min/max apply to int and float fields, not str"
        " (lists use min_items/max_items)",
    ),
    (
        "enum without values",
        "types:\n  T:\n    fields:\n      a: {type: enum}\n",
        "notelint.yaml:4:7: types.T.fields.a: an enum field needs values: [...]",
    ),
    (
        "bad regex",
        "types:\n  T:\n    fields:\n      a: {type: str, pattern: '[a-'}\n",
        "notelint.yaml:4:22: types.T.fields.a.pattern: pattern '[a-' is not a valid regular expression:",
    ),
    (
        "regex repetition too large",
        "types:\n  T:\n    fields:\n      a: {type: str, pattern: 'a{99999999999}'}\n",
        "notelint.yaml:4:22: types.T.fields.a.pattern: pattern 'a{99999999999}' is not a valid"
        " regular expression: the repetition number is too large",
    ),
    (
        "regex nested too deeply",
        f"types:\n  T:\n    fields:\n      a: {{type: str, pattern: '{'(' * 5000}{')' * 5000}'}}\n",
        f"notelint.yaml:4:22: types.T.fields.a.pattern: pattern '{'(' * 60}... (10,000 characters)'"
        " is not a valid regular expression: groups nested too deeply",
    ),
    (
        "bad date format",
        "types:\n  T:\n    fields:\n      a: {type: date, format: '%H:%M'}\n",
        "notelint.yaml:4:23: types.T.fields.a.format: format '%H:%M' must name a full date, like '%Y-%m-%d'",
    ),
    (
        "required is not a boolean",
        "types:\n  T:\n    fields:\n      a: {type: str, required: sometimes}\n",
        "notelint.yaml:4:22: types.T.fields.a.required: expected true or false, found 'sometimes'",
    ),
    (
        "section level out of range",
        "types:\n  T:\n    sections:\n      - {name: A, level: 9}\n",
        "notelint.yaml:4:19: types.T.sections.0.level: level must be 1 to 6, found 9",
    ),
    (
        "invalid YAML",
        "types: [\n",
        "notelint.yaml:2:1: invalid YAML: while parsing a flow node; did not find expected node content",
    ),
    ("not a mapping", "- a\n", "notelint.yaml:1:1: the config must be a mapping of settings"),
    (
        "duplicate key",
        "types: {}\ntypes: {}\n",
        "notelint.yaml:2:1: duplicate key 'types' (first on line 1)",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in BAD_CONFIGS], ids=[c[0] for c in BAD_CONFIGS]
)
def test_bad_config_exits_2_with_a_located_message(tmp_path, capsys, text, expected):
    (tmp_path / "notelint.yaml").write_text(text)
    (tmp_path / "a.md").write_text("# A\n")
    code, out, err = run(tmp_path, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"notelint: error: {tmp_path / expected}")
    assert "Traceback" not in err and "pydantic" not in err


def test_a_pattern_python_may_read_otherwise_one_day_prints_no_python_warning(tmp_path):
    """re warns (FutureWarning) about `[[:alpha:]]`; a user cannot act on a Python warning that
    points into notelint, and the cached config would print it on every run."""
    (tmp_path / "notelint.yaml").write_text(
        "types:\n  T:\n    paths: ['**']\n    fields:\n      x: {type: str, pattern: '[[:alpha:]]+'}\n"
    )
    (tmp_path / "a.md").write_text("---\nx: '1'\n---\n")
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    for _ in range(2):  # without the cache, then with it
        done = subprocess.run(
            [sys.executable, "-m", "notelint", "check", "--color", "never", "."],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (done.returncode, done.stderr) == (1, "")
        assert "a.md:2:1: bad-value x is '1', which does not match the pattern" in done.stdout


@pytest.mark.parametrize("fmt", [*DATE_FORMATS, *DATETIME_FORMATS])
def test_the_formats_taken_without_strptime_name_a_full_date(fmt):
    assert _names_full_date(fmt)


@pytest.mark.parametrize(("fmt", "full"), [("%d.%m.%y", True), ("%Y-%m", False), ("%Q", False)])
def test_a_format_of_ones_own_is_read_back(fmt, full):
    assert _names_full_date(fmt) is full


def test_every_problem_is_listed(tmp_path, capsys):
    (tmp_path / "notelint.yaml").write_text(
        "types:\n  T:\n    fields:\n      a: {type: x}\n      b: {type: y}\n"
    )
    code, _, err = run(tmp_path, capsys)
    assert code == 2
    assert f"{tmp_path}/notelint.yaml:4:11: types.T.fields.a.type" in err
    assert f"{tmp_path}/notelint.yaml:5:11: types.T.fields.b.type" in err


def test_pyproject_table_is_validated_with_a_line(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.notelint]\ntype_field = "kind"\nrulez = {}\n'
    )
    code, _, err = run(tmp_path, capsys)
    assert code == 2
    assert err.startswith(
        f"notelint: error: {tmp_path}/pyproject.toml:6:1: rulez: unknown key; allowed keys are:"
    )


def test_config_in_pyproject_is_used(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.notelint.types.Book.fields.title]\ntype = "str"\nrequired = true\n'
    )
    (tmp_path / "a.md").write_text("---\ntype: Book\n---\n")
    code, out, _ = run(tmp_path, capsys)
    assert code == 1
    assert "a.md:1:1: missing-field missing required field 'title' (Book notes need it)" in out


def test_discovery_order(tmp_path):
    deep = tmp_path / "vault" / "notes"
    deep.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("[tool.notelint]\n")
    assert find_config(deep) == tmp_path / "pyproject.toml"
    (tmp_path / "notelint.yaml").write_text("")
    assert find_config(deep) == tmp_path / "notelint.yaml"  # any notelint.yaml beats pyproject
    (tmp_path / "vault" / ".notelint.yaml").write_text("")
    assert find_config(deep) == tmp_path / "vault" / ".notelint.yaml"
    (tmp_path / "vault" / "notelint.yaml").write_text("")
    assert find_config(deep / "x.md") == tmp_path / "vault" / "notelint.yaml"


def test_pyproject_without_the_table_is_skipped(tmp_path):
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "pyproject.toml").write_text("[tool.notelint]\n")
    assert find_config(inner) == tmp_path / "pyproject.toml"


def test_vault_root_without_config(tmp_path):
    (tmp_path / ".obsidian").mkdir()
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert find_vault_root(sub) == tmp_path
    assert find_vault_root(tmp_path / "elsewhere-file.md") == tmp_path


def test_explicit_config_sets_the_root(tmp_path, capsys):
    schema = tmp_path / "schemas" / "mine.yaml"
    schema.parent.mkdir()
    schema.write_text("rules:\n  dead-wikilink: error\n")
    (tmp_path / "schemas" / "a.md").write_text("[[Nowhere]]\n")
    code = main(["check", "--color", "never", "--config", str(schema), str(tmp_path / "schemas")])
    out = capsys.readouterr().out
    assert code == 1
    assert "dead-wikilink" in out


def test_missing_config_file_is_a_usage_error(tmp_path, capsys):
    code = main(["check", "--config", str(tmp_path / "nope.yaml"), str(tmp_path)])
    assert code == 2
    assert (
        capsys.readouterr().err
        == f"notelint: error: config file not found: {tmp_path / 'nope.yaml'}\n"
    )


def test_rules_map_changes_severity_and_turns_rules_off(tmp_path, capsys):
    (tmp_path / "a.md").write_text("[[Nowhere]]\n![[Gone]]\n")
    (tmp_path / "notelint.yaml").write_text(
        "rules:\n  dead-wikilink: error\n  dead-transclusion: off\n"
    )
    code, out, _ = run(tmp_path, capsys, "--format", "json")
    assert code == 1
    assert '"rule": "dead-wikilink"' in out and '"severity": "error"' in out
    assert "dead-transclusion" not in out


def test_exclude_globs(tmp_path, capsys):
    (tmp_path / "notelint.yaml").write_text("exclude: ['templates/**', '*.draft.md']\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.md").write_text("---\ncreated: {{date}}\n---\n")
    (tmp_path / "x.draft.md").write_text("![[Gone]]\n")
    (tmp_path / "a.md").write_text("[[t]]\n")  # excluded notes are still link targets
    code, out, _ = run(tmp_path, capsys)
    assert code == 0
    assert out == "All checks passed (1 note).\n"


def test_obsidian_template_folders_are_not_checked(tmp_path, capsys):
    (tmp_path / ".obsidian" / "plugins" / "templater-obsidian").mkdir(parents=True)
    (tmp_path / ".obsidian" / "templates.json").write_text('{"folder": "Templates"}')
    (tmp_path / ".obsidian" / "plugins" / "templater-obsidian" / "data.json").write_text(
        '{"templates_folder": "_tpl/"}'
    )
    for folder, name in (("Templates", "Daily"), ("_tpl", "Weekly")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"{name}.md").write_text("---\ncreated: {{date}}\n---\n")
    (tmp_path / "a.md").write_text("[[Daily]] [[Weekly]]\n")  # templates are still link targets
    code, out, err = run(tmp_path, capsys)
    assert (code, out, err) == (0, "All checks passed (1 note).\n", "")


def test_template_folders_setting_overrides_obsidian(tmp_path, capsys):
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "templates.json").write_text('{"folder": "Templates"}')
    (tmp_path / "notelint.yaml").write_text("template_folders: []\n")
    (tmp_path / "Templates").mkdir()
    (tmp_path / "Templates" / "Daily.md").write_text("---\ncreated: {{date}}\n---\n")
    code, out, _ = run(tmp_path, capsys)
    assert code == 1
    assert "Templates/Daily.md:2:11: frontmatter-syntax" in out


def test_guessing_the_root_says_so(tmp_path, capsys):
    (tmp_path / "a.md").write_text("# A\n")
    code, out, err = run(tmp_path, capsys)
    assert out == "All checks passed (1 note).\n"
    assert code == 0
    assert err == (
        f"notelint: warning: no notelint.yaml or .obsidian/ found; using {tmp_path} as the vault root,"
        " so links resolve inside it only\n"
    )


def test_each_path_is_checked_against_its_own_vault(tmp_path, capsys):
    """pre-commit passes all staged files at once: a README outside the vault, notes of two
    vaults. Each note gets its own schema; none is skipped or refused."""
    for vault in ("one", "two"):
        (tmp_path / vault).mkdir()
        (tmp_path / vault / "notelint.yaml").write_text(
            "types:\n  T:\n    fields:\n      n: {type: int}\n"
        )
        (tmp_path / vault / "a.md").write_text("---\nn: '5'\ntype: T\n---\n")
    (tmp_path / "README.md").write_text("# Read me\n")
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(["check", "--color", "never", "README.md", "one/a.md", "two/a.md"])
    finally:
        os.chdir(previous)
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines() == [
        "one/a.md:2:1: wrong-type n is a string, expected an integer (remove the quotes: 5)",
        "two/a.md:2:1: wrong-type n is a string, expected an integer (remove the quotes: 5)",
        "Found 2 problems in 2 of 3 notes (2 errors, 0 warnings).",
    ]


_NAMES = ["a", "A", "a a", "aa", "-", ".a", "!a", "#a", "a*", "[a]", "x.md"]  # of folders, files
_PART = st.one_of(
    st.sampled_from([*_NAMES, "", ".", "..", "**"]), st.text(alphabet="aA -.*?[]\\!#", max_size=3)
)
_FOLDER = st.lists(_PART, min_size=1, max_size=3).map("/".join)
_PATTERN = st.one_of(
    st.tuples(st.sampled_from(["", "/"]), _FOLDER, st.sampled_from(["/**", "/", "", "/*"])).map(
        "".join
    ),
    st.text(alphabet="a/*!#. ", max_size=6),
)


@pytest.mark.filterwarnings("ignore::FutureWarning")  # pathspec's regex for `[[`
@settings(max_examples=3000, deadline=None)
@example(["a/**"], ["A", "a", "x.md"])  # at the root only
@example(["a/"], ["A", "a", "x.md"])  # anywhere
@example(["/a/"], ["A", "a", "x.md"])
@example(["A/a/"], ["A", "a", "x.md"])
@example(["!a/**"], ["!a", "x.md"])  # a negation
@example(["#a/"], ["#a", "x.md"])  # a comment
@example(["a/./**"], ["a", "x.md"])
@example(["**"], ["x.md"])  # the root folder
@example(["/**"], ["a", "x.md"])
@given(
    patterns=st.lists(_PATTERN, max_size=3),
    path=st.lists(st.sampled_from(_NAMES), min_size=1, max_size=4),
)
def test_whole_folder_patterns_match_as_pathspec_matches_them(patterns, path):
    """`folder/**` and `folder/` are matched without pathspec: with the same answers."""
    import pathspec

    relative = "/".join(path)
    try:
        expected = pathspec.GitIgnoreSpec.from_lines(patterns).match_file(relative)
    except ValueError:  # not a pattern (the config's validation says so first)
        reject()
    assert _globs(patterns)(relative) == expected


@pytest.mark.parametrize(
    "patterns", [["a/"], ["a/**"], ["/a/"], ["c/a/"], ["**"], ["a/", "*.x"], ["a/**", "!a/k.md"]]
)
def test_a_newline_in_a_path_is_a_character_as_git_has_it(tmp_path, patterns):
    """pathspec's regexes stop at a newline (`.`); git does not, and neither does notelint."""
    paths = ["b\nc/a/x.md", "\n/a/x.md", "a\nb/x.md", "a/\n.md", "a/k.md", "x/y.md"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("\n".join(patterns) + "\n")
    asked = subprocess.run(
        ["git", "check-ignore", "--no-index", "-z", "--stdin"],
        cwd=tmp_path,
        input="\0".join(paths) + "\0",
        capture_output=True,
        text=True,
        check=False,
    )
    assert asked.returncode in (0, 1), asked.stderr  # 1: none ignored
    ignored = asked.stdout.split("\0")
    assert [_globs(patterns)(path) for path in paths] == [path in ignored for path in paths]


# What a config's setting may hold instead of its type: a value near it (an int for a bool
# or a float, a float for an int), or of no type the setting takes.
_WORDS = [*RULE_IDS, ALL, *DATE_FORMATS, *get_args(FieldType), "allow", "warn", "forbid"]
_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=4),
    st.dates(),
    st.sampled_from(_WORDS),
)


def _values_for(hint: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Data for a setting typed `hint`: mostly of its type, now and then not."""
    return st.integers(0, 19).flatmap(lambda roll: _JUNK if roll == 0 else _typed(hint, depth))


def _typed(hint: Any, depth: int) -> st.SearchStrategy[Any]:
    if hint is FieldSpec:
        return st.sampled_from(get_args(FieldType)).flatmap(lambda kind: _field_spec(kind, depth))
    if isinstance(hint, type) and is_dataclass(hint):
        hints = get_type_hints(hint)
        fields = dataclass_fields(hint)
        required = [f.name for f in fields if MISSING is f.default and MISSING is f.default_factory]
        optional = [f.name for f in fields if f.name not in required and depth < 3]
        known = st.fixed_dictionaries(
            {name: _values_for(hints[name], depth + 1) for name in required},
            optional={name: _values_for(hints[name], depth + 1) for name in optional},
        )
        return st.tuples(known, st.integers(0, 29)).map(
            lambda pair: pair[0] if pair[1] else {**pair[0], "unknown_key": 1}
        )
    origin, arguments = get_origin(hint), get_args(hint)
    if origin is Literal:
        return st.sampled_from(arguments)
    if origin is dict:
        keys = st.integers(0, 9).flatmap(
            lambda roll: _JUNK if roll == 0 else st.sampled_from(["Content", "a/*", *RULE_IDS])
        )
        return st.dictionaries(keys, _values_for(arguments[1], depth + 1), max_size=2)
    if origin is list:
        return st.lists(_values_for(arguments[0], depth + 1), max_size=3)
    if origin in (Union, UnionType):
        return st.one_of([_typed(argument, depth) for argument in arguments])
    return {
        str: st.sampled_from(_WORDS) | st.text(max_size=3),
        int: st.integers(min_value=-3, max_value=2**70),
        float: st.floats() | st.integers(),
        bool: st.booleans(),
        type(None): st.none(),
    }[hint]


# The options each field type takes (others fail FieldSpec's own check, and are left to
# pydantic: the data above reaches msgspec's reading of a field spec too rarely).
_OPTIONS = {
    "int": ["min", "max"],
    "float": ["min", "max"],
    "date": ["format"],
    "datetime": ["format"],
    "str": ["pattern"],
    "url": ["pattern", "schemes"],
    "wikilink": ["pattern"],
    "enum": ["values", "pattern"],
    "list": ["items", "min_items", "max_items", "unique_items"],
}
_COMMON = ["required", "description", "unique", "default", "aliases"]


def _field_spec(kind: str, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    hints = get_type_hints(FieldSpec)
    names = [*_OPTIONS.get(kind, []), *_COMMON]
    if depth >= 3 and "items" in names:
        names.remove("items")
    special = {"pattern": st.sampled_from(["^a", "x+", "("]), "format": st.sampled_from(_WORDS)}
    options = {name: special.get(name, _values_for(hints[name], depth + 1)) for name in names}
    if kind == "enum":
        options["values"] = st.lists(_typed(hints["values"].__args__[0], depth), min_size=1)
    return st.fixed_dictionaries({"type": st.just(kind)}, optional=options)


# Whole configs, and configs with note types (which whole ones rarely hold all valid).
_CONFIGS = _values_for(Config) | st.builds(
    lambda config, types: {**config, "types": types} if isinstance(config, dict) else config,
    _values_for(Config),
    st.dictionaries(st.sampled_from(["Content", "Topic"]), _typed(NoteType, 1), min_size=1),
)


@settings(max_examples=400, deadline=None)
@given(data=_CONFIGS)
def test_a_config_valid_as_written_reads_as_pydantic_reads_it(data):
    """msgspec validates a config that needs no coercion (pydantic is not imported then); it
    must accept no config pydantic refuses, and read each one it accepts the same way."""
    from pydantic import TypeAdapter, ValidationError

    fast = _valid_as_written(data)
    event("msgspec accepted" if fast is not None else "left to pydantic")
    if fast is None:
        return
    try:
        slow = TypeAdapter(Config).validate_python(data)
    except ValidationError as error:
        raise AssertionError(f"msgspec accepted what pydantic refuses: {error}") from None
    assert repr(fast) == repr(slow)  # repr: a nan setting is equal to itself


_NEAR = [None, True, 0, 1, 2, -1, 2**64, 1.0, 1.5, math.nan, "", "1", "x", "^a", "(", "%Y-%m-%d"]
_NEAR += [dt.date(2025, 1, 2), [], ["a"], [1], [1.5, True, "a"], [None], {}, {"type": "str"}]


def test_each_field_option_valid_as_written_reads_as_pydantic_reads_it():
    """Every option of every field type, given values of each kind: where msgspec accepts,
    pydantic accepts the same field (the hypothesis test above rarely reaches a field)."""
    from pydantic import TypeAdapter, ValidationError

    adapter = TypeAdapter(Config)
    differ, accepted = [], 0
    for kind in get_args(FieldType):
        for option in [f.name for f in dataclass_fields(FieldSpec)]:
            for value in _NEAR:
                base = {"type": kind, "values": ["a"]} if kind == "enum" else {"type": kind}
                data = {"types": {"T": {"fields": {"f": {**base, option: value}}}}}
                fast = _valid_as_written(data)
                if fast is None:
                    continue
                accepted += 1
                try:
                    slow = repr(adapter.validate_python(data))
                except ValidationError:
                    slow = "refused"
                if repr(fast) != slow:
                    differ.append((kind, option, value))
    assert not differ
    assert accepted > 400, accepted  # the grid reaches msgspec's reading of most options


def test_a_valid_config_does_not_import_pydantic(tmp_path):
    """What a run without a cache saves: pydantic's import and its validator's build."""
    (tmp_path / "notelint.yaml").write_text(
        "types:\n  Content:\n    fields:\n      n: {type: int, min: 0}\n"
        "    sections: [{name: Summary}]\n"
    )
    (tmp_path / "a.md").write_text("---\nn: 1\n---\n\n## Summary\n")
    assert imported_by(tmp_path, ["check", "--no-cache", "."], ["pydantic"]) == (0, [])
