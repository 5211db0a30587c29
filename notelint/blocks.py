"""The block structure the rules need (headings and code), found by one line scan.

markdown-it-py takes about 1 ms for a 4 KB note; this scan takes a few percent of that. It
follows CommonMark for what notes are made of: ATX and setext headings, fenced and indented
code, paragraphs with lazy continuation, list items (nesting by indentation) and blockquotes.
When a note holds something it does not model exactly (HTML blocks, link reference
definitions, code inside quotes, a heading or fence on a list marker's line), it returns
None and the caller asks markdown-it. tests/test_blocks.py checks that both always agree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from msgspec import Struct
from mypy_extensions import mypyc_attr

from notelint.files import line_starts_of

HtmlSequence = tuple[re.Pattern[str], re.Pattern[str], bool]

_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)")
_THEMATIC = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*")
_SETEXT = re.compile(r"(=+|-+)[ \t]*")
_LIST_MARKER = re.compile(r"([-+*]|(\d{1,9})[.)])(?=[ \t]|$)")
_REFERENCE = re.compile(r"\[[^\]]+\]:")
_MAX_DEPTH = 10


@mypyc_attr(native_class=False)
class BlockHeading(Struct, frozen=True):
    """A heading as the line scan found it, before inline markup is known."""

    line: int  # 0-based; for a setext heading, its first text line
    level: int
    text: str
    top_level: bool


@mypyc_attr(native_class=False)
class Blocks(Struct, frozen=True):
    """What the block scan decides for the inline scan: which lines are code, HTML or headings."""

    code: tuple[tuple[int, int], ...]  # [first, end) line ranges of fenced and indented code
    headings: tuple[BlockHeading, ...]
    comments: tuple[tuple[int, int], ...] = ()  # [first, end) of HTML blocks that are comments
    html: tuple[tuple[int, int], ...] = ()  # [first, end) of all HTML blocks


class Unsupported(Exception):
    """The note holds a construct this scan does not model; use markdown-it."""


def _columns(line: str) -> tuple[int, int]:
    """(indent in columns with tab stops of 4, index of the first non-blank character)."""
    column = 0
    for index, char in enumerate(line):
        if char == " ":
            column += 1
        elif char == "\t":
            column += 4 - column % 4
        else:
            return column, index
    return column, len(line)


def _strip_columns(line: str, columns: int) -> str:
    """The line without its first `columns` columns of indentation (tabs may be split)."""
    column = 0
    for index, char in enumerate(line):
        if column >= columns or char not in " \t":
            return " " * (column - columns) + line[index:]
        column += 1 if char == " " else 4 - column % 4
    return ""


def atx_content(rest: str) -> str:
    """Heading text after the opening #'s, without a closing sequence (markdown-it's rule)."""
    end = len(rest.rstrip(" \t"))
    cut = len(rest[:end].rstrip("#"))
    if cut < end and cut > 0 and rest[cut - 1] in " \t":
        end = cut
    elif cut == 0:
        end = 0
    return rest[:end].strip()


def _atx(content: str) -> tuple[int, str] | None:
    if not content.startswith("#"):
        return None
    level = len(content) - len(content.lstrip("#"))
    rest = content[level:]
    if level > 6 or (rest and rest[0] not in " \t"):
        return None
    return level, atx_content(rest)


@mypyc_attr(native_class=False)
class _Paragraph(Struct):
    """The open paragraph: a setext underline turns it into a heading."""

    start: int
    depth: int  # list items it lives in
    quoted: bool
    lines: list[str]


