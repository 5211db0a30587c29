"""Suppressions written in a note, and the filtering they do.

Directives live in real comments only (`%% ... %%` and `<!-- ... -->`, as markdown.py finds
them, so one in code or math is text): `notelint-disable-next-line`, `notelint-disable-line`,
`notelint-disable` ... `notelint-enable`, each with rule names or none (every rule). The
frontmatter key `notelint: {ignore: [...]}` covers the whole note. Rules never see any of
this: `check_note` runs them all, then `apply_suppressions` drops what a suppression covers,
remembering which suppression did it, so unused-suppression can report the others.

When several suppressions cover a diagnostic, the broadest takes it (the frontmatter key, then
the earliest range, then a line directive), as ruff's file-level `noqa` comes before a line's:
a narrower one that can never take anything is reported as unused.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Literal, cast

from msgspec import Struct
from mypy_extensions import mypyc_attr

from notelint.config import SUPPRESSIONS_KEY as KEY
from notelint.diagnostics import Diagnostic
from notelint.note import Field, Note
from notelint.rule import Context
from notelint.yaml_nodes import YamlMap, YamlNode, YamlScalar, YamlSeq

UNUSED = "unused-suppression"  # covered only where a suppression names it
DIRECTIVES = ("disable", "enable", "disable-line", "disable-next-line")
PREFIX = "notelint-"
_OPENING = re.compile(rf"\s*{PREFIX}([^\s,]*)")
_NAME = re.compile(r"[^\s,]+")

Kind = Literal["disable", "enable", "disable-line", "disable-next-line", "ignore"]
PartKey = tuple[int, int]  # (directive index, name index; -1 for a directive without names)


@mypyc_attr(native_class=False)
class Name(Struct, frozen=True):
    """A rule named in a suppression, with its place (to report it unused)."""

    rule: str
    start: int
    end: int


@mypyc_attr(native_class=False)
class Directive(Struct, frozen=True):
    """One suppression comment or frontmatter `ignore` key."""

    kind: Kind
    names: tuple[Name, ...]
    start: int  # the comment, or the frontmatter key
    end: int
    blanket: bool = False  # covers every rule (no names; `ignore: ALL`)
    yaml_field: Field | None = None  # the frontmatter key's field
    items: YamlSeq | None = None  # the frontmatter ignore list

    def shown(self) -> str:
        """The directive as messages quote it."""
        rules = [name.rule for name in self.names]
        if self.kind == "ignore":
            listed = "ALL" if self.blanket else "[" + ", ".join(rules) + "]"
            return f"{KEY}: {{ignore: {listed}}}"
        return " ".join([PREFIX + self.kind, *rules])

    def parts(self) -> list[int]:
        return [-1] if self.blanket else list(range(len(self.names)))


@mypyc_attr(native_class=False)
class Problem(Struct, frozen=True):
    """A suppression that cannot work as written: an unknown directive, a malformed key."""

    message: str
    start: int
    end: int


@mypyc_attr(native_class=False)
class Cover(Struct, frozen=True):
    """The lines one part of a directive covers, for one rule or all."""

    part: PartKey
    rule: str | None  # None: every rule but unused-suppression
    first: int  # lines, inclusive
    last: int


@mypyc_attr(native_class=False)
class Suppressions(Struct):
    """A note's suppressions, what they cover, and (after `claim`) which of them were used."""

    directives: list[Directive]
    problems: list[Problem]
    lines: dict[PartKey, tuple[int, int]] = {}  # what each covers
    ranges: list[Cover] = []  # the key, then disables: broadest first
    by_line: dict[int, list[Cover]] = {}  # line directives
    closed: dict[int, set[PartKey]] = {}  # enable -> disables ended
    used: set[PartKey] = set()  # parts that took a diagnostic or ended one

    def claim(self, diagnostic: Diagnostic) -> bool:
        """Whether a suppression covers the diagnostic; the one that does is marked used."""
        line, rule = diagnostic.span.line, diagnostic.rule
        candidates = [c for c in self.ranges if c.first <= line <= c.last]
        for cover in [*candidates, *self.by_line.get(line, ())]:
            if cover.rule == rule or (cover.rule is None and rule != UNUSED):
                self.used.add(cover.part)
                return True
        return False


