"""Inferring one frontmatter field's spec from the values the notes of a type give it.

A rule is inferred only when nearly all values (`NEARLY_ALL`, 95%) already follow it, so that
`notelint check` right after `notelint init` flags at most one value in twenty for it: the
outliers. A value or a character that fewer than `RARE` (1%) of the values use, or only one,
is treated as an outlier too: it never widens a range, an enum or a pattern.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from msgspec import Struct

from notelint.config import DATE_FORMATS, DATETIME_FORMATS, FieldSpec
from notelint.fields import is_empty, is_url, written_in
from notelint.markdown import split_linktext
from notelint.vault import unique_key
from notelint.yaml_nodes import YamlNode, YamlScalar, YamlSeq

NEARLY_ALL = 0.95  # share of values a rule must already fit
MOST = 0.75  # a type this share of values has is the field's type when none fits nearly all
RARE = 0.01  # a value used by fewer than this share (or by one note) is an outlier
ENUM_MAX = 10  # more distinct values than this is a vocabulary that grows (sources, people)
ENUM_SAMPLE = 10  # values per distinct value needed to tell a closed list from a rare value
SCALE_MAX = 20  # a number field with more distinct values than this has no range inferred
SCALE_VALUES = 20  # nor one with fewer values: too few to tell the scale's ends
MIN_VALUES = 5  # fewer values than this: no range, enum, unique or unique_items
PATTERN_DISTINCT = 10  # fewer different list items than this: no pattern

_WIKILINK = re.compile(r"\[\[([^\[\]\n]+)\]\]")

# Whether a wikilink target, written in the note at the given path, resolves in the vault
Resolver = Callable[[str, str], bool]


class Value(Struct, frozen=True):
    """A field's value in one note: what the field rules would look at."""

    path: str  # the note's vault path
    node: YamlNode


class FieldGuess(Struct, frozen=True):
    """The inferred spec of a field (None when no type fits nearly all its values), and why."""

    spec: FieldSpec | None
    evidence: str


def infer_field(values: Sequence[Value], notes: int, label: str, resolves: Resolver) -> FieldGuess:
    """The spec of a field present in `values` (one per note that has the key) among `notes`
    notes of a type; `label` names them in the evidence ("Content notes")."""
    filled = [value for value in values if not is_empty(value.node)]
    presence = f"in {_n(len(filled))} of {_n(notes)} {label}"
    required = notes > 0 and len(filled) >= NEARLY_ALL * notes
    if not filled:
        return FieldGuess(FieldSpec("str"), f"always empty ({_n(len(values))} {label})")
    guess = _typed(filled, resolves)
    if guess is None:
        return FieldGuess(None, f"{presence}; {_kinds(filled)}: no type fits 3 in 4 of them")
    options, evidence = guess
    spec = FieldSpec(**options, required=required)
    return FieldGuess(spec, "; ".join([presence, *evidence]))


Options = dict[str, Any]
Guess = tuple[Options, list[str]]


def _typed(filled: Sequence[Value], resolves: Resolver, items: bool = False) -> Guess | None:
    """The most specific type nearly all values have, with its options; else the type most
    values (`MOST`) have, the rest being left for check to report; else None. List items
    are never an enum: a list's vocabulary (tags) grows."""
    nodes = [value.node for value in filled]
    candidates = _candidates(filled, nodes, resolves, items)
    for fits, build in candidates:
        if fits >= NEARLY_ALL * len(nodes):
            return build()
    fits, build = max(candidates, key=lambda candidate: candidate[0])  # the first of the most
    return build() if fits >= MOST * len(nodes) else None


Candidate = tuple[int, Callable[[], Guess]]


