"""The body of a note as the rules need it: headings, links and block ids, with positions.

A line scan (blocks.py) decides what is a heading and what is code, and hands the notes it
cannot model exactly to markdown-it-py (block rules only), so CommonMark's edge cases (fences
in lists, indented code, HTML blocks) come out right. One linear pass then
blanks what Obsidian does not read as Markdown: inline code, `%%comments%%`, HTML comments
and math. Links and block ids are found by bounded regexes on that blanked text, so no input
can make the scan quadratic.
"""

from __future__ import annotations

import bisect
import functools
import re
import string
import unicodedata
import urllib.parse
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Literal

from msgspec import Struct
from mypy_extensions import mypyc_attr

from notelint.blocks import BlockHeading, Blocks, scan_blocks

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

LinkKind = Literal["wikilink", "embed", "markdown"]

# Each token that can open something Obsidian does not read as Markdown, or a wikilink (whose
# `#anchor` may hold backticks). A lone `[`, `%` or `<` is skipped by the regex engine, not
# by Python, and literal-first patterns (``*, not `+) let it jump ahead: ten times faster.
_INLINE_TOKEN = re.compile(r"``*|\\[\s\S]?|%%|<!--|\$\$?|\[\[")
_MATH_CLOSER = re.compile(r"(?<=[^\s$])\$(?!\d)")
_BACKTICKS = re.compile(r"``*")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
# Possessive runs (`*+`) where the character after a run cannot be in it: the same matches,
# but a failed try gives up at once instead of backing off a character at a time (the second
# `[` of every `[[wikilink]]` is such a try for _MD_LINK: a third of its time).
_WIKILINK = re.compile(r"\[\[([^\[\]\n]*+)\]\]")
_MD_LINK = re.compile(
    r"\[([^\[\]\n]*+)\]\((<[^<>\n]*+>|[^()\s]*)[ \t]*(?:(?:\"[^\"\n]*\"|'[^'\n]*')[ \t]*)?\)"
)
_BLOCK_ID = re.compile(r"\^([A-Za-z0-9-]+)[ \t]*$", re.MULTILINE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_NOT_BLANK = re.compile(r"[^\n]+")
_MAX_INLINE_MATH = 1000
_HEADING_PUNCTUATION = str.maketrans(dict.fromkeys(set(string.punctuation) - {"-", "_"}, " "))


class Heading:
    """A heading of the body, with its place: sections and anchors are read from these."""

    __slots__ = ("end", "level", "start", "text", "top_level")

    def __init__(
        self,
        level: int,
        text: str,  # the heading's content as written, without the #'s: "`hasTag()`"
        start: int,  # offset of the heading line
        end: int,  # offset of the end of the heading line
        top_level: bool,  # not inside a list, quote or callout
    ) -> None:
        self.level = level
        self.text = text
        self.start = start
        self.end = end
        self.top_level = top_level


class Link:
    """A wikilink, embed or Markdown link to a note, with its place for diagnostics and fixes."""

    __slots__ = ("end", "kind", "start", "subpath", "target", "text")

    def __init__(
        self,
        kind: LinkKind,
        target: str,  # the file part: "topics/Concept/Superposition"; "" for [[#Heading]]
        subpath: tuple[str, ...],  # heading path ("A", "B") or a block ("^id",)
        start: int,
        end: int,
        text: str,  # the link as written, for messages
    ) -> None:
        self.kind = kind
        self.target = target
        self.subpath = subpath
        self.start = start
        self.end = end
        self.text = text


@mypyc_attr(native_class=False)
class Body(Struct, frozen=True):
    """What the rules need from a note's body, found in one scan."""

    headings: tuple[Heading, ...]
    links: tuple[Link, ...]
    block_ids: frozenset[str]
    # offsets of what formatting must not touch: code, HTML, math, comments
    verbatim: tuple[tuple[int, int], ...] = ()
    # offsets of each `%%comment%%` and `<!-- comment -->` (suppressions live in them)
    comments: tuple[tuple[int, int], ...] = ()


@functools.cache
def _block_parser() -> MarkdownIt:
    """Built when the first note needs markdown-it (the fast scan serves most), not at import."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    parser.core.ruler.disable(["inline", "text_join"], ignoreInvalid=True)
    return parser


def scan_body(text: str, body_start: int, line_starts: list[int]) -> Body:
    """Headings, links and block ids of text[body_start:]; offsets are into `text`."""
    source = _blank_frontmatter(text, body_start)
    blocks = block_structure(source, line_starts)
    hidden = [
        _line_range(a, b, line_starts, len(text)) for a, b in (*blocks.code, *blocks.comments)
    ]
    visible = _mask(source, hidden)
    found = list(_inline_hidden(visible))
    inline = [(start, end) for start, end, _ in found]
    visible = _mask(visible, inline)
    headings = tuple(_headings(blocks.headings, visible, line_starts))
    links = tuple(_links(visible, text))
    block_ids = frozenset(_block_ids(visible))
    html = [_line_range(a, b, line_starts, len(text)) for a, b in blocks.html]
    verbatim = tuple(sorted({*hidden, *html, *inline}))
    comment_blocks = [_line_range(a, b, line_starts, len(text)) for a, b in blocks.comments]
    comments = [(a, b) for a, b, token in found if token in ("%%", "<!--")]
    comments.extend(_html_comments(text, comment_blocks))
    return Body(headings, links, block_ids, verbatim, tuple(sorted(comments)))


def _html_comments(text: str, blocks: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Each `<!-- ... -->` of the HTML blocks that are comments (a block may hold several)."""
    for block_start, block_end in blocks:
        start = text.find("<!--", block_start, block_end)
        while start != -1:
            close = text.find("-->", start + 4, block_end)
            end = block_end if close == -1 else close + 3
            yield start, end
            start = text.find("<!--", end, block_end)


def _block_ids(visible: str) -> Iterator[str]:
    if "^" not in visible:  # most notes: a memchr instead of the regex's walk
        return
    for match in _BLOCK_ID.finditer(visible):
        start = match.start()
        # after a space, or straight after an embed (`![[pic.png]]^fig`, as Obsidian's help
        # vault writes it)
        if start == 0 or visible[start - 1] in " \t\n]":
            yield match.group(1).lower()


def block_structure(source: str, line_starts: list[int] | None = None) -> Blocks:
    """Headings and code blocks: the fast line scan, or markdown-it where it cannot decide."""
    return scan_blocks(source, line_starts) or markdown_it_blocks(source)


def markdown_it_blocks(source: str) -> Blocks:
    # With a final newline: without one, markdown-it leaves a last line of spaces out of an
    # unclosed fence's lines, and `fix` would trim that line of the code.
    tokens = _block_parser().parse(source if source.endswith("\n") else source + "\n")
    code = tuple(
        (token.map[0], token.map[1])
        for token in tokens
        if token.type in ("fence", "code_block") and token.map
    )
    html = tuple(
        (token, (token.map[0], token.map[1]))
        for token in tokens
        if token.type == "html_block" and token.map
    )
    comments = tuple(lines for token, lines in html if token.content.lstrip().startswith("<!--"))
    headings = tuple(
        BlockHeading(
            token.map[0], int(token.tag[1]), tokens[index + 1].content.strip(), token.level == 0
        )
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.map
    )
    return Blocks(code, headings, comments, tuple(lines for _, lines in html))


def _blank_frontmatter(text: str, body_start: int) -> str:
    # Keep the frontmatter's newlines so markdown-it's line numbers are the file's.
    if not body_start:
        return text
    blank = "\n".join([" " * len(line) for line in text[:body_start].split("\n")])
    return blank + text[body_start:]


def _line_range(first: int, last: int, line_starts: list[int], size: int) -> tuple[int, int]:
    end = line_starts[last] if last < len(line_starts) else size
    return line_starts[first], end


def _mask(text: str, ranges: list[tuple[int, int]]) -> str:
    if not ranges:
        return text
    parts: list[str] = []
    position = 0
    for start, end in sorted(ranges):
        start = max(start, position)
        if start >= end:
            continue
        parts.append(text[position:start])
        hidden = text[start:end]
        if "\n" in hidden:
            hidden = _NOT_BLANK.sub(lambda m: " " * len(m.group()), hidden)
        else:  # a code span, a one-line comment: the common case
            hidden = " " * len(hidden)
        parts.append(hidden)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _inline_hidden(text: str) -> Iterator[tuple[int, int, str]]:
    """Ranges Obsidian does not read as Markdown: code spans, comments, math, each with the
    token that opened it. Left to right, so whichever construct opens first wins (a
    wikilink's `#`code`` anchor is not code)."""
    # A one-character search is a memchr: the two-character ones run only where it hits.
    if (
        "\\" in text
        or "$" in text
        or ("%" in text and "%%" in text)
        or ("<" in text and "<!--" in text)
    ):
        return _any_hidden(text)
    return _code_spans(text)


def _any_hidden(text: str) -> Iterator[tuple[int, int, str]]:
    scan = _InlineScan(text)
    position = 0
    while (match := _INLINE_TOKEN.search(text, position)) is not None:
        start, position = match.span()
        token = match.group()
        if token == "[[":
            link = _WIKILINK.match(text, start)
            position = link.end() if link else position
        elif token[0] != "\\":  # a backslash escape is skipped whole
            end = scan.closing(token, start, position)
            if end is not None:
                yield start, end, token
                position = end


def _code_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """`_any_hidden` for a text whose only tokens are backticks and `[[` (most notes): the
    same walk, with each kind found by `str.find`, which is many times faster than a regex
    that must test every character against a set. It ends at the last backtick: the
    wikilinks after it cannot hide one."""
    tick = text.find("`")
    if tick == -1:
        return
    scan = _InlineScan(text)
    link = text.find("[[")
    while tick != -1:
        if link != -1 and link < tick:
            found = _WIKILINK.match(text, link)
            position = found.end() if found else link + 2
            link = text.find("[[", position)
            if tick < position:  # else it is still the first backtick from `position`
                tick = text.find("`", position)
            continue
        run = _BACKTICKS.match(text, tick)
        assert run is not None
        position = run.end()
        end = scan.code_span_end(tick, position - tick)
        if end is not None:
            yield tick, end, run.group()
            position = end
        tick = text.find("`", position)
        if link != -1 and link < position:
            link = text.find("[[", position)


class _InlineScan:
    """Finds where a code span, comment or math opened at some offset closes, without
    rescanning the text for every opener (so no input makes it quadratic)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.unclosed: set[str] = set()
        self._runs: dict[int, list[int]] | None = None
        self._blank_lines: list[int] | None = None
        self._math_closers: list[int] | None = None

    def closing(self, token: str, start: int, after: int) -> int | None:
        if token[0] == "`":
            return self.code_span_end(start, len(token))
        if token == "$":
            return self._inline_math_end(after)
        closer = {"%%": "%%", "<!--": "-->", "$$": "$$"}[token]
        found = -1 if closer in self.unclosed else self.text.find(closer, after)
        if found != -1:
            return found + len(closer)
        self.unclosed.add(closer)
        # An unclosed %% hides the rest of the note, as in Obsidian. An unclosed `<!--` inside
        # a paragraph is text; one that starts a block was masked with the HTML blocks.
        return len(self.text) if token == "%%" else None

    def code_span_end(self, start: int, length: int) -> int | None:
        """Where the code span opened by the run of `length` backticks at `start` (the whole
        run) ends, or None: at the next run of that length, within the paragraph."""
        close = self.text.find("`", start + length)
        if close != -1:
            run = _BACKTICKS.match(self.text, close)
            assert run is not None
            if run.end() - close == length:  # the next run closes it (most code spans)
                return self._within_paragraph(start, close, length)
        return self._next_run_end(start, length)

    def _within_paragraph(self, start: int, close: int, length: int) -> int | None:
        if self.text.find("\n", start, close) != -1 and self._crosses_blank_line(start, close):
            return None  # a code span does not cross a paragraph break
        return close + length

    def _next_run_end(self, start: int, length: int) -> int | None:
        """Where the next run of `length` backticks after `start` ends, found among all the
        runs at once: no input makes the search quadratic."""
        if self._runs is None:
            self._runs = {}
            for match in _BACKTICKS.finditer(self.text):
                self._runs.setdefault(len(match.group()), []).append(match.start())
        starts = self._runs.get(length, [])
        index = bisect.bisect_right(starts, start)
        if index == len(starts):
            return None
        return self._within_paragraph(start, starts[index], length)

    def _crosses_blank_line(self, start: int, end: int) -> bool:
        # Most code spans lie on one line: the blank lines are found only for one that does not.
        # (The `find` before this reads from an opener to the next run of its length: for
        # each length, those stretches do not overlap, so no input makes it quadratic.)
        if self._blank_lines is None:
            self._blank_lines = [match.start() for match in _BLANK_LINE.finditer(self.text)]
        blank = bisect.bisect_right(self._blank_lines, start)
        return blank < len(self._blank_lines) and self._blank_lines[blank] < end

    def _inline_math_end(self, after: int) -> int | None:
        """`$x$`: the opener is followed by a non-space, the closer preceded by one and not
        followed by a digit (so `$5 and $6` is not math); on one line, within a bound."""
        text = self.text
        if after >= len(text) or text[after] in " \t\n$":
            return None
        if self._math_closers is None:
            self._math_closers = [match.start() for match in _MATH_CLOSER.finditer(text)]
        index = bisect.bisect_left(self._math_closers, after)
        if index == len(self._math_closers):
            return None
        close = self._math_closers[index]
        if close - after > _MAX_INLINE_MATH or "\n" in text[after:close]:
            return None
        return close + 1


def _headings(
    headings: Sequence[BlockHeading], visible: str, line_starts: list[int]
) -> Iterator[Heading]:
    for heading in headings:
        start = line_starts[heading.line]
        end = visible.find("\n", start)
        end = len(visible) if end == -1 else end
        if visible[start:end].strip():  # not inside a %%comment%% or math block
            yield Heading(heading.level, heading.text, start, end, heading.top_level)


def _links(visible: str, text: str) -> Iterator[Link]:
    yield from wikilinks(visible, text)
    for match in _MD_LINK.finditer(visible):
        link = _markdown_link(match, visible, text)
        if link is not None:
            yield link


def wikilinks(visible: str, text: str, offset: int = 0) -> Iterator[Link]:
    """`[[...]]` and `![[...]]` found in `visible`; `text` is the same span as written,
    `offset` where it starts in the note."""
    for match in _WIKILINK.finditer(visible):
        start, end = match.span()
        embed = start > 0 and visible[start - 1] == "!"
        start -= embed
        target, subpath = split_linktext(match.group(1))
        kind: LinkKind = "embed" if embed else "wikilink"
        yield Link(kind, target, subpath, offset + start, offset + end, text[start:end])


def split_linktext(inner: str) -> tuple[str, tuple[str, ...]]:
    """`Note#A#B|alias` -> ("Note", ("A", "B")). A `\\|` (a pipe escaped in a table) also
    starts the alias."""
    if "|" not in inner and "#" not in inner and not inner.endswith("\\"):
        return inner.strip(), ()  # `[[Note]]`, most links
    linktext = inner.split("|", 1)[0]
    if linktext.endswith("\\"):
        linktext = linktext[:-1]
    path, _, subpath = linktext.partition("#")
    parts = tuple(part.strip() for part in subpath.split("#") if part.strip()) if subpath else ()
    return path.strip(), parts


def _markdown_link(match: re.Match[str], visible: str, text: str) -> Link | None:
    destination = match.group(2)
    if destination.startswith("<"):
        destination = destination[1:-1]
    if not destination or _SCHEME.match(destination) or destination.startswith("//"):
        return None  # external, or an empty ()
    path, _, fragment = destination.partition("#")
    path = urllib.parse.unquote(path)
    fragment = urllib.parse.unquote(fragment)
    subpath = tuple(part for part in fragment.split("#") if part) if fragment else ()
    start = match.start()
    start -= start > 0 and visible[start - 1] == "!"  # an image
    return Link("markdown", path, subpath, start, match.end(), text[start : match.end()])


@functools.lru_cache(maxsize=4096)  # most headings are a note type's few section names
def normalize_heading(text: str) -> str:
    """Heading text as Obsidian compares it: ASCII punctuation and markup dropped (`-` and `_`
    kept), case and runs of spaces folded, NFC. `#hasTag` matches `` `hasTag()` ``; `#Step by
    step` does not match `Step-by-step`."""
    folded = unicodedata.normalize("NFC", text).lower().translate(_HEADING_PUNCTUATION)
    return " ".join(folded.split())