def apply_suppressions(
    note: Note, context: Context, found: Sequence[Diagnostic], enabled: Collection[str]
) -> list[Diagnostic]:
    """The diagnostics no suppression covers, plus unused-suppression's (when enabled)."""
    fields = note.frontmatter.fields if note.frontmatter is not None else {}
    if not note.comments and KEY not in fields:
        return list(found)  # most notes
    suppressions = read_suppressions(note)
    kept = [d for d in found if not suppressions.claim(d)]
    if UNUSED in enabled:
        from notelint.rules import unused_suppression  # the registry imports rule modules

        reports = unused_suppression.report(note, context, suppressions, enabled)
        kept.extend(d for d in reports if not suppressions.claim(d))
    return kept


def read_suppressions(note: Note) -> Suppressions:
    directives: list[Directive] = []
    problems: list[Problem] = []
    comments = (_comment(note, span) for span in note.comments)
    for directive, found in (_frontmatter_directive(note), *comments):
        directives.extend([directive] if directive is not None else [])
        problems.extend(found)
    suppressions = Suppressions(directives, problems)
    _cover_ranges(note, suppressions)
    _cover_lines(note, suppressions)
    return suppressions


def opens_or_closes_a_range(note: Note, span: tuple[int, int]) -> bool:
    """Whether the comment at `span` is a `notelint-disable` or `notelint-enable`: it marks a
    place in the note, and belongs to no heading."""
    directive, _ = _comment(note, span)
    return directive is not None and directive.kind in ("disable", "enable")


def _cover_lines(note: Note, suppressions: Suppressions) -> None:
    for index, directive in enumerate(suppressions.directives):
        if directive.kind not in ("disable-line", "disable-next-line"):
            continue
        lines = _line_lines(note, directive)
        if lines is None:
            continue
        for part in directive.parts():
            cover = _make_cover(suppressions, directive, (index, part), lines)
            for line in range(cover.first, cover.last + 1):
                suppressions.by_line.setdefault(line, []).append(cover)


def _cover_ranges(note: Note, suppressions: Suppressions) -> None:
    """The frontmatter key's cover, then each disable's, up to the enable that ends it. The
    key is the first directive, so sorting by position puts the broadest first."""
    open_: list[tuple[PartKey, int]] = []  # (part, first line) of disables not ended yet
    for index, directive in enumerate(suppressions.directives):
        first = _line(note, directive.start)
        if directive.kind == "ignore":
            for part in directive.parts():
                cover = _make_cover(suppressions, directive, (index, part), (1, note.last_line))
                suppressions.ranges.append(cover)
        elif directive.kind == "disable":
            open_.extend(((index, part), first) for part in directive.parts())
        elif directive.kind == "enable":
            ended = [(key, start) for key, start in open_ if _ends(directive, suppressions, key)]
            for key, start in ended:
                _end_range(suppressions, index, key, (start, _line(note, directive.end - 1)))
            open_ = [item for item in open_ if item not in ended]
    for key, start in open_:
        directive = suppressions.directives[key[0]]
        suppressions.ranges.append(
            _make_cover(suppressions, directive, key, (start, note.last_line))
        )
    suppressions.ranges.sort(key=lambda cover: cover.part)


def _end_range(
    suppressions: Suppressions, enable: int, key: PartKey, lines: tuple[int, int]
) -> None:
    directive = suppressions.directives[key[0]]
    suppressions.ranges.append(_make_cover(suppressions, directive, key, lines))
    suppressions.closed.setdefault(enable, set()).add(key)
    rule = directive.names[key[1]].rule if key[1] >= 0 else None
    enabling = suppressions.directives[enable]
    for part in enabling.parts():
        if part == -1 or enabling.names[part].rule == rule:
            suppressions.used.add((enable, part))


def _ends(enable: Directive, suppressions: Suppressions, key: PartKey) -> bool:
    """Whether the enable ends that part of a disable: all of them when it names no rule, else
    the disables that name one of its rules."""
    if enable.blanket:
        return True
    disable = suppressions.directives[key[0]]
    return key[1] >= 0 and disable.names[key[1]].rule in {name.rule for name in enable.names}


def _make_cover(
    suppressions: Suppressions, directive: Directive, key: PartKey, lines: tuple[int, int]
) -> Cover:
    suppressions.lines[key] = lines
    rule = directive.names[key[1]].rule if key[1] >= 0 else None
    return Cover(key, rule, *lines)


def _line_lines(note: Note, directive: Directive) -> tuple[int, int] | None:
    """The lines a line directive covers: its own, or the next line that is not blank."""
    first, last = _line(note, directive.start), _line(note, directive.end - 1)
    if directive.kind == "disable-line":
        return first, last
    for line in range(last + 1, note.last_line + 1):
        span = note.line_span(line)
        if note.text[span.start : span.end].strip():
            return line, line
    return None