def _candidates(
    filled: Sequence[Value], nodes: list[YamlNode], resolves: Resolver, items: bool
) -> list[Candidate]:
    """Each type with the number of values it fits, most specific first."""
    found: list[Candidate] = []
    for kind in ("bool", "int", "float"):
        fits = sum(_is_kind(kind, node) for node in nodes)
        found.append((fits, functools.partial(_numeric, kind, nodes, fits)))
    found += _date_candidates(nodes)
    texts = [text for text in map(_text_of, nodes) if text is not None]
    urls = [text for text in texts if is_url(text)]
    found.append((len(urls), functools.partial(_url, nodes, urls)))
    links = [v for v in filled if _WIKILINK.fullmatch((_text_of(v.node) or "").strip())]
    found.append((len(links), functools.partial(_wikilink, nodes, links, resolves)))
    lists = [node for node in nodes if isinstance(node, YamlSeq)]
    found.append((len(lists), functools.partial(_list, nodes, lists, filled, resolves)))
    found.append((len(texts), functools.partial(_text, nodes, texts, not items)))
    return found


def _is_kind(kind: str, node: YamlNode) -> bool:
    if not isinstance(node, YamlScalar):
        return False
    value = node.value
    if kind == "bool":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (kind == "float" and isinstance(value, float))


def _text_of(node: YamlNode) -> str | None:
    if isinstance(node, YamlScalar) and isinstance(node.value, str):
        return node.value
    return None


def _number_of(node: YamlNode) -> int | float | None:
    if isinstance(node, YamlScalar) and isinstance(node.value, int | float):
        return None if isinstance(node.value, bool) else node.value
    return None


def _fitting(part: int, whole: int, what: str) -> str:
    """`an integer in all` or `an integer in 965, 3 not`."""
    return f"{what} in all" if part == whole else f"{what} in {_n(part)}, {_n(whole - part)} not"


def _numeric(kind: str, nodes: list[YamlNode], fits: int) -> Guess:
    name = {"bool": "true or false", "int": "an integer", "float": "a number"}[kind]
    evidence = [_fitting(fits, len(nodes), name)]
    options: Options = {"type": kind}
    if kind != "bool":
        numbers = [
            number for n in nodes if _is_kind(kind, n) and (number := _number_of(n)) is not None
        ]
        bounds = _scale(numbers)
        if bounds is not None:
            low, high, outside = bounds
            options |= {"min": low, "max": high}
            evidence.append(f"{_number(low)} to {_number(high)} in {_n(len(numbers) - outside)}")
            if outside:
                evidence[-1] += f", {_n(outside)} outside"
    return options, evidence


def _scale(numbers: list[int | float]) -> tuple[float, float, int] | None:
    """The range of a bounded scale (1 to 5, 0 to 10): the smallest and largest of the values
    many notes share, when nearly all values lie between them. Rare values outside are
    outliers; a field with many distinct values (years, counts) gets no range."""
    if len(numbers) < SCALE_VALUES:
        return None
    counts = Counter(numbers)
    dense = [value for value, count in counts.items() if count >= _dense_count(len(numbers))]
    if not 2 <= len(dense) <= SCALE_MAX:
        return None
    low, high = min(dense), max(dense)
    inside = sum(count for value, count in counts.items() if low <= value <= high)
    if inside < NEARLY_ALL * len(numbers):
        return None
    return low, high, len(numbers) - inside


def _dense_count(total: int) -> int:
    """How many uses make a value (or character) more than an outlier."""
    return max(2, math.ceil(RARE * total))


def _date_candidates(nodes: list[YamlNode]) -> list[Candidate]:
    """A date in the strftime format most values are written in, a date-time likewise, and
    an ISO 8601 date-time (any of its forms)."""
    texts = [node.text for node in nodes if isinstance(node, YamlScalar) and _could_be_date(node)]
    found: list[Candidate] = []
    for kind, formats in (("date", DATE_FORMATS), ("datetime", DATETIME_FORMATS)):
        best, fits = _best_format(texts, formats)
        evidence = _fitting(fits, len(nodes), f"'{best}'")
        found.append((fits, functools.partial(_guess, {"type": kind, "format": best}, evidence)))
    iso = sum(_is_iso_datetime(text) for text in texts)
    evidence = _fitting(iso, len(nodes), "an ISO 8601 date-time")
    found.append((iso, functools.partial(_guess, {"type": "datetime"}, evidence)))
    return found


