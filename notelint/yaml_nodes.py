"""Frontmatter YAML read into nodes that remember where they are and what they said.

Frontmatter of a key a line, each value plain, quoted or a list of such items (most notes), is
read by `read_simple`, one regex match a line. Any other is parsed by PyYAML's libyaml
composer (several times faster than ruamel, and it gives character positions for every node).
Either way the values are typed here under YAML 1.2 core rules, as Obsidian reads them: `NO`
and `yes` stay strings, `01234` is the integer 1234, and a plain `2025-04-28` is a date.
Nothing is ever re-emitted from these values: fixes are text edits on the spans kept here.

Anything PyYAML or this module refuses becomes a `YamlProblem` with an offset, never an
exception: aliases (an alias bomb would explode any walk), custom tags, non-scalar keys
(templates such as `{{date}}`) and nesting deeper than `MAX_DEPTH`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from msgspec import Struct
from mypy_extensions import mypyc_attr

if TYPE_CHECKING:
    import yaml

MAX_DEPTH = 64
_DOCUMENT_END = re.compile(r"\.\.\.(?:[ \t]+#.*|[ \t]*)")
_YAML_11_BREAKS = "\u2028\u2029\x85"
_PLAIN = "!notelint/plain"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

_YAML_11_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"])
_NUMBER_LIKE = re.compile(r"[-+.0-9][-+.0-9_:eE]*")
_TYPED_FIRST = frozenset("~nNtTfF+-.0123456789")
_WORDS: dict[str, object] = {
    **dict.fromkeys(["~", "null", "Null", "NULL", ""]),
    **dict.fromkeys(["true", "True", "TRUE"], True),
    **dict.fromkeys(["false", "False", "FALSE"], False),
}
_WORD_FIRST = frozenset("~nNtTfF")
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
# A line of the frontmatter `read_simple` reads: `key:`, `key: value` or `- item`, with a
# key of words and single spaces (no quotes needed) and a value that is single-quoted,
# double-quoted without escapes, or plain: not starting with an indicator, no `: ` or ` #`
# inside, no `:` at the end.
_SIMPLE_VALUE = (
    r"'[^'\n]*+(?:''[^'\n]*+)*+'"
    r'|"[^"\\\n]*+"'
    r"|[^-?:,\[\]{}#&*!|>'\"%@`\s][^:#\n]*+(?:(?::(?=[^ \n])|(?<! )#)[^:#\n]*+)*+"
)
_SIMPLE_LINE = re.compile(
    rf"(?:([A-Za-z_][\w-]*(?: [\w-]+)*):(?: +({_SIMPLE_VALUE}))?|( *)-(?: +({_SIMPLE_VALUE}))?) *\n"
)
_MAX_SIMPLE_KEY = 1000  # libyaml refuses an implicit key over 1024 characters
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]*))?(?:[ \t]*(Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?"
)


class _Node:
    """What the node classes share: equality, a hash and a repr by their parts, as the
    readers' tests compare whole documents. (Plain classes, not Structs: compiled, the rules
    read a node's attributes as C fields.)"""

    __slots__ = ()

    def _parts(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._parts() == other._parts()

    def __hash__(self) -> int:
        return hash(self._parts())

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._parts()!r}"


class YamlScalar(_Node):
    """A scalar, typed as YAML 1.2 reads it, and as written."""

    __slots__ = ("end", "start", "style", "text", "value")

    def __init__(
        self,
        value: Any,  # a str, int, float, bool, date, datetime or None
        text: str,  # the scalar's content before typing: `2025-04-28`, `NO`, `it's`
        style: str | None,  # None for plain, "'" or '"' for quoted, "|" or ">" for blocks
        start: int,
        end: int,
    ) -> None:
        self.value = value
        self.text = text
        self.style = style
        self.start = start
        self.end = end

    def _parts(self) -> tuple[Any, ...]:
        return (self.value, self.text, self.style, self.start, self.end)