class _Scan:
    """The line scan's state: open containers, fences and blocks found so far. (A plain class:
    compiled, its attributes are C fields.)"""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.stack: list[int] = []  # content column of each open list item
        self.code: list[tuple[int, int]] = []
        self.headings: list[BlockHeading] = []
        self.paragraph: _Paragraph | None = None
        self.fence: tuple[str, int, int, int] | None = None  # (char, length, depth, first line)
        self.indented: tuple[int, int, int] | None = None  # (depth, first line, last code line)
        # (closing pattern, depth, first line)
        self.html: tuple[re.Pattern[str], int, int] | None = None
        self.comments: list[tuple[int, int]] = []
        self.html_blocks: list[tuple[int, int]] = []

    def run(self) -> Blocks:
        for number, line in enumerate(self.lines):
            self.line(number, line)
        self.close_fence(len(self.lines))
        self.close_indented()
        self.close_html(len(self.lines))
        return Blocks(
            tuple(self.code), tuple(self.headings), tuple(self.comments), tuple(self.html_blocks)
        )

    def base(self, depth: int) -> int:
        return self.stack[depth - 1] if depth else 0

    def line(self, number: int, line: str) -> None:
        if (line[:1].isalpha() or line[:1] == "!") and self.fence is None and self.html is None:
            self.text_line(number, line)  # the common case: text or an embed, at column 0
            return
        indent, first = _columns(line)
        blank = first == len(line)
        if self.fence is not None and self.in_fence(number, line, indent, blank):
            return
        if self.html is not None and self.in_html(number, line, indent, blank, first):
            return
        if blank:
            self.paragraph = None
            return
        if self.indented is not None:
            depth, start, _ = self.indented
            if indent >= self.base(depth) + 4:
                self.indented = (depth, start, number)
                return
            self.close_indented()
        depth = sum(1 for column in self.stack if column <= indent)
        self.block(number, line, indent, depth)

    def text_line(self, number: int, line: str) -> None:
        """A line starting with a letter or `!` starts no block: it is paragraph text."""
        self.close_indented()
        if self.paragraph is not None:
            self.paragraph.lines.append(line)
        else:
            self.stack.clear()
            self.paragraph = _Paragraph(number, 0, False, [line])

    def in_fence(self, number: int, line: str, indent: int, blank: bool) -> bool:
        char, length, depth, _ = self.fence  # type: ignore[misc]
        if not blank and indent < self.base(depth):
            self.close_fence(number)  # the list item ends, and the fence with it
            return False
        if indent - self.base(depth) <= 3 and _is_closer(line.lstrip(" \t"), char, length):
            self.close_fence(number + 1)
        return True

    def html_block(self, number: int, content: str, depth: int) -> None:
        opener = _html_opener(content)
        assert opener is not None
        self.html = (opener[1], depth, number)
        if opener[1].search(content):
            self.close_html(number + 1)

    def in_html(self, number: int, line: str, indent: int, blank: bool, first: int) -> bool:
        """Inside an HTML block (markdown-it's rule): it ends at a line matching its closer
        (that line included, unless blank) or where its list item ends."""
        closer, depth, _ = self.html  # type: ignore[misc]
        if not blank and indent < self.base(depth):
            self.close_html(number)
            return False
        if closer.search(line[first:]):
            self.close_html(number if blank else number + 1)
            return not blank
        return True

    def close_html(self, end: int) -> None:
        if self.html is not None:
            closer, _, start = self.html
            if closer.pattern == "-->":
                self.comments.append((start, end))
            self.html_blocks.append((start, end))
            self.html = None

    def close_fence(self, end: int) -> None:
        if self.fence is not None:
            self.code.append((self.fence[3], end))
            self.fence = None

    def close_indented(self) -> None:
        if self.indented is not None:
            _, start, last = self.indented
            self.code.append((start, last + 1))
            self.indented = None

    def block(self, number: int, line: str, indent: int, depth: int) -> None:
        relative = indent - self.base(depth)
        content = _strip_columns(line, indent)
        paragraph = self.paragraph
        if paragraph is not None and self.setext(number, line, indent, content, relative):
            return
        if relative >= 4:
            if paragraph is not None and indent < self.base(paragraph.depth):
                raise Unsupported("markdown-it and CommonMark differ on this lazy line")
            if (
                paragraph is not None
                and paragraph.quoted
                and self.starts_block(content, False, True)
            ):
                # markdown-it ends quotes nested two deep there, and reads the line as code
                raise Unsupported("an indented block start after a quote")
            if paragraph is not None:
                paragraph.lines.append(line)
            else:
                self.stack[depth:] = []
                self.indented = (depth, number, number)
            return
        # a list item may not interrupt a paragraph of its own container when it is empty or
        # numbered other than 1; a less indented one is outside that container
        interrupting = (
            paragraph is not None and not paragraph.quoted and indent >= self.base(paragraph.depth)
        )
        starts = self.starts_block(content, interrupting, paragraph is not None)
        if not starts:
            if paragraph is not None:
                paragraph.lines.append(line)  # continuation, lazy or not
            else:
                self.stack[depth:] = []
                self.open_paragraph(number, depth, False, line, content)
            return
        self.stack[depth:] = []
        self.paragraph = None
        self.start_block(number, line, content, depth, indent)

    def starts_block(self, content: str, interrupting: bool, in_paragraph: bool) -> bool:
        if content[0] == ">" or _atx(content) is not None or self.fence_opener(content):
            return True
        if content[0] == "<":
            opener = _html_opener(content)
            return opener is not None and (opener[2] or not in_paragraph)
        if _THEMATIC.fullmatch(content):
            return True
        marker = _LIST_MARKER.match(content)
        if marker is None:
            return False
        if not interrupting:
            return True
        empty = not content[marker.end() :].strip(" \t")
        ordered_not_one = marker.group(2) is not None and marker.group(2) != "1"
        return not empty and not ordered_not_one

    @staticmethod
    def fence_opener(content: str) -> bool:
        match = _FENCE_OPEN.match(content)
        return match is not None and not (match.group(1)[0] == "`" and "`" in match.group(2))

    def setext(self, number: int, line: str, indent: int, content: str, relative: int) -> bool:
        paragraph = self.paragraph
        assert paragraph is not None
        if relative > 3 or not _SETEXT.fullmatch(content):
            return False
        if paragraph.quoted:
            raise Unsupported("setext underline after a quote")
        if indent < self.base(paragraph.depth):
            return False  # not in the paragraph's list item: a break or lazy text
        base = self.base(paragraph.depth)
        text = "\n".join(_strip_columns(text_line, base) for text_line in paragraph.lines).strip()
        level = 1 if content[0] == "=" else 2
        self.headings.append(BlockHeading(paragraph.start, level, text, paragraph.depth == 0))
        self.paragraph = None
        return True

    def open_paragraph(
        self, number: int, depth: int, quoted: bool, line: str, content: str
    ) -> None:
        if _REFERENCE.match(content):
            raise Unsupported("link reference definition")
        self.paragraph = _Paragraph(number, depth, quoted, [line])

    def start_block(self, number: int, line: str, content: str, depth: int, indent: int) -> None:
        heading = _atx(content)
        if heading is not None:
            level, text = heading
            self.headings.append(BlockHeading(number, level, text, depth == 0))
        elif content[0] == ">":
            self.quote(number, line, content, depth)
        elif content[0] == "<":
            self.html_block(number, content, depth)
        elif self.fence_opener(content):
            match = _FENCE_OPEN.match(content)
            assert match is not None
            self.fence = (match.group(1)[0], len(match.group(1)), depth, number)
        elif not _THEMATIC.fullmatch(content):
            self.list_item(number, line, content, depth, indent)

    def quote(self, number: int, line: str, content: str, depth: int) -> None:
        while content.startswith(">"):
            content = content[1:]
            content = content[1:] if content[:1] in (" ", "\t") else content
            indent, first = _columns(content)
            if indent >= 4 and first < len(content):
                raise Unsupported("indented code in a quote")
            content = content[first:]
        if not content:
            self.paragraph = None
            return
        if content[0] in "`~<" and (self.fence_opener(content) or content[0] == "<"):
            raise Unsupported("code or HTML in a quote")
        heading = _atx(content)
        if heading is not None:
            self.headings.append(BlockHeading(number, heading[0], heading[1], False))
        else:
            self.open_paragraph(number, depth, True, line, content)

    def list_item(self, number: int, line: str, content: str, depth: int, indent: int) -> None:
        marker = _LIST_MARKER.match(content)
        assert marker is not None
        after = content[marker.end() :]
        spaces, first = _columns(after)
        marker_end = indent + marker.end()
        # an empty item, or one opening with indented code, has its content one column on
        column = marker_end + 1 if first == len(after) or spaces > 4 else marker_end + spaces
        if len(self.stack) >= _MAX_DEPTH:
            raise Unsupported("deep nesting")
        self.stack.append(column)
        rest = after[first:]
        if not rest:
            return
        if spaces > 4:
            raise Unsupported("indented code on a list marker's line")
        if rest[0] in "#`~>-+*<0123456789" and self._starts_anything(rest):
            raise Unsupported("a block on a list marker's line")
        # the paragraph's first line, as if the marker were indentation
        self.open_paragraph(number, depth + 1, False, " " * column + rest, rest)

    def _starts_anything(self, rest: str) -> bool:
        return self.starts_block(rest, False, False) or rest[0] == "<"


