"""`notelint schema --json-schema`: the exact schema of a small config, the command's errors,
the date patterns against the bad-date rule, and the agreement test: every note of a generated
vault and of a vault of edge cases, validated with the `jsonschema` library (patterns read as
ECMA-262, as editors read them), gets the same field verdicts as `notelint check`, except for
what JSON Schema cannot say, which is listed and asserted here as well.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import regress
from jsonschema import Draft202012Validator, ValidationError, validators

from notelint.check import note_type
from notelint.config import Config, FieldSpec, NoteType, load_config, make_project
from notelint.date_patterns import date_pattern, iso_datetime_pattern
from notelint.files import Decoded, decode_note
from notelint.json_schema import python_only
from notelint.markdown import split_linktext
from notelint.note import Note, parse_note
from notelint.rules.bad_date import _problem as date_problem
from notelint.vault import unique_key
from notelint.yaml_nodes import YamlNode, YamlScalar, YamlSeq

ROOT = Path(__file__).resolve().parent.parent
GENERATE = ROOT / "benchmarks" / "generate.py"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def notelint(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "notelint", *args]
    return subprocess.run(
        command, capture_output=True, encoding="utf-8", cwd=cwd, timeout=120, check=False
    )


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


# --- the exact output --------------------------------------------------------------------

SMALL = """
types:
  Note:
    description: A short note
    extra_fields: forbid
    fields:
      title: {type: str, required: true, description: What it is about}
      rating: {type: int, min: 1, max: 5, default: 3}
      weight: {type: float, max: 2.5}
      done: {type: bool, required: true, aliases: [finished]}
      seen: {type: date, format: '%d.%m.%y'}
      at: {type: datetime}
      link: {type: url, schemes: [https, git+ssh], unique: true}
      status: {type: enum, values: [draft, 2, true]}
      up: {type: wikilink, pattern: Index}
      tags: {type: list, items: {type: str, pattern: '^[a-z]+$'}, min_items: 1, max_items: 3, unique_items: true}
"""
LEAP = "(?:[02468][048]|[13579][26])"
SEEN = (
    "^(?:(?:0[1-9]|[12][0-9]|3[01])\\.(?:01|03|05|07|08|10|12)\\.[0-9]{2}"
    "|(?:0[1-9]|[12][0-9]|30)\\.(?:04|06|09|11)\\.[0-9]{2}"
    "|(?:0[1-9]|1[0-9]|2[0-8])\\.02\\.[0-9]{2}"
    f"|29\\.02\\.{LEAP})$"
)
ISO_YEAR = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
ISO_LEAP = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
AT = (
    f"^(?:{ISO_YEAR}-(?:01|03|05|07|08|10|12)-(?:0[1-9]|[12][0-9]|3[01])"
    f"|{ISO_YEAR}-(?:04|06|09|11)-(?:0[1-9]|[12][0-9]|30)"
    f"|{ISO_YEAR}-02-(?:0[1-9]|1[0-9]|2[0-8])"
    f"|{ISO_LEAP}-02-29)"
    "[Tt ](?:[01][0-9]|2[0-3])(?::[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]+)?)?)?"
    "(?:Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)?$"
)
SETTINGS = {
    "description": "notelint's settings for this note: `ignore` lists rules not to report on it.",
    "type": "object",
    "properties": {
        "ignore": {
            "anyOf": [{"type": "array", "items": {"type": "string"}}, {"enum": ["ALL", "all"]}]
        }
    },
    "required": ["ignore"],
    "additionalProperties": False,
}
NOTE_SCHEMA = {
    "title": "Note",
    "description": "A short note",
    "type": "object",
    "properties": {
        "title": {"description": "What it is about", "type": "string"},
        "rating": {"type": ["integer", "null"], "minimum": 1, "maximum": 5, "default": 3},
        "weight": {"type": ["number", "null"], "maximum": 2.5},
        "done": {"type": "boolean"},
        "seen": {
            "description": "A real date written as %d.%m.%y, like '28.04.25'.",
            "type": ["string", "null"],
            "pattern": SEEN,
        },
        "at": {
            "description": "An ISO 8601 date-time like '2025-04-28T14:30:00'.",
            "type": ["string", "null"],
            "pattern": AT,
        },
        "link": {
            "description": "A URL starting with https:// or git+ssh://. notelint also checks"
            " that no other note of this type has the same value.",
            "type": ["string", "null"],
            "pattern": "^\\s*(?:[hH][tT][tT][pP][sS]|[gG][iI][tT]\\+[sS][sS][hH])://(?:[^\\s/?#\\[\\]]|\\[[0-9A-Fa-f:.]+\\])+(?:[/?#][^ ]*)?\\s*$",
        },
        "status": {"enum": ["draft", 2, True, None]},
        "up": {
            "description": 'A link like "[[Note]]"; notelint also checks that it leads to a file'
            " in the vault.",
            "type": ["string", "null"],
            "pattern": "^\\s*\\[\\[[^\\[\\]\\n#|]*[^\\s\\[\\]#|\\\\][^\\[\\]\\n]*\\]\\]\\s*$",
            "allOf": [{"pattern": "Index"}],
        },
        "tags": {
            "type": ["array", "null"],
            "items": {"type": ["string", "null"], "pattern": "^[a-z]+$"},
            "minItems": 1,
            "maxItems": 3,
            "uniqueItems": True,
        },
        "type": {"const": "Note"},
        "notelint": SETTINGS,
        "finished": {"description": "An old name of 'done': `notelint fix` renames it.", "not": {}},
    },
    "required": ["title"],
    "allOf": [{"anyOf": [{"required": ["done"]}, {"required": ["finished"]}]}],
    "additionalProperties": False,
}


def test_one_type_is_written_exactly(tmp_path: Path) -> None:
    write(tmp_path, {"notelint.yaml": SMALL})
    result = notelint("schema", "--json-schema", "Note", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    expected = {"$schema": DIALECT, **NOTE_SCHEMA}
    assert result.stdout == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    Draft202012Validator.check_schema(json.loads(result.stdout))


TWO_TYPES = """
type_field: kind
types:
  Task:
    fields:
      done: {type: bool, required: true}
  Topic/Area:
    description: Ümbrella
    paths: ['areas/**']
    extra_fields: allow
