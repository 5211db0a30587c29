"""What the field rules share: which values a note type's schema applies to, and their kinds.

Each field rule checks one property (type, range, date, value); they all walk the same
values, a field and, for lists, each item with the `items` spec.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Iterator, Sequence
from typing import cast

from notelint.config import FieldSpec
from notelint.note import Field, Note
from notelint.rule import Context
from notelint.yaml_nodes import YamlNode, YamlScalar, YamlSeq, type_name

# A day exactly as strftime("%Y-%m-%d") writes it (a year under 1000 is not padded).
_PLAIN_ISO_DAY = re.compile(r"[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}")


def written_in(text: str, fmt: str) -> bool:
    """Whether `text` is a date or time written exactly as strftime(fmt) writes it: what
    bad-date accepts and init counts. The usual `%Y-%m-%d` day is read by fromisoformat, a
    tenth of strptime's time, with the same verdict."""
    try:
        if fmt == "%Y-%m-%d" and _PLAIN_ISO_DAY.fullmatch(text):
            dt.date.fromisoformat(text)
            return True
        return dt.datetime.strptime(text, fmt).strftime(fmt) == text
    except ValueError:
        return False


class Checked:
    """A value the schema applies to: a field's value, or one item of a list field."""

    __slots__ = ("at", "label", "node", "spec", "typed")

    def __init__(
        self,
        label: str,  # "tags" or "tags[2]"
        spec: FieldSpec,
        node: YamlNode,
        at: YamlNode,  # where to report: the key for a field, the item for a list item
        typed: bool,  # has_type: wrong-type reports it if False, the content rules look if True
    ) -> None:
        self.label = label
        self.spec = spec
        self.node = node
        self.at = at
        self.typed = typed


def schema_fields(note: Note, context: Context) -> Iterator[tuple[str, FieldSpec, Field]]:
    """Fields of the note that its type declares and that hold a value (not empty)."""
    if context.note_type is None or note.frontmatter is None:
        return
    fields = note.frontmatter.fields
    for name, spec in context.note_type.fields.items():
        present = fields.get(name)
        if present is not None and not is_empty(present.value):
            yield name, spec, present


def checked_values(note: Note, context: Context) -> tuple[Checked, ...]:
    """Every value the field rules look at: each declared field that holds a value, then the
    items of list fields. Worked out once per note; four rules walk it."""
    found = context.memo.get("checked_values")
    if found is None:
        found = context.memo["checked_values"] = tuple(_checked_values(note, context))
    return cast(tuple[Checked, ...], found)


def _checked_values(note: Note, context: Context) -> Iterator[Checked]:
    for name, spec, present in schema_fields(note, context):
        value = present.value
        yield Checked(name, spec, value, present.key, has_type(spec, value))
        items = spec.items
        if items is not None and spec.type == "list" and isinstance(value, YamlSeq):
            for index, item in enumerate(value.items):
                if not is_empty(item):
                    yield Checked(f"{name}[{index}]", items, item, item, has_type(items, item))


def is_empty(node: YamlNode) -> bool:
    return isinstance(node, YamlScalar) and node.value is None


# The types a kind accepts, built once: `int | float` in a call builds a union each time.
_NUMBER = (int, float)
_TEXT_OR_DATE = (str, dt.date)


def has_type(spec: FieldSpec, node: YamlNode) -> bool:
    """Whether the node's YAML type is one the field's type accepts (content aside)."""
    kind = spec.type
    if kind == "list":
        return isinstance(node, YamlSeq)
    if not isinstance(node, YamlScalar):
        return False
    value = node.value
    if kind in ("str", "url", "wikilink"):
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, _NUMBER) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind in ("date", "datetime"):
        return isinstance(value, _TEXT_OR_DATE)
    return kind == "enum"


def describe(node: YamlNode) -> str:
    if isinstance(node, YamlSeq):
        return "a list"
    if isinstance(node, YamlScalar):
        return type_name(node.value)
    return "a mapping"


_URL_START = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://[^/?#]")


def is_url(text: str, schemes: Sequence[str] = ("http", "https")) -> bool:
    """A URL with a host and one of `schemes`, as `url` fields need."""
    text = text.strip()
    if " " in text:
        return False
    if text.isascii() and text.isprintable() and "[" not in text and "]" not in text:
        # urlsplit's answer, read off the text: the scheme ends at the first colon, and the
        # host is there when `//` is followed by anything but `/`, `?` or `#`
        start = _URL_START.match(text)
        if start is not None:
            return start.group(1).lower() in schemes
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:  # `http://[x`: an unclosed IPv6 host
        return False
    return parts.scheme.lower() in schemes and bool(parts.netloc)