def _html_opener(content: str) -> HtmlSequence | None:
    for opener in _html_sequences():
        if opener[0].search(content):
            return opener
    return None


@functools.cache
def _html_sequences() -> list[HtmlSequence]:
    """markdown-it's own HTML block table, imported on the first line that starts with `<`:
    importing markdown-it costs more than scanning most notes."""
    from markdown_it.rules_block.html_block import HTML_SEQUENCES

    return HTML_SEQUENCES


def scan_blocks(source: str, line_starts: list[int] | None = None) -> Blocks | None:
    """Headings and code ranges of the source's lines, or None when markdown-it must decide.
    `line_starts` are the offsets where its lines start, when the caller has them."""
    if line_starts is None:
        line_starts = line_starts_of(source)
    if _is_plain(source):
        return _plain_blocks(source, line_starts)
    lines = source.split("\n")
    if "```" in source or "~~~" in source:
        fenced = _fenced_blocks(lines, line_starts)
        if fenced is not None:
            return fenced
    try:
        return _Scan(lines).run()
    except Unsupported:
        return None


def _is_plain(source: str) -> bool:
    """Whether nothing in the source can make a block other than a paragraph, a flat list
    item or an ATX heading at column 0: no code, HTML, quote, setext underline, indented line
    (list item content) or block on a list marker's line."""
    if "<" in source or "\t" in source:
        return False  # (one-character searches first: each is a memchr)
    return _NOT_PLAIN_LINE.search("\n" + source) is None