class YamlSeq(_Node):
    """A sequence, with its place."""

    __slots__ = ("end", "items", "start")

    def __init__(self, items: tuple[YamlNode, ...], start: int, end: int) -> None:
        self.items = items
        self.start = start
        self.end = end

    def _parts(self) -> tuple[Any, ...]:
        return (self.items, self.start, self.end)


class YamlMap(_Node):
    """A mapping, pairs in file order (duplicates kept), with its place."""

    __slots__ = ("end", "pairs", "start")

    def __init__(
        self, pairs: tuple[tuple[YamlScalar, YamlNode], ...], start: int, end: int
    ) -> None:
        self.pairs = pairs
        self.start = start
        self.end = end

    def _parts(self) -> tuple[Any, ...]:
        return (self.pairs, self.start, self.end)


YamlNode = YamlScalar | YamlSeq | YamlMap


@mypyc_attr(native_class=False)
class DuplicateKey(Struct, frozen=True):
    """A key written twice: YAML keeps the last, Obsidian the first."""

    key: YamlScalar
    first: YamlScalar


@mypyc_attr(native_class=False)
class YamlProblem(Struct, frozen=True):
    """Why a YAML text cannot be read, and where."""

    message: str
    offset: int


@mypyc_attr(native_class=False)
class YamlDocument(Struct, frozen=True):
    """A parsed frontmatter document and its duplicate keys."""

    root: YamlNode | None  # None for an empty document or one that is only comments
    duplicates: tuple[DuplicateKey, ...]