"""
TWO_TYPES_SCHEMA = """\
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "notelint note types",
  "description": "Frontmatter of notelint note types, chosen by the 'kind' field. A note without 'kind' takes its type from its folder (Topic/Area), which this schema cannot see: map `notelint schema --json-schema TYPE` to those folders.",
  "type": "object",
  "properties": {
    "kind": {
      "enum": [
        "Task",
        "Topic/Area"
      ]
    },
    "notelint": {
      "description": "notelint's settings for this note: `ignore` lists rules not to report on it.",
      "type": "object",
      "properties": {
        "ignore": {
          "anyOf": [
            {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            {
              "enum": [
                "ALL",
                "all"
              ]
            }
          ]
        }
      },
      "required": [
        "ignore"
      ],
      "additionalProperties": false
    }
  },
  "allOf": [
    {
      "if": {
        "properties": {
          "kind": {
            "const": "Task"
          }
        },
        "required": [
          "kind"
        ]
      },
      "then": {
        "$ref": "#/$defs/Task"
      }
    },
    {
      "if": {
        "properties": {
          "kind": {
            "const": "Topic/Area"
          }
        },
        "required": [
          "kind"
        ]
      },
      "then": {
        "$ref": "#/$defs/Topic~1Area"
      }
    }
  ],
  "$defs": {
    "Task": {
      "title": "Task",
      "description": "notelint warns about keys this type does not declare; JSON Schema has no warnings, so they are allowed here.",
      "type": "object",
      "properties": {
        "done": {
          "type": "boolean"
        },
        "kind": {
          "const": "Task"
        },
        "notelint": {
          "description": "notelint's settings for this note: `ignore` lists rules not to report on it.",
          "type": "object",
          "properties": {
            "ignore": {
              "anyOf": [
                {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                {
                  "enum": [
                    "ALL",
                    "all"
                  ]
                }
              ]
            }
          },
          "required": [
            "ignore"
          ],
          "additionalProperties": false
        }
      },
      "required": [
        "done"
      ]
    },
    "Topic/Area": {
      "title": "Topic/Area",
      "description": "Ümbrella Notes under areas/** are of this type by their folder.",
      "type": "object",
      "properties": {
        "kind": {
          "const": "Topic/Area"
        },
        "notelint": {
          "description": "notelint's settings for this note: `ignore` lists rules not to report on it.",
          "type": "object",
          "properties": {
            "ignore": {
              "anyOf": [
                {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                {
                  "enum": [
                    "ALL",
                    "all"
                  ]
                }
              ]
            }
          },
          "required": [
            "ignore"
          ],
          "additionalProperties": false
        }
      }
    }
  }
}
"""


def test_all_types_dispatch_on_the_type_field(tmp_path: Path) -> None:
    write(tmp_path, {"sub/notelint.yaml": TWO_TYPES, "sub/areas/a.md": "# A\n"})
    result = notelint("schema", "sub/areas/a.md", "--json-schema", cwd=tmp_path)
    assert (result.returncode, result.stderr, result.stdout) == (0, "", TWO_TYPES_SCHEMA)
    schema = json.loads(result.stdout)
    validator = Draft202012Validator(schema)
    assert not list(validator.iter_errors({"kind": "Task", "done": True}))
    assert [e.message for e in validator.iter_errors({"kind": "Task"})] == [
        "'done' is a required property"
    ]
    assert [e.message for e in validator.iter_errors({"kind": "Tsk"})] == [
        "'Tsk' is not one of ['Task', 'Topic/Area']"
    ]
    assert not list(validator.iter_errors({"kind": "Topic/Area", "anything": 1}))


def test_the_config_is_found_as_check_finds_it(tmp_path: Path) -> None:
    pyproject = '[tool.notelint]\ntypes = {Task = {fields = {done = {type = "bool"}}}}\n'
    write(tmp_path, {"pyproject.toml": pyproject, "notes/a.md": "# A\n", "other.yaml": TWO_TYPES})
    from_folder = notelint("schema", "--json-schema", "Task", cwd=tmp_path / "notes")
    assert from_folder.returncode == 0
    assert json.loads(from_folder.stdout)["properties"]["done"] == {"type": ["boolean", "null"]}
    named = notelint(
        "schema", "--json-schema", "Topic/Area", "--config", "other.yaml", cwd=tmp_path
    )
    assert json.loads(named.stdout)["title"] == "Topic/Area"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--json-schema", "Nope"],
            "notelint: error: unknown note type 'Nope'; the types are: Task, Topic/Area\n",
        ),
        (
            ["--json-schema", "--config", "missing.yaml"],
            "notelint: error: config file not found: missing.yaml\n",
        ),
        (["nowhere", "--json-schema"], "notelint: error: path not found: nowhere\n"),
        (
            ["--json-schema", "--config", "bad.yaml"],
            "notelint: error: bad.yaml:1:32: types.Task.fields.done.type: 'boolean' is not"
            " allowed; expected one of: str, int, float, bool, date, datetime, url, enum,"
            " list, wikilink\n",
        ),
    ],
)
def test_usage_and_config_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    bad = "types: {Task: {fields: {done: {type: boolean}}}}\n"
    write(tmp_path, {"notelint.yaml": TWO_TYPES, "bad.yaml": bad})
    result = notelint("schema", *args, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)


def test_no_config_and_no_output_format_are_usage_errors(tmp_path: Path) -> None:
    result = notelint("schema", "--json-schema", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "notelint: error: no notelint.yaml, .notelint.yaml or [tool.notelint] in pyproject.toml"
        " found for .; name one with --config\n"
    )
    result = notelint("schema", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.endswith("error: the following arguments are required: --json-schema\n")


def test_python_only_patterns_are_warned_about(tmp_path: Path) -> None:
    config = """
    types:
      Task:
        fields:
          code: {type: str, pattern: '(?P<year>\\d{4})'}
          tags: {type: list, items: {type: str, pattern: '^\\#?\\w+$'}}
          ok: {type: str, pattern: '^[a-z\\-]+\\.md$'}
    """
    write(tmp_path, {"notelint.yaml": config})
    result = notelint("schema", "--json-schema", "Task", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == (
        "notelint: warning: notelint.yaml: types.Task.fields.code.pattern: '(?P<' is"
        " Python-only regular expression syntax; editors read patterns as ECMA-262 and may"
        " reject it\n"
        "notelint: warning: notelint.yaml: types.Task.fields.tags.items.pattern: '\\\\#' is"
        " Python-only regular expression syntax; editors read patterns as ECMA-262 and may"
        " reject it\n"
    )


@pytest.mark.parametrize(
    ("pattern", "construct"),
    [
        ("^[A-Za-z0-9_/-]+$", None),
        ("\\d+\\.\\d+\\s\\w", None),
        ("[\\-a]\\u00e9\\x41\\/", None),
        ("(?=a)(?!b)(?<=c)(?<!d)(?:e)", None),
        ("\\\\#", None),  # an escaped backslash, then #
        ("(?P<y>a)", "(?P<"),
        ("(?P=y)", "(?P="),
        ("(?i)abc", "(?i)"),
        ("a(?s:.)", "(?s:"),
        ("(?#note)", "(?#"),
        ("(?>a)", "(?>"),
        ("\\Aabc", "\\A"),
        ("abc\\Z", "\\Z"),
        ("a\\ b", "\\ "),
        ("it\\'s", "\\'"),
    ],
)
def test_python_only_syntax(pattern: str, construct: str | None) -> None:
    assert python_only(pattern) == construct


# --- date patterns -----------------------------------------------------------------------

FORMATS = [
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%m/%d/%y",
    "%B %d, %Y",
    "%d %b %Y",
    "%Y%m%d",
    "%Y-%m-%dT%H:%M:%S",
    "%I:%M %p, %d.%m.%Y",
    "%Y-%m-%d %H:%M:%S.%f (%%)",
    "[%Y] %d|%m",
]


def candidates(fmt: str) -> Iterator[str]:
    """Every day of a leap year and the next, 29 February of a century of years, and each
    written slightly wrong."""
    moment = dt.datetime(1999, 12, 31, 23, 59, 58, 999999)
    days = [moment + dt.timedelta(days=n, hours=n % 24, minutes=n) for n in range(800)]
    days += [dt.datetime(year, 2, 28, 12) for year in (1000, 1896, 1900, 2000, 2100, 9999)]
    for day in days:
        text = day.strftime(fmt)
        yield text
        yield text.replace("28", "29").replace("29", "30")
        yield text.replace("30", "31")
        yield text.replace("0", "", 1)
        yield text.upper()
        yield f" {text}"
    for year in range(1896, 2005):
        yield dt.date(year, 2, 28).strftime(fmt).replace("28", "29")


@pytest.mark.parametrize("fmt", FORMATS)
def test_date_patterns_accept_exactly_what_bad_date_accepts(fmt: str) -> None:
    spec = FieldSpec(type="datetime", format=fmt)
    pattern = date_pattern(fmt)
    assert pattern is not None
    python, ecma = re.compile(pattern), regress.Regex(pattern, "u")
    for text in set(candidates(fmt)):
        valid = date_problem(spec, text) is None
        assert (python.search(text) is not None, ecma.find(text) is not None) == (valid, valid), (
            text
        )


@pytest.mark.parametrize(
    "fmt", ["%a %d %b %Y", "%Y-%j", "%G-W%V-%u", "%d %m %Y %m", "%p %H %d%m%Y"]
)
def test_formats_whose_parts_depend_on_each_other_have_no_pattern(fmt: str) -> None:
    assert date_pattern(fmt) is None


def test_the_iso_pattern_accepts_only_what_notelint_accepts() -> None:
    """Never laxer than notelint, and as strict only where people write ISO 8601 date-times
    (T, t or a space between, seconds, a fraction and an offset optional)."""
    pattern = iso_datetime_pattern()
    python, ecma = re.compile(pattern), regress.Regex(pattern, "u")
    spec = FieldSpec(type="datetime")
    dates = ["2025-04-28", "2024-02-29", "2025-02-29", "2000-02-29", "1900-02-29", "0001-01-01"]
    dates += ["0000-01-01", "0400-02-29", "9999-12-31", "2025-13-01", "2025-04-31"]
    usual_times = ["14", "14:30", "14:30:00", "23:59:59", "14:30:00.5", "14:30:00,123"]
    times = [*usual_times, "14:30:00.1234567", "1", "14:3", "14:30:60", "24:00", "14:30:00."]
    usual_offsets = ["", "Z", "+05", "+0530", "+05:30", "-00:00", "+23:59"]
    offsets = [*usual_offsets, "z", "+24:00", "+5", "+053", "+05:60"]
    combinations = itertools.product([*dates, "20250428"], "Tt x", times, offsets)
    for date, separator, time, offset in combinations:
        text = date + separator + time + offset
        matches = python.search(text) is not None
        assert matches == (ecma.find(text) is not None), text
        valid = date_problem(spec, text) is None
        usual = date in dates and separator != "x" and time in usual_times
        usual = usual and offset in usual_offsets
        assert matches == valid if usual else not matches or valid, text


# --- the agreement test ------------------------------------------------------------------


def _ecma_pattern(
    validator: Any, pattern: str, instance: object, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and _regex(pattern).find(instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def _regex(pattern: str) -> regress.Regex:
    return regress.Regex(pattern, "u")


# What editors run: draft 2020-12 with patterns read as ECMA-262 (Unicode mode), formats asserted
EditorValidator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})
COMPARED = {
    "missing-field",
    "unknown-field",
    "wrong-type",
    "out-of-range",
    "bad-date",
    "bad-value",
    "duplicate-value",
    "unknown-type",
}
Verdict = set[tuple[str, str]]  # (field, or field[item], rule)


def json_value(node: YamlNode) -> object:
    """The value a YAML 1.2 editor reads: notelint's, but a date is the text it was written as
    (the YAML 1.2 core schema has no timestamps)."""
    if isinstance(node, YamlScalar):
        return node.text if isinstance(node.value, dt.date) else node.value
    if isinstance(node, YamlSeq):
        return [json_value(item) for item in node.items]
    return {str(key.value): json_value(value) for key, value in node.pairs}


def frontmatter_data(note: Note) -> dict[str, object]:
    fields = note.frontmatter.fields if note.frontmatter is not None else {}
    return {name: json_value(present.value) for name, present in fields.items()}


def label(path: Any) -> str:
    parts = list(path)
    return str(parts[0]) + "".join(f"[{part}]" for part in parts[1:]) if parts else ""


def spec_at(note_type: NoteType, where: str) -> FieldSpec | None:
    name, _, item = where.partition("[")
    spec = note_type.fields.get(name)
    return spec.items if spec is not None and item else spec


def schema_verdict(
    schema: dict[str, Any], data: dict[str, object], config: Config, note_type: NoteType | None
) -> Verdict:
    """What the schema finds, named as notelint's rules name it."""
    validator = EditorValidator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    found: Verdict = set()
    for error in validator.iter_errors(data):
        found |= set(_rules_of(error, config, note_type))
    return found


def _rules_of(
    error: ValidationError, config: Config, note_type: NoteType | None
) -> Iterator[tuple[str, str]]:
    keyword, instance, where = error.validator, error.instance, label(error.absolute_path)
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in instance]
        yield from ((name, "missing-field") for name in missing)
    elif keyword == "anyOf":  # a required field that has old names
        yield error.validator_value[0]["required"][0], "missing-field"
    elif keyword == "additionalProperties":
        declared = error.schema["properties"]
        yield from ((name, "unknown-field") for name in instance if name not in declared)
    elif keyword == "not":  # an old name
        yield where, "unknown-field"
    elif list(error.absolute_schema_path) == ["properties", config.type_field, "enum"]:
        yield where, "unknown-type"
    elif keyword in ("type", "enum"):
        if instance is None:
            yield where, "missing-field"
        elif keyword == "enum" and not isinstance(instance, list | dict):
            yield where, "bad-value"
        else:
            yield where, "wrong-type"
    elif keyword in ("minimum", "maximum", "minItems", "maxItems"):
        yield where, "out-of-range"
    elif keyword == "uniqueItems":
        yield where, "duplicate-value"
    elif keyword in ("pattern", "format"):
        spec = spec_at(note_type, where) if note_type is not None else None
        yield where, "bad-date" if spec and spec.type in ("date", "datetime") else "bad-value"
    else:
        raise AssertionError(f"unmapped error: {error}")


def notelint_verdict(diagnostics: list[dict[str, Any]], config: Config) -> tuple[Verdict, Verdict]:
    """The field verdicts of `notelint check`, and those JSON Schema cannot express."""
    compared: Verdict = set()
    beyond: Verdict = set()
    for diagnostic in diagnostics:
        rule, message = diagnostic["rule"], diagnostic["message"]
        if rule not in COMPARED:
            continue
        item = (_field_of(rule, message, config), rule)
        (beyond if _inexpressible(diagnostic) else compared).add(item)
    return compared, beyond


def _field_of(rule: str, message: str, config: Config) -> str:
    if rule in ("missing-field", "unknown-field"):
        match = re.search(r"field '([^']*)'", message)
        assert match is not None, message
        return match.group(1)
    if rule == "unknown-type":
        return config.type_field
    where = message.split(" ", 1)[0]
    return where.split("[")[0] if rule == "duplicate-value" else where


def _inexpressible(diagnostic: dict[str, Any]) -> bool:
    """Unique across the vault, a wikilink to a note that does not exist, a warning."""
    rule, message = diagnostic["rule"], diagnostic["message"]
    if rule == "duplicate-value":
        return " is already used by " in message
    if rule == "bad-value" and "which is not a file in the vault" in message:
        link = re.search(r"'\s*\[\[(.*)\]\]\s*'", message)
        return link is not None and split_linktext(link.group(1))[0] != ""  # [[#H]]: no target
    return (
        rule == "unknown-field"
        and diagnostic["severity"] == "warning"
        and "old name" not in message
    )


def read_differently(note_type: NoteType, note: Note) -> set[str]:
    """Fields (or list items) whose value JSON Schema and notelint cannot read alike: a date
    written in a field of another type (text to a YAML 1.2 editor), 5.0 for an integer (one
    number to JSON), repeats JSON and notelint count differently, ISO date-times that Python
    reads and the pattern does not, dates in a format that has no pattern."""
    fields = note.frontmatter.fields if note.frontmatter is not None else {}
    found = set()
    for name, spec in note_type.fields.items():
        present = fields.get(name)
        if present is None:
            continue
        for where, item_spec, node in _values(name, spec, present.value):
            if _read_differently(item_spec, node):
                found.add(where)
    return found


def _values(
    name: str, spec: FieldSpec, node: YamlNode
) -> Iterator[tuple[str, FieldSpec, YamlNode]]:
    yield name, spec, node
    if isinstance(node, YamlSeq) and spec.items is not None:
        for index, item in enumerate(node.items):
            yield f"{name}[{index}]", spec.items, item


def _read_differently(spec: FieldSpec, node: YamlNode) -> bool:
    if isinstance(node, YamlSeq):
        return spec.unique_items and _repeats_differ(node)
    if not isinstance(node, YamlScalar):
        return False
    value, text = node.value, node.text
    if isinstance(value, dt.date) and spec.type not in ("date", "datetime"):
        return True
    if isinstance(value, float) and value.is_integer():
        return spec.type == "int" or (spec.type == "enum" and int(value) in (spec.values or []))
    if spec.type not in ("date", "datetime") or not isinstance(value, str | dt.date):
        return False
    valid = date_problem(spec, text) is None
    fmt = spec.date_format
    if fmt is None:
        return valid and not re.search(iso_datetime_pattern(), text)
    return date_pattern(fmt) is None and not valid


def _repeats_differ(node: YamlSeq) -> bool:
    """Repeats as uniqueItems counts them (1 and 1.0, two empty items, two equal lists) and
    as notelint does (values as written, empty and nested items left out)."""
    as_json = not Draft202012Validator({"uniqueItems": True}).is_valid(json_value(node))
    scalars = [item.value for item in node.items if isinstance(item, YamlScalar)]
    keys = [unique_key(value) for value in scalars if value is not None]
    return as_json != (len(keys) != len(set(keys)))


Beyond = list[tuple[str, str, str]]  # (note, field, why JSON Schema does not say it)


def agreement(vault: Path) -> tuple[set[str], Beyond]:
    """Check every note of the vault against its type's schema and the all-types schema;
    return the rules whose findings agreed, and what JSON Schema cannot express."""
    config_path = vault / "notelint.yaml"
    config = load_config(config_path)
    project = make_project(config, config_path, vault)
    diagnostics = notelint_diagnostics(vault)
    schemas: dict[str | None, dict[str, Any]] = {
        name: _schema(vault, name) for name in config.types
    }
    schemas[None] = _schema(vault)
    agreed: set[str] = set()
    beyond: Beyond = []
    for path in sorted(vault.rglob("*.md")):
        relative = path.relative_to(vault).as_posix()
        decoded = decode_note(path.read_bytes())
        assert isinstance(decoded, Decoded)
        note = parse_note(decoded.text, relative)
        assert not note.problems, relative
        expected, missed = notelint_verdict(diagnostics.get(relative, []), config)
        beyond += [(relative, where, f"notelint only: {rule}") for where, rule in sorted(missed)]
        differ = _compare(note, note_type(note, project), schemas, config, expected)
        beyond += [(relative, where, "read differently") for where in sorted(differ)]
        agreed |= {rule for _, rule in _without(expected, differ)}
    return agreed, beyond


def notelint_diagnostics(vault: Path) -> dict[str, list[dict[str, Any]]]:
    """`notelint check --format json` of the vault, by note."""
    result = notelint("check", "--format", "json", "--no-cache", ".", cwd=vault)
    assert result.returncode in (0, 1), result.stderr
    by_path: dict[str, list[dict[str, Any]]] = {}
    for diagnostic in json.loads(result.stdout):
        by_path.setdefault(diagnostic["path"], []).append(diagnostic)
    return by_path


def _compare(
    note: Note,
    typed: tuple[str | None, NoteType | None],
    schemas: dict[str | None, dict[str, Any]],
    config: Config,
    expected: Verdict,
) -> set[str]:
    """Assert that the type's schema finds what notelint found, and that the all-types schema
    finds the same (plus unknown-type) when the note has a type field, and nothing when it
    has none: it cannot see folders. Returns the fields read differently, left out."""
    name, spec = typed
    data = frontmatter_data(note)
    found = schema_verdict(schemas[name], data, config, spec) if name is not None else set()
    differ = read_differently(spec, note) if spec is not None else set()
    compared = _without(expected - _unknown_type(expected), differ)
    assert _without(found, differ) == compared, note.path
    dispatched = schema_verdict(schemas[None], data, config, spec)
    if config.type_field in data:
        assert dispatched == found | _unknown_type(expected), note.path
    else:
        assert dispatched == set(), note.path
    return differ


def _unknown_type(verdict: Verdict) -> Verdict:
    return {item for item in verdict if item[1] == "unknown-type"}


def _without(verdict: Verdict, fields: set[str]) -> Verdict:
    return {(where, rule) for where, rule in verdict if where not in fields}


@functools.cache
def _schema_text(vault: Path, name: str | None) -> str:
    args = ["schema", "--json-schema"] + ([name] if name is not None else [])
    result = notelint(*args, cwd=vault)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout


def _schema(vault: Path, name: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(_schema_text(vault, name))
    Draft202012Validator.check_schema(schema)
    return schema


def test_a_generated_vault_gets_the_same_verdicts(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    command = [sys.executable, str(GENERATE), str(vault), "--notes", "300", "--seed", "5"]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    config = vault / "notelint.yaml"  # unknown keys are errors, so the schema reports them too
    config.write_text(config.read_text().replace("extra_fields: warn", "extra_fields: forbid"))
    manifest = json.loads((vault / "manifest.json").read_text())
    planted = [d for d in manifest["defects"] if d["rule"] == "duplicate-value"]
    agreed, beyond = agreement(vault)
    assert beyond == [(d["path"], "link", "notelint only: duplicate-value") for d in planted]
    field_rules = {"missing-field", "wrong-type", "out-of-range", "bad-date", "bad-value"}
    assert agreed == field_rules | {"unknown-field"}


EDGE_CONFIG = """
types:
  Book:
    description: A book I read
    extra_fields: forbid
    fields:
      title: {type: str, required: true, pattern: '^[A-Z]'}
      isbn: {type: str, required: true, aliases: [ISBN]}
      pages: {type: int, min: 1, max: 5000}
      rating: {type: float, min: 0, max: 5, required: true}
      finished: {type: bool}
      started: {type: date, format: '%d/%m/%Y'}
      read_on: {type: date}
      month: {type: date, format: '%B %d, %Y'}
      weekday: {type: date, format: '%a %d %b %Y'}
      logged: {type: datetime}
      logged_at: {type: datetime, format: '%Y-%m-%d %H:%M'}
      url: {type: url, schemes: [https], required: true, unique: true}
      status: {type: enum, values: [todo, reading, 2, true], required: true}
      series: {type: wikilink}
      tags: {type: list, items: {type: str, pattern: '^[a-z]+$'}, min_items: 1, max_items: 3, unique_items: true}
      authors: {type: list, items: {type: wikilink}}
      scores: {type: list, items: {type: int, min: 0, max: 10}}
      shelves: {type: list, items: {type: list, max_items: 2, items: {type: int}}, unique_items: true}
  Journal:
    paths: ['journal/**']
    fields:
      day: {type: date, required: true}
      mood: {type: enum, values: [1, 2, 3]}
  Loose:
    extra_fields: allow
    fields:
      note: {type: str}
"""
BOOK = {"type": "Book", "title": "Dune", "isbn": "'0441013597'", "rating": "4.5", "status": "todo"}
# What JSON Schema and notelint read differently: a note that changes BOOK so, then what the
# schema says of it and what notelint says (the README lists them)
DIFFERENCES: list[tuple[dict[str, str | None], Verdict, Verdict]] = [
    ({"title": "2025-04-28"}, {("title", "bad-value")}, {("title", "wrong-type")}),
    ({"pages": "5.0"}, set(), {("pages", "wrong-type")}),
    ({"pages": "1e3"}, set(), {("pages", "wrong-type")}),
    ({"status": "2.0"}, set(), {("status", "bad-value")}),
    ({"tags": "[a, ~, ~]"}, {("tags", "duplicate-value")}, set()),
    ({"scores": "[1, 1.0]"}, set(), {("scores[1]", "wrong-type")}),
    ({"shelves": "[[1], [1]]"}, {("shelves", "duplicate-value")}, set()),
    ({"logged": "'20250428T1430'"}, {("logged", "bad-date")}, set()),
    ({"weekday": "Tue 28 Apr 2025"}, set(), {("weekday", "bad-date")}),
]

# One note each: the fields that differ from BOOK (None drops a field, "" leaves it empty)
BOOKS: list[dict[str, str | None]] = [
    {},
    {"title": "123"},
    {"title": "lower case"},
    {"title": "''"},
    {"title": ""},
    {"title": None},
    {"title": "~"},
    {"title": "[Dune]"},
    {"title": "{a: 1}"},
    {"isbn": None},
    {"isbn": None, "ISBN": "'0441013597'"},
    {"ISBN": "x"},
    {"pages": "0"},
    {"pages": "5001"},
    {"pages": "'12'"},
    {"pages": "12.5"},
    {"pages": "true"},
    {"pages": "0x10"},
    {"pages": ""},
    {"rating": "5"},
    {"rating": "6"},
    {"rating": "-0.5"},
    {"rating": ".inf"},
    {"rating": ".nan"},
    {"rating": "'4'"},
    {"rating": ""},
    {"finished": "yes"},
    {"finished": "True"},
    {"finished": "'true'"},
    {"finished": "1"},
    {"started": "'28/04/2025'"},
    {"started": "'30/02/2025'"},
    {"started": "'29/02/2024'"},
    {"started": "'29/02/2023'"},
    {"started": "'31/04/2025'"},
    {"started": "'1/4/2025'"},
    {"started": "2025-04-28"},
    {"started": "28042025"},
    {"read_on": "2025-04-28"},
    {"read_on": "'2025-04-28'"},
    {"read_on": "2025-02-30"},
    {"read_on": "'0999-01-01'"},
    {"read_on": "2025-04-28 10:00:00"},
    {"month": "April 28, 2025"},
    {"month": "april 28, 2025"},
    {"month": "February 29, 2023"},
    {"weekday": "Mon 28 Apr 2025"},
    {"logged": "2025-04-28T14:30:00"},
    {"logged": "'2025-04-28 14:30'"},
    {"logged": "'2025-04-28'"},
    {"logged": "'2025-04-28T25:00'"},
    {"logged": "'2025-04-28T14:30:00+05:30'"},
    {"logged": "'2025-04-28T14:30:00.123Z'"},
    {"logged_at": "'2025-04-28 14:30'"},
    {"logged_at": "'2025-04-28 2:30'"},
    {"url": "https://example.com/a"},
    {"url": "http://example.com/b"},
    {"url": "HTTPS://EXAMPLE.COM/C"},
    {"url": "'https://'"},
    {"url": "https:///path"},
    {"url": "example.com"},
    {"url": "' https://example.com/d '"},
    {"url": "'https://example.com/e f'"},
    {"url": "https://de.wikipedia.org/wiki/Straße"},
    {"url": "'https://[x'"},
    {"url": "'https://[::1]/a[b]'"},
    {"url": "'https://example.com]/'"},
    {"url": "42"},
    {"url": ""},
    {"status": "reading"},
    {"status": "2"},
    {"status": "'2'"},
    {"status": "true"},
    {"status": "'true'"},
    {"status": "finished"},
    {"status": "[todo]"},
    {"status": "~"},
    {"series": '"[[Dune Messiah]]"'},
    {"series": '"[[Dune Messiah|the sequel]]"'},
    {"series": '"  [[Dune Messiah#Part 1]] "'},
    {"series": "Dune Messiah"},
    {"series": '"[[#Heading]]"'},
    {"series": '"[[ |alias]]"'},
    {"series": '"[[Dune Messiah]] and [[Children]]"'},
    {"series": "[[Dune Messiah]]"},
    {"tags": "[]"},
    {"tags": "[a, b, c, d]"},
    {"tags": "[a, a]"},
    {"tags": "[a, B]"},
    {"tags": "a"},
    {"tags": "[a, ~]"},
    {"tags": "[a, 1]"},
    {"tags": ""},
    {"authors": '["[[Frank Herbert]]", Frank]'},
    {"scores": "[1, 11]"},
    {"scores": "[1, '2']"},
    {"shelves": "[[1, 2], [1, 2, 3], x, [a]]"},
    {"colour": "blue"},
    # What JSON Schema and notelint read differently, then what notelint alone can check
    *(changes for changes, _, _ in DIFFERENCES),
    {"series": '"[[No Such Note]]"'},
    {"url": "https://example.com/a"},
]


def book(index: int, changes: dict[str, str | None]) -> str:
    fields = {**BOOK, "url": f"https://example.com/{index}", **changes}
    lines = [f"{key}: {value}".rstrip() for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n# A book\n"


EDGE_NOTES = {
    "Dune Messiah.md": "---\ntype: Loose\nnote: a sequel\nextra: [1]\n---\n",
    "Frank Herbert.md": "# No frontmatter and no type\n",
    "journal/2025-04-28.md": "---\nday: 2025-04-28\nmood: 2\n---\n",
    "journal/2025-04-29.md": "---\nday: '2025-02-29'\nmood: '2'\nweather: sunny\n---\n",
    "journal/2025-04-30.md": "# No frontmatter: day is missing\n",
    "journal/as-a-book.md": book(900, {"title": "Journal"}),
    "unknown/typo.md": "---\ntype: Boook\n---\n",
    "unknown/number.md": "---\ntype: 5\n---\n",
    "unknown/empty.md": "---\ntype:\n---\n",
}


def test_edge_cases_get_the_same_verdicts(tmp_path: Path) -> None:
    notes = {f"books/{index:03d}.md": book(index, changes) for index, changes in enumerate(BOOKS)}
    vault = write(tmp_path / "vault", {"notelint.yaml": EDGE_CONFIG, **notes, **EDGE_NOTES})
    first = len(BOOKS) - 11
    differences = [min(says | said)[0] for _, says, said in DIFFERENCES]
    agreed, beyond = agreement(vault)
    assert agreed == COMPARED
    assert beyond == [
        *(
            (f"books/{first + n:03d}.md", where, "read differently")
            for n, where in enumerate(differences)
        ),
        (f"books/{first + 9:03d}.md", "series", "notelint only: bad-value"),
        (f"books/{first + 10:03d}.md", "url", "notelint only: duplicate-value"),
        ("journal/2025-04-29.md", "weather", "notelint only: unknown-field"),
    ]


def test_what_is_read_differently_differs_as_documented(tmp_path: Path) -> None:
    """The README's list of differences, each shown: so the agreement test's exceptions are
    exactly these, and each one is real."""
    notes = {f"{n}.md": book(n, changes) for n, (changes, _, _) in enumerate(DIFFERENCES)}
    vault = write(tmp_path / "vault", {"notelint.yaml": EDGE_CONFIG, **notes})
    config = load_config(vault / "notelint.yaml")
    diagnostics = notelint_diagnostics(vault)
    for n, (_, schema_says, notelint_says) in enumerate(DIFFERENCES):
        note = parse_note((vault / f"{n}.md").read_text(), f"{n}.md")
        data, book_type = frontmatter_data(note), config.types["Book"]
        found = schema_verdict(_schema(vault, "Book"), data, config, book_type)
        expected, _ = notelint_verdict(diagnostics.get(f"{n}.md", []), config)
        assert (found, expected) == (schema_says, notelint_says), n
