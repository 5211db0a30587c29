"""The schema file: finding it, validating it (with pydantic wherever it could be wrong), and
saying exactly what is wrong.

A bad config never reaches the user as a traceback or a pydantic dump: every problem is one
line `file:line:col: where.in.config: what is wrong; what is allowed`, and the CLI exits 2.
"""

from __future__ import annotations

import functools
import json
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, is_dataclass
from dataclasses import fields as dataclass_fields
from functools import cached_property
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin, get_type_hints

import msgspec

from notelint.files import DEFAULT_MAX_FILE_SIZE, ReadFailure, read_regular_file
from notelint.rules import RULE_IDS, unknown_rule

SUPPRESSIONS_KEY = "notelint"  # the frontmatter key of a note's suppressions; never a field

if TYPE_CHECKING:
    from notelint.yaml_nodes import YamlNode

CONFIG_NAMES = ("notelint.yaml", ".notelint.yaml")
_GLOB_CHAR = re.compile(r"[*?\[\]\\]")  # a wildcard, a set or an escape in a gitignore pattern
FieldType = Literal[
    "str", "int", "float", "bool", "date", "datetime", "url", "enum", "list", "wikilink"
]
RuleLevel = Literal["error", "warning", "off"]
ALL = "ALL"  # every rule, in per-file-ignores and on the command line
_NUMERIC = ("int", "float")
_TEXTUAL = ("str", "url", "wikilink", "enum")


# Dates and times as people write them by hand: what init recognises (and, dates, what
# bad-date can rewrite). Each names a full date (a test holds them to `_names_full_date`), so
# a config naming one is not checked with strptime, whose first call costs a run 5-10 ms.
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%d.%m.%Y",
    "%m.%d.%Y",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
)
DATETIME_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
)


class ConfigProblem(ValueError):
    """A config value that does not fit, found by a model's own check; `key` names the setting
    (under the model being checked) so the message can point at its line: dotted, or a tuple
    when a part may hold dots (a glob)."""

    def __init__(self, key: str | tuple[str, ...] | None, message: str) -> None:
        super().__init__(message)
        self.key = key


# The models are plain frozen dataclasses: msgspec or pydantic validates data into them (see
# load_config), and pydantic is imported only for a config that is not valid as written.
_FORBID_EXTRA = {"extra": "forbid"}


@dataclass(frozen=True)
class FieldSpec:
    """One frontmatter field of a note type."""

    __pydantic_config__ = _FORBID_EXTRA

    type: FieldType
    required: bool = False
    description: str | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    format: str | None = None
    values: list[str | int | float | bool] | None = None
    items: FieldSpec | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    unique: bool = False
    schemes: list[str] = field(default_factory=lambda: ["http", "https"])
    default: str | int | float | bool | list[str | int | float | bool] | None = None
    aliases: list[str] = field(default_factory=list)  # old names `fix` renames to this one

    def __post_init__(self) -> None:
        for key in ("min_items", "max_items"):
            count = getattr(self, key)
            if count is not None and count < 0:
                raise ConfigProblem(key, f"{key} must be 0 or more, found {count}")
        if self.pattern is not None:
            _check_pattern(self.pattern)
        if self.format is not None:
            _check_date_format(self.format)
        for problem in self._misplaced_options():
            raise ConfigProblem(None, problem)

    def _misplaced_options(self) -> Iterator[str]:
        kind = self.type
        if (self.min is not None or self.max is not None) and kind not in _NUMERIC:
            yield (
                f"min/max apply to int and float fields, not {kind} (lists use min_items/max_items)"
            )
        if self.format is not None and kind not in ("date", "datetime"):
            yield f"format applies to date and datetime fields, not {kind}"
        if self.pattern is not None and kind not in _TEXTUAL:
            yield f"pattern applies to str, url, enum and wikilink fields, not {kind}"
        if kind == "enum" and not self.values:
            yield "an enum field needs values: [...]"
        if self.values is not None and kind != "enum":
            yield f"values applies to enum fields, not {kind}"
        list_options = self.items is not None or self.min_items is not None
        if (list_options or self.max_items is not None or self.unique_items) and kind != "list":
            yield f"items, min_items, max_items and unique_items apply to list fields, not {kind}"

    @property
    def date_format(self) -> str | None:
        if self.type == "date":
            return self.format or "%Y-%m-%d"
        return self.format if self.type == "datetime" else None