# Anchored on a literal newline, not ^ with MULTILINE: the regex engine then skips to line
# starts instead of trying every position (ten times faster on a note). The lookahead drops a
# line that starts with a letter at once, and the possessive runs (` {4,}+`) never backtrack
# over the blanked frontmatter's lines of spaces: two and a half times faster again. A fence
# opens only at a line's start, or after a list marker: looking there, not for ``` anywhere,
# leaves most notes (inline `code`, no fence) a whole-text search fewer.
_NOT_PLAIN_LINE = re.compile(
    r"\n(?=[ >=+*\d`~-])(?: {0,3}+>| {1,3}+#| {4,}+[^ \n]| {0,3}+(?:=++|-++)[ \t]*+(?:\n|$)"
    r"| {0,3}+(?:```|~~~)| {0,3}+(?:[-+*]|\d{1,9}+[.)])[ \t]++(?:[#>]|```|~~~|[-+*]|\d{1,9}[.)]))"
)


def _plain_blocks(source: str, line_starts: list[int]) -> Blocks:
    """The structure of a note made of paragraphs, flat lists and ATX headings at column 0
    only, found without the line-by-line scan (most notes; a regex proves it): only lines
    that start with `#` are looked at, by reading the character at each line start (a tenth
    of the time of searching the text for newlines before a `#`, compiled), and the note is
    not even split into lines."""
    headings = []
    size = len(source)
    for number, start in enumerate(line_starts):
        if start < size and source[start] == "#":
            end = source.find("\n", start)
            found = _atx(source[start:] if end == -1 else source[start:end])
            if found is not None:
                headings.append(BlockHeading(number, found[0], found[1], True))
    return Blocks((), tuple(headings))