@functools.cache
def _loader() -> Any:
    """PyYAML's libyaml loader, made when a document first needs it: the simple reader takes
    most notes, and a run it serves whole (an editor's save of such a note, with the config
    in the cache) does not import PyYAML, 20 ms of the save."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode

    def resolve(self: Any, kind: Any, value: Any, implicit: Any) -> Any:
        """Leaves implicit scalars untyped, for `_Builder` to type them as YAML 1.2."""
        if kind is scalar:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is sequence else _MAP

    # made with type(): a compiled module may not define a class inside a function
    Loader = type("Loader", (base,), {"resolve": resolve})
    return Loader


class _Refused(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def parse_yaml(text: str, base: int = 0) -> YamlDocument | YamlProblem:
    """Parse one YAML document; every failure, whatever PyYAML raises, is a YamlProblem.
    Offsets in the result are `base` plus offsets into `text`."""
    simple = read_simple(text, base)
    return simple if simple is not None else parse_with_libyaml(text, base)


def parse_with_libyaml(text: str, base: int = 0) -> YamlDocument | YamlProblem:
    """`parse_yaml` of any document: what the simple reader is tested against."""
    import yaml

    if text.startswith("\ufeff"):  # libyaml skips a byte order mark, and counts from after it
        return parse_with_libyaml(text[1:], base + 1)
    text, stand_ins = _protect_line_separators(text)
    loader = _loader()(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        if _only_document_ends(text):
            return YamlDocument(None, ())  # YAML 1.2 reads it as empty; libyaml refuses it
        return YamlProblem(_yaml_error_text(error), base + _mark_offset(error, text))
    except yaml.YAMLError as error:
        return YamlProblem(str(error).strip(), base)
    except (RecursionError, MemoryError):
        return YamlProblem(f"YAML nested too deeply (limit {MAX_DEPTH} levels)", base)
    except Exception as error:  # libyaml and the reader raise a few non-YAMLError types
        return YamlProblem(f"YAML could not be read: {type(error).__name__}: {error}", base)
    finally:
        loader.dispose()
    if node is None:
        return YamlDocument(None, ())
    builder = _Builder(base, stand_ins, "*" in text)
    try:
        root = builder.build(node, 0)
    except _Refused as refused:
        return YamlProblem(refused.message, refused.offset)
    return YamlDocument(root, tuple(builder.duplicates))


def read_simple(text: str, base: int = 0) -> YamlDocument | None:
    """Most frontmatter is a key a line: `key: value`, or `key:` and then `- item` lines (or a
    `-` alone, an empty item), each value plain or quoted on its line. Such a document is read
    here, one regex match a line, into the nodes, offsets and duplicates libyaml's reading
    gives, in about half the time. Anything else (a comment, a blank line, flow or block
    scalars, nesting, escapes, a character a plain scalar may not start with or hold) gives
    None, and libyaml reads it."""
    if not text.endswith("\n") or not text.replace("\n", "").isprintable():
        return None  # (isprintable: no tab, no control or format character, no U+2028)
    size, position = len(text), 0
    pairs: list[tuple[YamlScalar, YamlNode]] = []
    key: YamlScalar | None = None  # a key whose value is not read yet: items, or null
    items: list[YamlNode] = []
    indent = dash = -1  # the items': their indentation, where the first `-` is
    while position < size:
        line = _SIMPLE_LINE.match(text, position)
        if line is None:
            return None
        name, value, spaces, item = line.groups()
        if name is None:  # `- item`, or a `-` alone: an empty item (a template's)
            if key is None or indent not in (-1, len(spaces)):
                return None
            at = base + position + len(spaces)  # this item's `-`
            if indent == -1:
                indent, dash = len(spaces), at
            items.append(_simple_item(item, base + line.start(4), at))
        else:
            if len(name) > _MAX_SIMPLE_KEY:
                return None
            if key is not None:
                pairs.append((key, _items_or_null(key, items, dash, base + position)))
                key, items, indent = None, [], -1
            start = base + position
            key = YamlScalar(resolve_plain(name), name, None, start, start + len(name))
            if value is not None:
                pairs.append((key, _simple_scalar(value, base + line.start(2))))
                key = None
        position = line.end()
    if key is not None:
        pairs.append((key, _items_or_null(key, items, dash, base + size)))
    root = YamlMap(tuple(pairs), base, base + size)
    return YamlDocument(root, tuple(_duplicate_keys(root)))


def _simple_item(written: str | None, start: int, dash: int) -> YamlScalar:
    if written is None:
        return YamlScalar(None, "", None, dash + 1, dash + 1)  # (after its `-`)
    return _simple_scalar(written, start)


def _simple_scalar(written: str, start: int) -> YamlScalar:
    quote = written[0]
    if quote == "'":
        value = written[1:-1].replace("''", "'")
        return YamlScalar(value, value, quote, start, start + len(written))
    if quote == '"':
        value = written[1:-1]
        return YamlScalar(value, value, quote, start, start + len(written))
    text = written.rstrip(" ")
    return YamlScalar(resolve_plain(text), text, None, start, start + len(text))


def _items_or_null(key: YamlScalar, items: list[YamlNode], dash: int, end: int) -> YamlNode:
    """A key's value written on the lines after it, up to `end`: a list, or nothing."""
    if items:
        return YamlSeq(tuple(items), dash, end)
    return YamlScalar(None, "", None, key.end + 1, key.end + 1)  # (after the colon)


def _only_document_ends(text: str) -> bool:
    """Whether the document is `...` lines (document ends), comments and blank lines only."""
    lines = [
        line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")
    ]
    return bool(lines) and all(_DOCUMENT_END.fullmatch(line) for line in lines)


def _protect_line_separators(text: str) -> tuple[str, dict[str, str]]:
    """libyaml reads U+2028, U+2029 and NEL as line breaks (YAML 1.1); YAML 1.2 and Obsidian
    read them as text. Swap each for an unused private-use character of the same length, so
    offsets stay true, and swap back in the values."""
    present = [char for char in _YAML_11_BREAKS if char in text]
    if not present:
        return text, {}
    unused = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)
    stand_ins = {}
    for char in present:
        stand_in = next(unused)
        stand_ins[stand_in] = char
        text = text.replace(char, stand_in)
    return text, stand_ins