def _check_pattern(pattern: str) -> None:
    try:
        with warnings.catch_warnings():
            # "Possible nested set" (`[[:alpha:]]`) is about re's future, pointed at this line:
            # nothing a user can act on, printed on every run. The rules find it compiled.
            warnings.simplefilter("ignore", FutureWarning)
            re.compile(pattern)
    except (re.error, OverflowError) as error:  # OverflowError: `a{99999999999}`
        problem = str(error)
    except RecursionError:  # thousands of nested groups
        problem = "groups nested too deeply"
    else:
        return
    shown = pattern if len(pattern) <= 80 else f"{pattern[:60]}... ({len(pattern):,} characters)"
    message = f"pattern {shown!r} is not a valid regular expression: {problem}"
    raise ConfigProblem("pattern", message) from None


def _check_date_format(fmt: str) -> None:
    if fmt not in DATE_FORMATS and fmt not in DATETIME_FORMATS and not _names_full_date(fmt):
        raise ConfigProblem("format", f"format {fmt!r} must name a full date, like '%Y-%m-%d'")


def _names_full_date(fmt: str) -> bool:
    """Whether a date written in `fmt` reads back as the same day."""
    import datetime as dt  # only for a format of one's own

    sample = dt.datetime(2001, 2, 3, 4, 5, 6)
    try:
        return dt.datetime.strptime(sample.strftime(fmt), fmt).date() == sample.date()
    except ValueError:
        return False


@dataclass(frozen=True)
class SectionSpec:
    """A `## Section` a note type expects, and whether it must be there."""

    __pydantic_config__ = _FORBID_EXTRA

    name: str
    level: int = 2
    required: bool = False

    def __post_init__(self) -> None:
        if not self.name:
            raise ConfigProblem("name", "a section needs a name")
        if not 1 <= self.level <= 6:
            raise ConfigProblem("level", f"level must be 1 to 6, found {self.level}")


@dataclass(frozen=True)
class NoteType:
    """One kind of note: which notes it covers, their fields and their sections."""

    __pydantic_config__ = _FORBID_EXTRA

    description: str | None = None
    paths: list[str] = field(default_factory=list)
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    extra_fields: Literal["allow", "warn", "forbid"] = "warn"
    sections: list[SectionSpec] = field(default_factory=list)
    extra_sections: Literal["allow", "forbid"] = "allow"

    def __post_init__(self) -> None:
        if SUPPRESSIONS_KEY in self.fields:
            key = SUPPRESSIONS_KEY
            message = f"{key} is reserved for suppressions ({key}: {{ignore: [...]}})"
            raise ConfigProblem(f"fields.{key}", message)

    # Which fields the rules treat apart, in the schema's order: worked out once a run, not
    # once a note (most types have none of some kinds, and then a rule looks at no field).
    @cached_property
    def date_fields(self) -> tuple[str, ...]:
        return tuple(name for name, spec in self.fields.items() if spec.type == "date")

    @cached_property
    def unique_fields(self) -> tuple[str, ...]:
        return tuple(name for name, spec in self.fields.items() if spec.unique)

    @cached_property
    def wikilink_fields(self) -> tuple[str, ...]:
        """Fields typed `wikilink`, or lists of wikilinks."""
        return tuple(
            name
            for name, spec in self.fields.items()
            if "wikilink" in (spec.type, spec.items.type if spec.items is not None else None)
        )


@dataclass(frozen=True)
class FormatConfig:
    """The canonical body layout `not-canonical` checks and `fix` writes; the defaults are the
    example note's style."""

    __pydantic_config__ = _FORBID_EXTRA

    key_order: Literal["sorted", "schema", "preserve"] = "sorted"
    block_lists: bool = True  # one item a line, at the key's indentation
    quote_dates: bool = True  # date fields as quoted strings in the schema's format
    plain_strings: bool = True  # plain unless YAML needs quotes, then single quotes
    blank_line_after_frontmatter: bool = True
    blank_lines_around_headings: bool = True
    strip_trailing_whitespace: bool = True  # a Markdown hard break (two spaces) is kept
    collapse_blank_lines: bool = True
    final_newline: bool = True