def _fenced_blocks(lines: list[str], line_starts: list[int]) -> Blocks | None:
    """The structure of a plain note that also has fenced code opened at column 0 (the next
    most common kind): the fences are found first, then the lines outside them must prove
    plain. None when they do not, or a line opens what only looks like a fence."""
    code: list[tuple[int, int]] = []
    # the lines, each line of code blanked (so that `line_starts` hold for their text too)
    outside: list[str] = []
    fence: tuple[str, int, int] | None = None  # (char, length, first line)
    for number, line in enumerate(lines):
        if fence is not None:
            outside.append(" " * len(line))
            if _closes(line, fence[0], fence[1]):
                code.append((fence[2], number + 1))
                fence = None
        elif line.startswith(("```", "~~~")):
            match = _FENCE_OPEN.match(line)
            assert match is not None
            run = match.group(1)
            if run[0] == "`" and "`" in match.group(2):
                return None  # not a fence: a code span at the start of a paragraph
            fence = (run[0], len(run), number)
            outside.append(" " * len(line))
        else:
            outside.append(line)
    if fence is not None:
        code.append((fence[2], len(lines)))  # an unclosed fence runs to the end
    source = "\n".join(outside)
    if not _is_plain(source):
        return None
    return Blocks(tuple(code), _plain_blocks(source, line_starts).headings)


def _closes(line: str, char: str, length: int) -> bool:
    """Whether the line closes a fence of `length` `char`s opened at column 0."""
    indent, first = _columns(line)
    return indent <= 3 and _is_closer(line[first:], char, length)


def is_atx_heading(line: str) -> bool:
    """Whether the line is an ATX heading, as the scan reads one (`#tag` is text)."""
    indent, first = _columns(line)
    return indent <= 3 and _atx(line[first:]) is not None


def list_item_text(line: str) -> str | None:
    """What follows the list marker (`-`, `1.`) the line starts with, stripped; None if none."""
    content = line.lstrip(" \t")
    marker = _LIST_MARKER.match(content)
    return None if marker is None else content[marker.end() :].strip(" \t")


Fence = tuple[str, int]  # an open code fence: its character and length


def leaves_fence_open(lines: Iterable[str]) -> bool:
    """Whether the lines open a code fence they do not close. Not the block scan: a guess, for
    edits that would put text after such lines (it would become code)."""
    fence: Fence | None = None
    for line in lines:
        fence = fence_after(fence, line)
    return fence is not None


def fence_after(fence: Fence | None, line: str) -> Fence | None:
    """The fence open after `line`, given the one open before it; the line is read past its
    indentation and list and quote markers."""
    content = line.lstrip(" \t>-+*0123456789.)")
    if fence is not None:
        return None if _is_closer(content, *fence) else fence
    opened = _FENCE_OPEN.match(content)
    if opened is None or (opened[1][0] == "`" and "`" in opened[2]):
        return None
    return opened[1][0], len(opened[1])


def _is_closer(content: str, char: str, length: int) -> bool:
    """Whether a line's content (after its indentation) is a closing fence: at least `length`
    `char`s, then only spaces and tabs."""
    run = len(content) - len(content.lstrip(char))
    return run >= length and not content[run:].strip(" \t")
