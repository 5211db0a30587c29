"""Note types as JSON Schema (draft 2020-12), so that editors check frontmatter as it is typed.

Each field says in JSON Schema what notelint's field rules check, read as a YAML 1.2 editor
reads the frontmatter (an unquoted 2025-04-28 is a string there, as in Obsidian). What JSON
Schema cannot say (a value unique across the vault, a wikilink that resolves, a warning) is
left to `notelint check` and named in the descriptions, so that a person hovering a key in an
editor knows the schema is not the whole story.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any

from notelint.config import SUPPRESSIONS_KEY, Config, FieldSpec, NoteType
from notelint.date_patterns import date_pattern, iso_datetime_pattern, literal

DIALECT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]

_SETTINGS: Schema = {  # what suppressions.py reads; anything else it reports
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
_JSON_TYPE = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*")  # what urllib reads as a scheme, lower case
_NOTHING = "[^\\s\\S]"  # a pattern no text matches
# What the bad-value rule accepts in a wikilink field: one [[link]] with a target before any
# #heading or |alias (whether the target exists is notelint's to check)
_WIKILINK = "^\\s*\\[\\[[^\\[\\]\\n#|]*[^\\s\\[\\]#|\\\\][^\\[\\]\\n]*\\]\\]\\s*$"
_EXAMPLE_DATE = dt.datetime(2025, 4, 28, 14, 30, 0)
_ISO_FORMATS = {"%Y-%m-%d": "date", "%Y-%m-%dT%H:%M:%SZ": "date-time"}


def vault_schema(config: Config) -> Schema:
    """Every note type in one document, each applied to the notes whose type field names it."""
    key = config.type_field
    schema: Schema = {
        "$schema": DIALECT,
        "title": "notelint note types",
        "description": _vault_description(config),
        "type": "object",
        "properties": {key: {"enum": list(config.types)}, SUPPRESSIONS_KEY: _SETTINGS},
    }
    if not config.types:
        del schema["properties"][key]  # notelint reports no type as unknown then
    else:
        schema["allOf"] = [_when_type_is(key, name) for name in config.types]
        schema["$defs"] = {name: _note_type(config, name) for name in config.types}
    return schema


def type_schema(config: Config, name: str) -> Schema:
    """One note type's schema, for the files an editor maps it to (its `paths`, say)."""
    return {"$schema": DIALECT, **_note_type(config, name)}