def _yaml_error_text(error: yaml.MarkedYAMLError) -> str:
    parts = [error.context, error.problem]
    text = "; ".join(part for part in parts if part)
    return text or "invalid YAML"


def _mark_offset(error: yaml.MarkedYAMLError, text: str) -> int:
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return 0
    return min(mark.index, len(text))


class _Builder:
    def __init__(self, base: int, stand_ins: dict[str, str], aliases: bool) -> None:
        self.base = base
        self.stand_ins = stand_ins
        self.duplicates: list[DuplicateKey] = []
        # An alias is the node it names, met again; without a `*` in the text there is none.
        self.seen: set[int] | None = set() if aliases else None
        import yaml

        self.scalar, self.sequence = yaml.ScalarNode, yaml.SequenceNode

    def build(self, node: Any, depth: int) -> YamlNode:
        start = self.base + node.start_mark.index
        if self.seen is not None:
            if id(node) in self.seen:
                raise _Refused("YAML anchors and aliases are not supported in frontmatter", start)
            self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refused(f"YAML nested too deeply (limit {MAX_DEPTH} levels)", start)
        kind = type(node)
        if kind is self.scalar:
            return self._build_scalar(node, start)
        if node.tag not in (_SEQ, _MAP):
            raise _Refused(f"YAML tag {node.tag} is not supported in frontmatter", start)
        if kind is self.sequence:
            items = tuple([self.build(item, depth + 1) for item in node.value])
            return YamlSeq(items, start, self.base + node.end_mark.index)
        return self._build_map(node, depth, start)

    def _build_scalar(self, node: Any, start: int) -> YamlScalar:
        text: str = node.value
        tag: str = node.tag
        if tag == _STR:
            value: object = text
        elif tag == _PLAIN:
            value = resolve_plain(text)
        else:
            try:
                value = _explicit_value(text, tag)
            except ValueError as error:
                raise _Refused(str(error), start) from None
        if self.stand_ins:
            text = self._restore(text)
            value = self._restore(value) if isinstance(value, str) else value
        return YamlScalar(value, text, node.style or None, start, self.base + node.end_mark.index)

    def _restore(self, text: str) -> str:
        for stand_in, char in self.stand_ins.items():
            text = text.replace(stand_in, char)
        return text

    def _build_map(self, node: Any, depth: int, start: int) -> YamlMap:
        pairs: list[tuple[YamlScalar, YamlNode]] = []
        for key_node, value_node in node.value:
            key = self.build(key_node, depth + 1)
            if not isinstance(key, YamlScalar):
                raise _Refused(_complex_key_message(key_node), key.start)
            pairs.append((key, self.build(value_node, depth + 1)))
        mapping = YamlMap(tuple(pairs), start, self.base + node.end_mark.index)
        self.duplicates.extend(_duplicate_keys(mapping))
        return mapping


def _complex_key_message(key_node: Any) -> str:
    import yaml

    if isinstance(key_node, yaml.MappingNode):
        return (
            "a value in braces like {{date}} is read by YAML as a nested mapping; "
            "quote it if it is a template placeholder"
        )
    return "a mapping key must be a plain value, not a list or mapping"


def _duplicate_keys(mapping: YamlMap) -> Iterator[DuplicateKey]:
    """Each key of the mapping written again, with the first one it repeats."""
    first: dict[object, YamlScalar] = {}
    for key, _ in mapping.pairs:
        seen = first.setdefault(_key_identity(key.value), key)
        if seen is not key:
            yield DuplicateKey(key, seen)


def _key_identity(value: object) -> object:
    """Keys that look the same to a reader are the same key: NFC, and invisible format
    characters (zero-width space, soft hyphen) dropped."""
    if isinstance(value, str) and not value.isascii():
        value = "".join(
            c for c in unicodedata.normalize("NFC", value) if unicodedata.category(c) != "Cf"
        )
    return (type(value).__name__, value)