def _guess(options: Options, evidence: str) -> Guess:
    return options, [evidence]


def _could_be_date(node: YamlScalar) -> bool:
    return isinstance(node.value, str | dt.date) and any(char.isdigit() for char in node.text)


def _best_format(texts: list[str], formats: tuple[str, ...]) -> tuple[str | None, int]:
    """The format most texts are written in, exactly (as the bad-date rule reads them)."""
    best: str | None = None
    best_count = 0
    for fmt in formats:
        count = sum(written_in(text, fmt) for text in texts)
        if count > best_count:
            best, best_count = fmt, count
    return best, best_count


def _is_iso_datetime(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return len(text) > 10


def _url(nodes: list[YamlNode], urls: list[str]) -> Guess:
    evidence = [_fitting(len(urls), len(nodes), "a URL")]
    options: Options = {"type": "url"}
    repeats = len(urls) - len(set(urls))
    if len(urls) >= MIN_VALUES and repeats <= (1 - NEARLY_ALL) * len(urls):
        options["unique"] = True
        evidence.append("no two notes share one" if not repeats else f"{_n(repeats)} repeated")
    return options, evidence


def _wikilink(nodes: list[YamlNode], links: list[Value], resolves: Resolver) -> Guess:
    """A `"[[Note]]"` field; `wikilink` only when nearly all resolve (the type checks that),
    else plain text, so notes still to write are not errors."""
    found = sum(_resolves(value, resolves) for value in links)
    if found >= NEARLY_ALL * len(links):
        return {"type": "wikilink"}, [_fitting(found, len(nodes), "a link to a note")]
    evidence = f'a "[[link]]" in {_n(len(links))}, {_n(len(links) - found)} to no file'
    return {"type": "str"}, [evidence]


def _resolves(value: Value, resolves: Resolver) -> bool:
    match = _WIKILINK.fullmatch((_text_of(value.node) or "").strip())
    target, _ = split_linktext(match.group(1)) if match else ("", ())
    return bool(target) and resolves(target, value.path)


def _text(nodes: list[YamlNode], texts: list[str], enum: bool) -> Guess:
    evidence = [_fitting(len(texts), len(nodes), "text")]
    values = _enum_values(texts) if enum else None
    if values is None:
        return {"type": "str"}, evidence
    inside = sum(text in values for text in texts)
    evidence.append(f"{len(values)} values in {_n(inside)}")
    if inside < len(texts):
        evidence[-1] += f", {_n(len(texts) - inside)} other"
    return {"type": "enum", "values": values}, evidence


def _enum_values(texts: list[str]) -> list[str] | None:
    """A few values, each used by many notes, that nearly all notes pick from: a status, a
    priority. Free text (titles, sources, names) has more values, or values used once; and
    with fewer than ENUM_SAMPLE notes a value, a value not seen yet may just be rare."""
    if len(texts) < MIN_VALUES:
        return None
    counts = Counter(texts)
    dense = [value for value, count in counts.items() if count >= _dense_count(len(texts))]
    if not 2 <= len(dense) <= ENUM_MAX or len(texts) < ENUM_SAMPLE * len(dense):
        return None
    if sum(counts[value] for value in dense) < NEARLY_ALL * len(texts):
        return None
    return sorted(dense, key=lambda value: (-counts[value], value))


def _list(
    nodes: list[YamlNode], lists: list[YamlSeq], filled: Sequence[Value], resolves: Resolver
) -> Guess:
    evidence = [_fitting(len(lists), len(nodes), "a list")]
    options: Options = {"type": "list"}
    items = [
        Value(value.path, item)
        for value in filled
        if isinstance(value.node, YamlSeq)
        for item in value.node.items
        if not is_empty(item)
    ]
    item_guess = _typed(items, resolves, items=True) if items else None
    if item_guess is not None and item_guess[0]["type"] != "list":
        item_options, item_evidence = item_guess
        pattern = _pattern(lists) if item_options["type"] == "str" else None
        if pattern is not None:
            item_options["pattern"], fits = pattern
            item_evidence.append(_fitting(fits, len(items), "the pattern"))
        options["items"] = FieldSpec(**item_options)
        evidence.append("items: " + ", ".join(item_evidence))
    repeats = _unique_items(lists)
    if repeats is not None:
        options["unique_items"] = True
        evidence.append("no list repeats an item" if not repeats else f"{_n(repeats)} repeat one")
    return options, evidence


def _unique_items(lists: list[YamlSeq]) -> int | None:
    """How many lists repeat an item, when nearly none of the lists of two or more items do;
    None when few lists hold two items (nothing to go by) or repeats are common."""
    longer = [_scalar_keys(seq) for seq in lists]
    longer = [keys for keys in longer if len(keys) >= 2]
    if len(longer) < MIN_VALUES:
        return None
    repeats = sum(len(set(keys)) < len(keys) for keys in longer)
    return repeats if repeats <= (1 - NEARLY_ALL) * len(longer) else None


def _scalar_keys(seq: YamlSeq) -> list[str]:
    return [
        unique_key(item.value)
        for item in seq.items
        if isinstance(item, YamlScalar) and item.value is not None
    ]


# --- the pattern of tag-like list items ------------------------------------------------

_ALNUM = "A-Za-z0-9"


def _pattern(lists: list[YamlSeq]) -> tuple[str, int] | None:
    """A character class that tag-like items share (`^[A-Za-z0-9_/-]+$`), and how many items
    fit it: letters and digits, plus each other character many lists use. No pattern when
    spaces are common (the items are phrases, not tags)."""
    used: Counter[str] = Counter()
    items: list[str] = []
    for seq in lists:
        texts = [
            i.value for i in seq.items if isinstance(i, YamlScalar) and isinstance(i.value, str)
        ]
        items.extend(texts)
        used.update({_char_class(char) for text in texts for char in text})
    if len(set(items)) < PATTERN_DISTINCT or sum(i.startswith("[[") for i in items) * 2 > len(
        items
    ):
        return None  # too few different items to go by, or links rather than tags
    dense = {key for key, count in used.items() if count >= _dense_count(len(lists))}
    if not dense & {_ALNUM, "\\w"} or any(key.isspace() for key in dense):
        return None
    if "\\w" in dense:
        dense = (dense - {_ALNUM, "_"}) | {"\\w"}
    pattern = "^[" + _class_text(dense) + "]+$"
    fits = sum(bool(re.search(pattern, item)) for item in items)
    return (pattern, fits) if fits >= NEARLY_ALL * len(items) else None


def _char_class(char: str) -> str:
    if char.isascii() and char.isalnum():
        return _ALNUM
    if char.isalnum():
        return "\\w"  # letters of other scripts: any word character
    return char


def _class_text(classes: set[str]) -> str:
    """The inside of a character class: letters and digits, `_`, other characters in code
    point order, `-` last (where it needs no escape)."""
    words = [key for key in (_ALNUM, "\\w") if key in classes]
    others = sorted(key for key in classes if len(key) == 1 and key not in "_-")
    escaped = [("\\" + char) if char in "\\]^[" else char for char in others]
    tail = ["-"] if "-" in classes else []
    return "".join([*words, *(["_"] if "_" in classes else []), *escaped, *tail])


# --- evidence --------------------------------------------------------------------------


def _kinds(filled: Sequence[Value]) -> str:
    """`79 date-times, 24 dates`: what the values are, for a field no type fits."""
    counts = Counter(_kind_name(value.node) for value in filled)
    return ", ".join(f"{_n(count)} {name}" for name, count in counts.most_common())


def _kind_name(node: YamlNode) -> str:
    if isinstance(node, YamlSeq):
        return "lists"
    if not isinstance(node, YamlScalar):
        return "mappings"
    value = node.value
    for kind, name in (
        (bool, "booleans"),
        (int, "integers"),
        (float, "numbers"),
        (dt.datetime, "date-times"),
        (dt.date, "dates"),
    ):
        if isinstance(value, kind):
            return name
    return "texts"


def _n(count: int) -> str:
    return f"{count:,}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