def dumps(schema: Schema) -> str:
    """The schema as people read and diff it: 2-space indents, keys in the order built (the
    config's), UTF-8 text rather than escapes, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _when_type_is(key: str, name: str) -> Schema:
    pointer = "/" + name.replace("~", "~0").replace("/", "~1")
    condition = {"properties": {key: {"const": name}}, "required": [key]}
    return {"if": condition, "then": {"$ref": "#/$defs" + urllib.parse.quote(pointer)}}


def _vault_description(config: Config) -> str:
    key = config.type_field
    text = f"Frontmatter of notelint note types, chosen by the {key!r} field."
    by_path = [name for name, spec in config.types.items() if spec.paths]
    if by_path:
        text += (
            f" A note without {key!r} takes its type from its folder ({', '.join(by_path)}),"
            " which this schema cannot see: map `notelint schema --json-schema TYPE` to those"
            " folders."
        )
    return text


def _note_type(config: Config, name: str) -> Schema:
    spec = config.types[name]
    schema: Schema = {"title": name}
    description = _type_description(spec)
    if description:
        schema["description"] = description
    schema["type"] = "object"
    schema["properties"] = _properties(config, name, spec)
    required = [field for field, field_spec in spec.fields.items() if field_spec.required]
    plain = [field for field in required if not spec.fields[field].aliases]
    if plain:
        schema["required"] = plain
    aliased = [_present(field, spec.fields[field]) for field in required if field not in plain]
    if aliased:
        schema["allOf"] = aliased
    if spec.extra_fields == "forbid":
        schema["additionalProperties"] = False
    return schema


def _type_description(spec: NoteType) -> str:
    parts = [spec.description or ""]
    if spec.paths:
        parts.append(f"Notes under {', '.join(spec.paths)} are of this type by their folder.")
    if spec.extra_fields == "warn":
        parts.append(
            "notelint warns about keys this type does not declare; JSON Schema has no"
            " warnings, so they are allowed here."
        )
    return " ".join(part for part in parts if part)


def _properties(config: Config, name: str, spec: NoteType) -> Schema:
    properties = {field: field_schema(field_spec) for field, field_spec in spec.fields.items()}
    key = config.type_field
    properties[key] = {**properties.get(key, {}), "const": name}
    properties.setdefault(SUPPRESSIONS_KEY, _SETTINGS)
    for field, field_spec in spec.fields.items():
        for alias in field_spec.aliases:
            old_name = f"An old name of {field!r}: `notelint fix` renames it."
            properties.setdefault(alias, {"description": old_name, "not": {}})
    return properties


def _present(field: str, spec: FieldSpec) -> Schema:
    """A required field that may still be under an old name (unknown-field reports that)."""
    return {"anyOf": [{"required": [name]} for name in (field, *spec.aliases)]}


def field_schema(spec: FieldSpec, item: bool = False) -> Schema:
    """A field's schema. Empty values (`key:` with nothing after it) are allowed unless the
    field is required, as missing-field has it; list items may always be empty."""
    schema: Schema = {}
    description = _field_description(spec, item)
    if description:
        schema["description"] = description
    schema.update(_KINDS[spec.type](spec, item))
    if item or not spec.required:
        _allow_empty(schema)
    if spec.default is not None and _finite(spec.default):
        schema["default"] = spec.default
    return schema


def _field_description(spec: FieldSpec, item: bool) -> str:
    parts = [spec.description or "", _meaning(spec)]
    if spec.unique and not item:
        parts.append("notelint also checks that no other note of this type has the same value.")
    return " ".join(part for part in parts if part)


def _meaning(spec: FieldSpec) -> str:
    """What a generated pattern asks for, in words: editors show the pattern itself."""
    if spec.type == "url":
        return f"A URL starting with {' or '.join(f'{s}://' for s in spec.schemes)}."
    if spec.type == "wikilink":
        return 'A link like "[[Note]]"; notelint also checks that it leads to a file in the vault.'
    fmt = spec.date_format
    if fmt is None:
        return (
            "An ISO 8601 date-time like '2025-04-28T14:30:00'." if spec.type == "datetime" else ""
        )
    example = _EXAMPLE_DATE.strftime(fmt)
    if date_pattern(fmt) is None:
        return (
            f"A real date written as {fmt}, like {example!r}; notelint checks it, not this schema."
        )
    return f"A real date written as {fmt}, like {example!r}."


def _allow_empty(schema: Schema) -> None:
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    elif "type" in schema:
        schema["type"] = [schema["type"], "null"]


def _scalar(spec: FieldSpec, item: bool) -> Schema:
    schema: Schema = {"type": _JSON_TYPE[spec.type]}
    for keyword, bound in (("minimum", spec.min), ("maximum", spec.max)):
        if bound is not None and math.isfinite(bound):
            schema[keyword] = int(bound) if bound.is_integer() else bound
    if spec.pattern is not None:
        schema["pattern"] = spec.pattern
    return schema


def _date(spec: FieldSpec, item: bool) -> Schema:
    fmt = spec.date_format
    pattern = iso_datetime_pattern() if fmt is None else date_pattern(fmt)
    schema: Schema = {"type": "string"}
    if pattern is not None:
        schema["pattern"] = pattern
    if fmt in _ISO_FORMATS:
        schema["format"] = _ISO_FORMATS[fmt]
    return schema


# A URL's host part: no brackets but around an IPv6 address (urllib refuses `http://[x`)
_HOST = "(?:[^\\s/?#\\[\\]]|\\[[0-9A-Fa-f:.]+\\])+"


def _url(spec: FieldSpec, item: bool) -> Schema:
    schemes = [_letters(scheme) for scheme in spec.schemes if _SCHEME.fullmatch(scheme)]
    shape = "^\\s*(?:" + "|".join(schemes) + ")://" + _HOST + "(?:[/?#][^ ]*)?\\s*$"
    shape = shape if schemes else _NOTHING
    # No `format: uri`: validators that assert it (Ajv with ajv-formats) refuse URLs that
    # notelint takes, such as https://de.wikipedia.org/wiki/Straße
    return {"type": "string", **_patterns(shape, spec.pattern)}


def _letters(scheme: str) -> str:
    """A scheme in any case, as urllib reads it (ECMA-262 has no inline (?i))."""
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else literal(c) for c in scheme)


def _wikilink(spec: FieldSpec, item: bool) -> Schema:
    return {"type": "string", **_patterns(_WIKILINK, spec.pattern)}


def _patterns(shape: str, pattern: str | None) -> Schema:
    """The type's own pattern, and the field's: a schema holds one `pattern`."""
    if pattern is None:
        return {"pattern": shape}
    return {"pattern": shape, "allOf": [{"pattern": pattern}]}


def _enum(spec: FieldSpec, item: bool) -> Schema:
    # notelint compares enum values only: a `pattern` on an enum field is not checked
    return {"enum": [value for value in spec.values or [] if _finite(value)]}


def _list(spec: FieldSpec, item: bool) -> Schema:
    schema: Schema = {"type": "array"}
    if spec.items is not None and not item:  # notelint checks one level of items
        schema["items"] = field_schema(spec.items, item=True)
    for keyword, count in (("minItems", spec.min_items), ("maxItems", spec.max_items)):
        if count is not None:
            schema[keyword] = count
    if spec.unique_items and not item:
        schema["uniqueItems"] = True
    return schema


def _finite(value: object) -> bool:
    """JSON has no infinity or NaN: a value that is one is left out."""
    if isinstance(value, list):
        return all(_finite(item) for item in value)
    return not isinstance(value, float) or math.isfinite(value)


_KINDS: dict[str, Callable[[FieldSpec, bool], Schema]] = {
    "str": _scalar,
    "int": _scalar,
    "float": _scalar,
    "bool": _scalar,
    "date": _date,
    "datetime": _date,
    "url": _url,
    "wikilink": _wikilink,
    "enum": _enum,
    "list": _list,
}


def python_only_patterns(config: Config) -> Iterator[tuple[str, str]]:
    """(where, construct) for each `pattern` written in Python syntax that ECMA-262, which
    editors use, reads otherwise or not at all."""
    for name, note_type in config.types.items():
        for field, spec in note_type.fields.items():
            where = f"types.{name}.fields.{field}"
            for path, pattern in _patterns_of(spec, where):
                construct = python_only(pattern)
                if construct is not None:
                    yield path, construct


def _patterns_of(spec: FieldSpec, where: str) -> Iterator[tuple[str, str]]:
    if spec.pattern is not None and spec.type != "enum":
        yield f"{where}.pattern", spec.pattern
    if spec.items is not None:
        yield from _patterns_of(spec.items, f"{where}.items")


_PYTHON_SYNTAX = re.compile(r"\(\?P[<=]|\(\?[aiLmsux-]+[:)]|\(\?[#>]")
_ECMA_ESCAPES = frozenset("dDwWsSbBnrtfv0cxupPk123456789^$\\.*+?()[]{}|/-")


def python_only(pattern: str) -> str | None:
    """The first construct of `pattern` that is Python-only regular expression syntax: named
    groups `(?P<...>)`, inline flags, comments, atomic groups, and escapes that ECMA-262 (in
    its Unicode mode, as editors use it) does not have, such as `\\A`, `\\Z` and `\\#`."""
    match = _PYTHON_SYNTAX.search(pattern)
    index = pattern.find("\\")
    while index != -1 and index + 1 < len(pattern):
        if pattern[index + 1] not in _ECMA_ESCAPES and (match is None or index < match.start()):
            return pattern[index : index + 2]
        index = pattern.find("\\", index + 2)
    return match.group() if match else None