def _line(note: Note, offset: int) -> int:
    return note.position(max(offset, 0))[0]


# --- reading directives ---------------------------------------------------------------------


def _comment(note: Note, span: tuple[int, int]) -> tuple[Directive | None, list[Problem]]:
    """The directive a comment holds, or its problem; nothing for an ordinary comment."""
    text, (start, end) = note.text, span
    opener, closer = ("%%", "%%") if text.startswith("%%", start) else ("<!--", "-->")
    inner_start = start + len(opener)
    inner_end = end - len(closer) if text.endswith(closer, inner_start, end) else end
    match = _OPENING.match(text, inner_start, inner_end)
    if match is None:
        return None, []
    word = match.group(1)
    if word not in DIRECTIVES:
        where = match.start(1) - len(PREFIX), match.end(1)
        return None, [Problem(_unknown_directive(word), *where)]
    names = []
    line_end = text.find("\n", match.end(), inner_end)  # names end with the directive's line:
    names_end = inner_end if line_end == -1 else line_end  # an unclosed %% runs to the end
    for token in _NAME.finditer(text, match.end(), names_end):
        if token.group() == "--":
            break  # the reason the directive is there
        names.append(Name(token.group(), token.start(), token.end()))
    if [name.rule for name in names] in (["ALL"], ["all"]):
        names = []  # every rule, as a directive without names
    return Directive(cast(Kind, word), tuple(names), start, end, blanket=not names), []


def _unknown_directive(word: str) -> str:
    import difflib  # only for a mistake

    close = difflib.get_close_matches(word, DIRECTIVES, 1)
    known = ", ".join(f"notelint-{kind}" for kind in DIRECTIVES)
    hint = f"did you mean 'notelint-{close[0]}'?" if close else f"use one of {known}"
    return f"unknown suppression 'notelint-{word}'; {hint}"


def _frontmatter_directive(note: Note) -> tuple[Directive | None, list[Problem]]:
    """`notelint: {ignore: [rule, ...]}` or `{ignore: ALL}`; anything else is a problem."""
    present = note.frontmatter.fields.get(KEY) if note.frontmatter is not None else None
    if present is None:
        return None, []
    value = present.value
    if not isinstance(value, YamlMap):
        where = value if value.end > value.start else present.key
        expected = f"{KEY} must be a mapping like {{ignore: [rule, ...]}}"
        return None, [Problem(f"{expected}, found {_kind(value)}", where.start, where.end)]
    problems = [
        Problem(f"unknown key {key.value!r} in {KEY}; it takes only ignore", key.start, key.end)
        for key, _ in value.pairs
        if key.value != "ignore"
    ]
    ignore = next((node for key, node in value.pairs if key.value == "ignore"), None)
    if ignore is None:
        message = f"{KEY} has no ignore list: write {KEY}: {{ignore: [rule, ...]}}"
        return None, [*problems, Problem(message, present.key.start, present.key.end)]
    directive, more = _ignore_list(present, ignore)
    return directive, [*problems, *more]


def _ignore_list(present: Field, ignore: YamlNode) -> tuple[Directive | None, list[Problem]]:
    span = (present.key.start, present.key.end)
    if _is_all(ignore):
        return Directive("ignore", (), *span, blanket=True, yaml_field=present), []
    if not isinstance(ignore, YamlSeq):
        expected = f"{KEY}.ignore must be a list of rule names, or ALL"
        return None, [Problem(f"{expected}, found {_kind(ignore)}", ignore.start, ignore.end)]
    names, problems = [], []
    for index, item in enumerate(ignore.items):
        if isinstance(item, YamlScalar) and isinstance(item.value, str):
            names.append(Name(item.value, item.start, item.end))
        else:
            message = f"{KEY}.ignore[{index}] must be a rule name, found {_kind(item)}"
            problems.append(Problem(message, item.start, item.end))
    if problems:
        return None, problems
    return Directive("ignore", tuple(names), *span, yaml_field=present, items=ignore), []


def _is_all(ignore: YamlNode) -> bool:
    """`ALL` as in per-file-ignores and on the command line (`all` and `[ALL]` too)."""
    if isinstance(ignore, YamlSeq) and len(ignore.items) == 1:
        ignore = ignore.items[0]
    return isinstance(ignore, YamlScalar) and ignore.value in ("ALL", "all")


def _kind(node: YamlNode) -> str:
    if isinstance(node, YamlSeq):
        return "a list"
    if isinstance(node, YamlMap):
        return "a mapping"
    return "nothing" if node.value is None else f"{node.text!r}"