@dataclass(frozen=True)
class Config:
    """The whole schema file (or `[tool.notelint]`), validated."""

    __pydantic_config__ = _FORBID_EXTRA

    type_field: str = "type"
    types: dict[str, NoteType] = field(default_factory=dict)
    rules: dict[str, RuleLevel] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    template_folders: list[str] | None = None  # None: the folders Obsidian's settings name
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    format: FormatConfig = field(default_factory=FormatConfig)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)  # glob: rule names

    def __post_init__(self) -> None:
        if not self.type_field:
            raise ConfigProblem("type_field", "type_field must not be empty")
        if self.max_file_size < 1:
            raise ConfigProblem("max_file_size", "max_file_size must be 1 or more")
        for name in self.rules:
            if name not in RULE_IDS:
                raise ConfigProblem(f"rules.{name}", unknown_rule(name))
        for pattern, names in self.per_file_ignores.items():
            for name in names:
                if name != ALL and name not in RULE_IDS:
                    message = unknown_rule(name, [*RULE_IDS, ALL])
                    raise ConfigProblem(("per_file_ignores", pattern), message)


def config_from_plain(data: dict[str, Any]) -> Config:
    """A config from `asdict` of one validated before, without validating it again."""
    types = {name: _note_type_from_plain(spec) for name, spec in data["types"].items()}
    return Config(**{**data, "types": types, "format": FormatConfig(**data["format"])})


def _note_type_from_plain(data: dict[str, Any]) -> NoteType:
    fields = {name: _field_from_plain(spec) for name, spec in data["fields"].items()}
    sections = [SectionSpec(**section) for section in data["sections"]]
    return NoteType(**{**data, "fields": fields, "sections": sections})


def _field_from_plain(data: dict[str, Any]) -> FieldSpec:
    items = data["items"]
    return FieldSpec(**{**data, "items": _field_from_plain(items) if items else None})


