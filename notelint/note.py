"""A note parsed once: frontmatter with positions, headings, links. Rules only read it.

The frontmatter rule, as Obsidian has it: line 1 is exactly `---` (trailing spaces allowed)
and the block ends at the next line that is exactly `---`. Nothing else opens frontmatter;
look-alikes (`----`, `+++`, a `---` block after a blank first line) are reported, not read.
"""

from __future__ import annotations

import bisect
import re

from msgspec import Struct
from mypy_extensions import mypyc_attr

from notelint.diagnostics import Span
from notelint.files import line_starts_of
from notelint.markdown import Heading, Link, scan_body, wikilinks
from notelint.yaml_nodes import (
    DuplicateKey,
    YamlDocument,
    YamlMap,
    YamlNode,
    YamlScalar,
    YamlSeq,
    parse_yaml,
)

MAX_FRONTMATTER_SIZE = 256 * 1024
DELIMITER = re.compile(r"---[ \t]*")  # a frontmatter delimiter line
_LOOKS_LIKE_KEY = re.compile(r"[^\s:#-][^:\n]*:(?:[ \t]|$)")


@mypyc_attr(native_class=False)
class SyntaxProblem(Struct, frozen=True):
    """Why the frontmatter could not be read; the field rules are then skipped."""

    message: str
    start: int
    end: int


class Field:
    """A frontmatter key and its value, each with its place in the text."""

    __slots__ = ("key", "name", "value")

    def __init__(self, name: str, key: YamlScalar, value: YamlNode) -> None:
        self.name = name
        self.key = key
        self.value = value


class Frontmatter:
    """The note's YAML frontmatter, read with positions so fixes are text edits."""

    def __init__(
        self,
        start: int,  # offset of the opening ---
        end: int,  # offset just past the closing --- line
        fields: dict[str, Field],  # the first occurrence of each key, in file order
        duplicates: tuple[DuplicateKey, ...],
        flow: bool = False,  # written as one `{...}` mapping (JSON style): block edits do not fit
    ) -> None:
        self.start = start
        self.end = end
        self.fields = fields
        self.duplicates = duplicates
        self.flow = flow


class Note:
    """A note parsed once: every rule reads this, and none parses again. (A plain class:
    compiled, its attributes are C fields, which the rules read hundreds of times a note.)"""

    def __init__(
        self,
        path: str,  # vault-relative, with forward slashes
        text: str,  # newlines normalised to \n, no BOM
        line_starts: list[int],
        frontmatter: Frontmatter | None,
        problems: tuple[SyntaxProblem, ...],  # why the frontmatter could not be read
        body_start: int,
        headings: tuple[Heading, ...] = (),
        links: tuple[Link, ...] = (),
        block_ids: frozenset[str] = frozenset(),
        unreadable: str | None = None,  # why the file could not be read as a note
        verbatim: tuple[tuple[int, int], ...] = (),  # code, HTML, math, comments: kept as is
        comments: tuple[tuple[int, int], ...] = (),  # each %%comment%% and <!-- comment -->
    ) -> None:
        self.path = path
        self.text = text
        self.line_starts = line_starts
        self.frontmatter = frontmatter
        self.problems = problems
        self.body_start = body_start
        self.headings = headings
        self.links = links
        self.block_ids = block_ids
        self.unreadable = unreadable
        self.verbatim = verbatim
        self.comments = comments

    @classmethod
    def unreadable_file(cls, path: str, reason: str) -> Note:
        return cls(path, "", [0], None, (), 0, unreadable=reason)

    def span(self, start: int, end: int | None = None) -> Span:
        end = start if end is None else end
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(start, end, line, column, end_line, end_column)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    @property
    def last_line(self) -> int:
        """The last line that has text (a final newline does not start a line)."""
        lines = len(self.line_starts)
        return lines - 1 if lines > 1 and self.text.endswith("\n") else lines

    def line_span(self, line: int) -> Span:
        """The whole of a 1-based line, without its newline."""
        start = self.line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.span(start, len(self.text) if end == -1 else end)


def parse_note(text: str, path: str) -> Note:
    """Parse normalised note text (see files.decode_note). Never raises on bad input."""
    starts = line_starts_of(text)
    frontmatter, problems, body_start = _split_and_parse(text, starts)
    body = scan_body(text, body_start, starts)
    links = _frontmatter_links(text, frontmatter) + body.links
    return Note(
        path,
        text,
        starts,
        frontmatter,
        problems,
        body_start,
        body.headings,
        links,
        body.block_ids,
        verbatim=body.verbatim,
        comments=body.comments,
    )