def _explicit_value(text: str, tag: str) -> object:
    """A scalar with a tag (`!!int 5`): typed as a plain scalar, and it must be of that type."""
    typed = _EXPLICIT.get(tag)
    if typed is None:
        raise ValueError(f"YAML tag {tag} is not supported in frontmatter")
    value = resolve_plain(text)
    if not isinstance(value, typed):
        raise ValueError(f"{text!r} is not a valid {tag.rsplit(':', 1)[-1]}")
    return value


_EXPLICIT: dict[str, type | tuple[type, ...]] = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": (float, int),
    "tag:yaml.org,2002:bool": bool,
    "tag:yaml.org,2002:null": type(None),
    "tag:yaml.org,2002:timestamp": (dt.date, dt.datetime),
}


def resolve_plain(text: str) -> object:
    """Type a plain scalar by the YAML 1.2 core schema, plus timestamps as Obsidian has them."""
    if len(text) > 64 or (text and text[0] not in _TYPED_FIRST):  # most scalars are text
        return text
    word = _WORDS.get(text, text)
    if word is not text or text[0] in _WORD_FIRST:  # (no number or date starts so)
        return word
    if _INT.fullmatch(text):
        return int(text)
    if _OCT.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INF.fullmatch(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.fullmatch(text):
        return math.nan
    return _timestamp(text)


def _timestamp(text: str) -> object:
    match = _DATE.fullmatch(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            return text  # 2025-02-30 is text that looks like a date; the date rule says so
    match = _DATETIME.fullmatch(text)
    if match:
        return _datetime(match) or text
    return text


def _datetime(match: re.Match[str]) -> dt.datetime | None:
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        tzinfo = _zone(zone)
        parts = (int(year), int(month), int(day), int(hour), int(minute), int(second))
        return dt.datetime(*parts, micro, tzinfo=tzinfo)
    except ValueError:
        return None


def _zone(zone: str | None) -> dt.tzinfo | None:
    if zone is None:
        return None
    if zone == "Z":
        return dt.UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2] if len(digits) > 2 else digits), int(digits[2:] or 0)
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def to_python(node: YamlNode) -> object:
    """Plain Python data for a node (safe: aliases were refused, so this is a tree)."""
    if isinstance(node, YamlScalar):
        return node.value
    if isinstance(node, YamlSeq):
        return [to_python(item) for item in node.items]
    return {_hashable_key(key.value): to_python(value) for key, value in node.pairs}


def _hashable_key(value: object) -> object:
    return value if isinstance(value, str | int | float | bool | None) else str(value)


def type_name(value: object) -> str:
    """How a value reads to a user: `an integer`, `a list`, `a date`."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def scalar_text(value: object) -> str:
    """A value written as a YAML scalar in the example note's style: strings plain unless YAML
    needs quotes, then single quotes; dates as quoted strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return f"'{value.isoformat()}'"
    text = str(value)
    if _reads_back_plain(text):
        return text
    if any(char in text for char in "\n\r\t\x85\u2028\u2029") or not text.isprintable():
        return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted
    return "'" + text.replace("'", "''") + "'"


def _reads_back_plain(text: str) -> bool:
    if not text or text != text.strip() or "\n" in text or text[0] in "-?:,[]{}#&*!|>'\"%@`":
        return False
    if text.lower() in _YAML_11_WORDS or _NUMBER_LIKE.fullmatch(text):
        return False  # another YAML reader (1.1, or Obsidian's) could read it as non-text
    parsed = parse_yaml(f"k: {text}\n")
    if not isinstance(parsed, YamlDocument) or not isinstance(parsed.root, YamlMap):
        return False
    value = parsed.root.pairs[0][1]
    return isinstance(value, YamlScalar) and value.value == text