class ConfigError(Exception):
    """A config that cannot be used; `problems` are ready-to-print lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Project:
    """A loaded config with what is derived from it once per run. The globs are compiled on
    first use: a run answered from the cache never matches a path, nor imports pathspec."""

    config: Config
    config_path: Path | None
    root: Path
    exclude_patterns: tuple[str, ...] = ()  # `exclude` and the template folders
    # Rules the config leaves on but the command line's selection left out of this run: their
    # suppressions cannot be judged (see unused-suppression)
    deselected: frozenset[str] = frozenset()

    def is_excluded(self, relative: str) -> bool:
        # Most configs exclude nothing: skip matching every path against nothing.
        return bool(self.exclude_patterns) and self._exclude(relative)

    @cached_property
    def rules_on(self) -> tuple[str, ...]:
        """The rules the config leaves on (the command line's choice is folded into it), in
        the registry's order: worked out once a run, not once a note."""
        return tuple(name for name in RULE_IDS if self.config.rules.get(name) != "off")

    def ignored_rules(self, relative: str) -> frozenset[str]:
        """Rule names (or ALL) that per-file-ignores turns off for the note at `relative`."""
        ignored: frozenset[str] = frozenset()
        for matches, names in self._per_file_ignores:
            if matches(relative):
                ignored |= names
        return ignored

    def type_by_path(self, relative: str) -> str | None:
        for name, matches in self._type_paths:
            if matches(relative):
                return name
        return None

    @cached_property
    def _exclude(self) -> Callable[[str], bool]:
        return _globs(self.exclude_patterns)

    @cached_property
    def _type_paths(self) -> tuple[tuple[str, Callable[[str], bool]], ...]:
        types = self.config.types.items()
        return tuple((name, _globs(spec.paths)) for name, spec in types if spec.paths)

    @cached_property
    def _per_file_ignores(self) -> tuple[tuple[Callable[[str], bool], frozenset[str]], ...]:
        ignores = self.config.per_file_ignores.items()
        return tuple((_globs([pattern]), frozenset(names)) for pattern, names in ignores)


def _globs(patterns: Iterable[str]) -> Callable[[str], bool]:
    """Whether a vault path matches the gitignore-style patterns. Patterns that each name a
    folder's whole content (`folder/**`, what `init` writes, or `folder/`) are matched by the
    folder's name, as git matches them, without importing pathspec (10 ms, a tenth of an
    editor save); a property test holds the two to each other, and a test both to git."""
    patterns = list(patterns)
    folders = [_whole_folder(pattern) for pattern in patterns]
    if None in folders:
        return _pathspec(patterns)
    at_root = tuple(
        f"{name}/" if name else "" for name, anchored in filter(None, folders) if anchored
    )
    anywhere = tuple(f"/{name}/" for name, anchored in filter(None, folders) if not anchored)
    return lambda path: path.startswith(at_root) or any(part in f"/{path}" for part in anywhere)


# A newline is a character like any other in a git path, but pathspec's regexes match it with
# `.`, which stops at one: both sides take this private-use stand-in instead.
_NEWLINE = "\ue000"


def _pathspec(patterns: list[str]) -> Callable[[str], bool]:
    import pathspec

    spec = pathspec.GitIgnoreSpec.from_lines([p.replace("\n", _NEWLINE) for p in patterns])
    return lambda path: spec.match_file(path.replace("\n", _NEWLINE))


def _whole_folder(pattern: str) -> tuple[str, bool] | None:
    """The folder a `folder/**` or `folder/` pattern names, and whether it is the one at the
    root (`folder/` with no other `/` names a folder of that name anywhere); None for any
    other pattern, or one with a wildcard, an escape, a negation or a `.` part. `**` is the
    vault's root folder: every path."""
    if pattern in ("**", "/**"):
        return "", True
    if pattern.endswith("/**"):
        body, anchored = pattern[:-3], True
    elif pattern.endswith("/"):
        body = pattern[:-1]
        anchored = "/" in body
    else:
        return None
    name = body.removeprefix("/")
    if body.startswith(("!", "#")) or _GLOB_CHAR.search(body):
        return None
    return (name, anchored) if all(p not in ("", ".", "..") for p in name.split("/")) else None


def make_project(config: Config, config_path: Path | None, root: Path) -> Project:
    templates = config.template_folders
    if templates is None:
        templates = obsidian_template_folders(root)
    patterns = (*config.exclude, *(folder.strip("/") + "/" for folder in templates))
    return Project(config, config_path, root, patterns)


# Where Obsidian's core Templates plugin and the Templater plugin keep their settings
_TEMPLATE_SETTINGS = (
    (".obsidian/templates.json", "folder"),
    (".obsidian/plugins/templater-obsidian/data.json", "templates_folder"),
)


def obsidian_template_folders(root: Path) -> list[str]:
    """Template folders the vault's Obsidian settings name: templates hold placeholders such
    as `{{date}}` that are not meant to be valid notes."""
    folders = []
    for settings, key in _TEMPLATE_SETTINGS:
        try:  # (a FIFO in .obsidian/ must not block the run)
            read = read_regular_file(root / settings, DEFAULT_MAX_FILE_SIZE)
            if isinstance(read, ReadFailure):
                continue
            data = json.loads(read[0].decode("utf-8"))
        except (OSError, ValueError):
            continue
        folder = data.get(key) if isinstance(data, dict) else None
        if isinstance(folder, str) and folder.strip("/ "):
            folders.append(folder.strip("/ "))
    return folders


def find_config(start: Path) -> Path | None:
    """notelint.yaml or .notelint.yaml nearest to `start`, else the nearest pyproject.toml
    that has a [tool.notelint] table."""
    folders = _folders_up(start)
    for folder in folders:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    for folder in folders:
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_notelint_table(candidate):
            return candidate
    return None


def find_vault_root(start: Path) -> Path:
    """With no config: the nearest folder holding .obsidian/, else the checked folder."""
    folders = _folders_up(start)
    for folder in folders:
        if (folder / ".obsidian").is_dir():
            return folder
    return folders[0]


def _folders_up(start: Path) -> list[Path]:
    # A named file may be a symlink to anywhere: look up from the folder it sits in.
    start = start.absolute()
    first = start.resolve() if start.is_dir() and not start.is_symlink() else start.parent.resolve()
    return [first, *first.parents]


def _has_notelint_table(path: Path) -> bool:
    import tomllib  # only for a pyproject.toml

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "notelint" in data["tool"]


def load_config(path: Path, raw: bytes | None = None) -> Config:
    """Read (unless `raw` holds the file's bytes) and validate a config file; raises
    ConfigError with file:line:col problems."""
    try:
        text = (path.read_bytes() if raw is None else raw).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError([f"{path}: cannot read config: {error}"]) from None
    if path.name == "pyproject.toml":
        data, locate = _read_toml(path, text)
    else:
        data, locate = _read_yaml(path, text)
    data, spelled = _respell(path, data, locate)
    config = _valid_as_written(data)
    if config is not None:
        return config
    from pydantic import TypeAdapter, ValidationError  # a seventh of a second: only here

    try:
        return TypeAdapter(Config).validate_python(data)
    except ValidationError as error:
        problems = [_describe(path, item, locate, spelled) for item in error.errors()]
        raise ConfigError(problems) from None


def _valid_as_written(data: object) -> Config | None:
    """The config, if every value already has its field's type and no key is unknown: msgspec
    checks that in a millisecond, where importing pydantic and building its validator takes a
    run without a cache a seventh of a second. Anything else (a value pydantic would coerce,
    an unknown key, a failed check) gives None, and pydantic validates and explains. A test
    holds both to the same config wherever this one accepts."""
    if _has_unknown_key(data, Config):
        return None
    try:
        return msgspec.convert(data, Config, strict=True)
    except msgspec.ValidationError:
        return None


def _has_unknown_key(value: object, hint: Any) -> bool:
    """Whether a mapping in `value`, read as `hint`, has a key its dataclass lacks (msgspec
    ignores such keys in dataclasses; pydantic forbids them here)."""
    model, origin = _model(hint), get_origin(hint)
    if isinstance(value, dict) and (model is not None or origin is dict):
        if model is not None and not value.keys() <= _field_hints(model).keys():
            return True
        parts: Iterable[tuple[Any, object]] = value.items()
    elif isinstance(value, list) and origin is list:
        parts = enumerate(value)
    else:
        return False
    return any(_has_unknown_key(item, _inner(hint, part)) for part, item in parts)


@functools.cache
def _field_hints(model: type) -> dict[str, Any]:
    return get_type_hints(model)


# Settings also accepted with dashes: the issue (and ruff) write `per-file-ignores`.
_DASHED = {"per-file-ignores": "per_file_ignores"}


def _respell(path: Path, data: object, locate: Locator) -> tuple[object, dict[str, str]]:
    """The settings under their field names, and the field names that were written with
    dashes (so that messages name them as written)."""
    if not isinstance(data, dict):
        return data, {}
    spelled = {}
    for dashed, name in _DASHED.items():
        if dashed not in data:
            continue
        if name in data:  # point at the second, as for a duplicate key
            (first_at, first), ((line, column), second) = sorted(
                (locate((key,)), key) for key in (dashed, name)
            )
            message = f"the same setting as {first} (line {first_at[0]}); write one of them"
            raise ConfigError([f"{path}:{line}:{column}: {second}: {message}"])
        data = {name if key == dashed else key: value for key, value in data.items()}
        spelled[name] = dashed
    return data, spelled


Locator = Any  # Callable[[tuple[str | int, ...]], tuple[int, int]]


def _read_yaml(path: Path, text: str) -> tuple[object, Locator]:
    from notelint.yaml_nodes import YamlDocument, YamlMap, parse_yaml, to_python

    parsed = parse_yaml(text)
    if not isinstance(parsed, YamlDocument):
        line, column = _position(text, parsed.offset)
        raise ConfigError([f"{path}:{line}:{column}: invalid YAML: {parsed.message}"])
    if parsed.duplicates:
        duplicate = parsed.duplicates[0]
        line, column = _position(text, duplicate.key.start)
        first, _ = _position(text, duplicate.first.start)
        message = f"duplicate key {duplicate.key.text!r} (first on line {first})"
        raise ConfigError([f"{path}:{line}:{column}: {message}"])
    root = parsed.root
    if root is None:
        return {}, lambda loc: (1, 1)
    if not isinstance(root, YamlMap):
        raise ConfigError([f"{path}:1:1: the config must be a mapping of settings"])
    return to_python(root), lambda loc: _position(text, _node_offset(root, loc))


def _node_offset(node: YamlNode, loc: tuple[str | int, ...]) -> int:
    """Offset of the deepest node of `loc` that exists (the key, for a mapping entry)."""
    from notelint.yaml_nodes import YamlMap, YamlSeq

    offset = node.start
    for part in loc:
        if isinstance(node, YamlMap):
            match = next(((k, v) for k, v in node.pairs if str(k.value) == str(part)), None)
            if match is None:
                return offset
            offset, node = match[0].start, match[1]
        elif isinstance(node, YamlSeq) and isinstance(part, int) and part < len(node.items):
            node = node.items[part]
            offset = node.start
        else:
            return offset
    return offset


def _read_toml(path: Path, text: str) -> tuple[object, Locator]:
    import tomllib  # only for a pyproject.toml

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([f"{path}: invalid TOML: {error}"]) from None
    section = data.get("tool", {}).get("notelint", {})
    return section, lambda loc: _toml_position(text, loc)


def _toml_position(text: str, loc: tuple[str | int, ...]) -> tuple[int, int]:
    """tomllib keeps no positions: find the last key of `loc` after the [tool.notelint] header."""
    header = re.search(r"^\[tool\.notelint[\].]", text, re.MULTILINE)
    start = header.start() if header else 0
    names = [str(part) for part in loc if isinstance(part, str)]
    for name in reversed(names):
        found = re.compile(
            rf"^[ \t]*\"?{re.escape(name)}\"?[ \t]*=|[.\[]\"?{re.escape(name)}\"?[\].]",
            re.MULTILINE,
        ).search(text, start)
        if found:
            return _position(text, found.start() + len(found.group()) - len(found.group().lstrip()))
    return _position(text, start)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _describe(path: Path, error: Any, locate: Locator, spelled: dict[str, str]) -> str:
    loc = tuple(part for part in error["loc"] if not _is_validator_tag(part))
    problem = error.get("ctx", {}).get("error")
    if isinstance(problem, ConfigProblem) and problem.key is not None:
        key = problem.key
        loc += key if isinstance(key, tuple) else tuple(key.split("."))
    if loc and loc[0] in spelled:
        loc = (spelled[str(loc[0])], *loc[1:])
    line, column = locate(loc)
    where = ".".join(str(part) for part in loc) or "config"
    return f"{path}:{line}:{column}: {where}: {_explain(error, loc)}"


def _is_validator_tag(part: object) -> bool:
    # pydantic adds union member names such as 'str' or 'function-after[...]' to locations
    return isinstance(part, str) and ("[" in part or part in ("str", "int", "float", "bool"))


def _explain(error: Any, loc: tuple[str | int, ...]) -> str:
    kind, given = error["type"], error.get("input")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        allowed = ", ".join(_allowed_keys(loc[:-1]))
        return f"unknown key; allowed keys are: {allowed}"
    if kind == "literal_error":
        return f"{given!r} is not allowed; expected one of: {_literal_choices(error)}"
    if kind == "missing":
        return "this key is required"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"expected {_expected_kind(kind)}, found {given!r}"
    return f"{error['msg']} (found {given!r})"


def _literal_choices(error: Any) -> str:
    expected = str(error.get("ctx", {}).get("expected", ""))
    return expected.replace("'", "").replace(" or ", ", ")


def _expected_kind(kind: str) -> str:
    name = kind.split("_")[0]
    return {
        "bool": "true or false",
        "int": "an integer",
        "float": "a number",
        "string": "a string",
        "list": "a list",
        "dict": "a mapping",
        "model": "a mapping",
    }.get(name, name)


def _allowed_keys(parent: tuple[str | int, ...]) -> list[str]:
    """The settings of the model at `parent`, a location in the config, found along the
    models' type hints (as `_has_unknown_key` walks them)."""
    hint: Any = Config
    for part in parent:
        hint = _inner(hint, part)
    model = _model(hint) or Config  # (a location pydantic gives always leads to a model)
    return [item.name for item in dataclass_fields(model)]


def _model(hint: Any) -> type | None:
    """The dataclass a setting typed `hint` holds: the hint itself, or the one in `X | None`."""
    if isinstance(hint, type) and is_dataclass(hint):
        return hint
    if get_origin(hint) not in (Union, UnionType):
        return None
    return next((member for member in get_args(hint) if _model(member) is not None), None)


def _inner(hint: Any, part: str | int) -> Any:
    """The type hint of `part` (a setting, a mapping's key, a list's index) of a `hint`."""
    model = _model(hint)
    if model is not None:
        return _field_hints(model).get(str(part))
    origin, arguments = get_origin(hint), get_args(hint)
    return arguments[-1] if origin in (dict, list) else None