def _frontmatter_links(text: str, frontmatter: Frontmatter | None) -> tuple[Link, ...]:
    """Wikilinks in frontmatter strings (`up: "[[Projects]]"`): Obsidian indexes them too."""
    if frontmatter is None or text.find("[[", 0, frontmatter.end) == -1:
        return ()  # (most notes: no link in the frontmatter's text, so none in its values)
    found: list[Link] = []
    pending: list[YamlNode] = [field.value for field in frontmatter.fields.values()]
    while pending:
        node = pending.pop()
        if isinstance(node, YamlScalar):
            if isinstance(node.value, str) and "[[" in node.value:
                written = text[node.start : node.end]
                found.extend(wikilinks(written, written, node.start))
        elif isinstance(node, YamlSeq):
            pending.extend(node.items)
        else:
            pending.extend(value for _, value in node.pairs)
    return tuple(sorted(found, key=lambda link: link.start))


def _line(text: str, starts: list[int], index: int) -> str:
    end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
    return text[starts[index] : end]


def _split_and_parse(
    text: str, starts: list[int]
) -> tuple[Frontmatter | None, tuple[SyntaxProblem, ...], int]:
    first = _line(text, starts, 0)
    if not DELIMITER.fullmatch(first):
        return None, _lookalike_problems(text, starts), 0
    close = _closing_line(text, starts)
    if close is None:
        problem = SyntaxProblem(
            "frontmatter opened on line 1 is never closed by a '---' line", 0, 3
        )
        return None, (problem,), 0
    yaml_start = starts[1]
    yaml_end = starts[close]
    body_start = starts[close + 1] if close + 1 < len(starts) else len(text)
    if yaml_end - yaml_start > MAX_FRONTMATTER_SIZE:
        size = (yaml_end - yaml_start) // 1024
        message = f"frontmatter is {size} KB, over the {MAX_FRONTMATTER_SIZE // 1024} KB limit"
        return None, (SyntaxProblem(message, 0, 3),), body_start
    frontmatter, problems = _read_frontmatter(text[yaml_start:yaml_end], yaml_start, body_start)
    return frontmatter, problems, body_start


def _closing_line(text: str, starts: list[int]) -> int | None:
    """The index of the first line after the first that is a `---` delimiter: only the lines
    that start with `---` are looked at."""
    found = text.find("\n---")
    while found != -1:
        index = bisect.bisect_left(starts, found + 1)
        if DELIMITER.fullmatch(_line(text, starts, index)):
            return index
        found = text.find("\n---", found + 1)
    return None


def _read_frontmatter(
    yaml_text: str, base: int, end: int
) -> tuple[Frontmatter | None, tuple[SyntaxProblem, ...]]:
    parsed = parse_yaml(yaml_text, base)
    if not isinstance(parsed, YamlDocument):
        return None, (SyntaxProblem(parsed.message, parsed.offset, parsed.offset),)
    root = parsed.root
    if root is None:
        return Frontmatter(0, end, {}, ()), ()
    if not isinstance(root, YamlMap):
        kind = "a list" if not isinstance(root, YamlScalar) else "a single value"
        message = f"frontmatter must be a mapping of keys to values, found {kind}"
        return None, (SyntaxProblem(message, root.start, root.start),)
    fields: dict[str, Field] = {}
    for key, value in root.pairs:
        name = str(key.value) if key.value is not None else ""
        fields.setdefault(name, Field(name, key, value))
    flow = yaml_text.startswith("{", root.start - base)
    return Frontmatter(0, end, fields, parsed.duplicates, flow), ()


def _lookalike_problems(text: str, starts: list[int]) -> tuple[SyntaxProblem, ...]:
    """Blocks a user meant as frontmatter but Obsidian does not read as such."""
    raw_first = _line(text, starts, 0)
    first = raw_first.strip()
    second = _line(text, starts, 1) if len(starts) > 1 else ""
    if first == "+++" and second.strip():
        message = "TOML frontmatter ('+++') is not supported; use YAML between '---' lines"
        return (SyntaxProblem(message, 0, len(raw_first)),)
    if first == "{" and second.lstrip().startswith('"'):
        message = "JSON frontmatter ('{') is not supported; use YAML between '---' lines"
        return (SyntaxProblem(message, 0, len(raw_first)),)
    if not _LOOKS_LIKE_KEY.match(second):
        return _after_blank_lines(text, starts) if not first else ()
    if re.fullmatch(r"-{4,}", first):
        message = f"frontmatter must open with exactly '---', found '{first}'"
        return (SyntaxProblem(message, 0, len(raw_first)),)
    if first == "---":
        message = "an indented '---' is not frontmatter; the '---' must start the line"
        return (SyntaxProblem(message, 0, len(raw_first)),)
    return ()


def _after_blank_lines(text: str, starts: list[int]) -> tuple[SyntaxProblem, ...]:
    for index in range(1, min(len(starts) - 1, 20)):
        line = _line(text, starts, index)
        if not line.strip():
            continue
        if DELIMITER.fullmatch(line) and _LOOKS_LIKE_KEY.match(_line(text, starts, index + 1)):
            message = (
                "a '---' block after leading blank lines is not frontmatter;"
                " it must start on line 1"
            )
            return (SyntaxProblem(message, starts[index], starts[index] + 3),)
        break
    return ()
