"""Reading and parsing a note: YAML typed as Obsidian reads it, positions, encodings."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from notelint.files import Decoded, ReadFailure, decode_note, line_starts_of
from notelint.markdown import (
    _any_hidden,
    _code_spans,
    _InlineScan,
    normalize_heading,
    split_linktext,
)
from notelint.note import _closing_line, parse_note
from notelint.yaml_nodes import (
    YamlScalar,
    parse_with_libyaml,
    parse_yaml,
    read_simple,
    resolve_plain,
)

TYPING = [
    ("NO", "NO"),
    ("yes", "yes"),
    ("off", "off"),
    ("true", True),
    ("False", False),
    ("01234", 1234),
    ("0o17", 15),
    ("0x1F", 31),
    ("1_000", "1_000"),
    ("1:20", "1:20"),
    ("1.10", 1.1),
    ("1e3", 1000.0),
    ("-.inf", -math.inf),
    ("~", None),
    ("", None),
    ("Null", None),
    ("2025-04-28", dt.date(2025, 4, 28)),
    ("2025-02-30", "2025-02-30"),
    ("2025-04-28 10:20", "2025-04-28 10:20"),
    ("2025-04-28T10:20:30Z", dt.datetime(2025, 4, 28, 10, 20, 30, tzinfo=dt.UTC)),
    ("https://example.com", "https://example.com"),
]


@pytest.mark.parametrize(("text", "value"), TYPING)
def test_plain_scalars_are_typed_as_yaml_1_2(text, value):
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_quoted_scalars_stay_strings():
    fields = parse_note("---\na: '5'\nb: \"true\"\nc: 'NO'\n---\n", "a.md").frontmatter.fields
    assert [(f.value.value, f.value.style) for f in fields.values()] == [
        ("5", "'"),
        ("true", '"'),
        ("NO", "'"),
    ]


@pytest.mark.parametrize(
    ("yaml", "problem"),
    [
        ("...\n", None),  # what is left when a fix removes a document's only key
        ("# a comment\n... # the end\n\n...\n", None),
        ("...\nkey: 1\n", "while parsing a block node; did not find expected node content"),
    ],
)
def test_a_document_of_document_ends_is_empty(yaml, problem):
    """YAML 1.2 reads `...` lines alone as an empty document, as Obsidian does; libyaml
    refuses them."""
    note = parse_note(f"---\n{yaml}---\nbody\n", "a.md")
    assert [p.message for p in note.problems] == ([problem] if problem else [])
    assert problem is not None or dict(note.frontmatter.fields) == {}


def test_a_byte_order_mark_opening_the_frontmatter_is_not_counted_twice():
    """YAML reads it as a byte order mark, not part of the first key; the positions stay the
    text's (libyaml's count from after it)."""
    text = "---\n\ufeffk: 1\nx: [2]\n---\n"
    fields = parse_note(text, "a.md").frontmatter.fields
    assert [
        (text[f.key.start : f.key.end], text[f.value.start : f.value.end]) for f in fields.values()
    ] == [
        ("k", "1"),
        ("x", "[2]"),
    ]


def test_positions_count_characters_not_bytes():
    parsed = parse_note('---\ntitre: "éèê"\nnom: ü\n---\nÀ [[x]]\n', "a.md")
    key = parsed.frontmatter.fields["nom"].key
    assert parsed.position(key.start) == (3, 1)
    assert parsed.span(parsed.links[0].start, parsed.links[0].end).column == 3


@pytest.mark.parametrize(
    ("data", "newline", "mixed"),
    [
        (b"a\nb\n", "\n", False),
        (b"a\r\nb\r\n", "\r\n", False),
        (b"a\rb\r", "\r", False),
        (b"a\r\nb\n", "\r\n", True),
        (b"a\nb\rc\n", "\n", True),
    ],
)
def test_newlines_are_normalised_and_remembered(data, newline, mixed):
    assert decode_note(data) == Decoded(
        "a\nb\n" if b"c" not in data else "a\nb\nc\n", False, newline, mixed=mixed
    )


def test_bom_is_remembered_and_stripped():
    assert decode_note(b"\xef\xbb\xbf---\na: 1\n---\n") == Decoded("---\na: 1\n---\n", True, "\n")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("hi".encode("utf-16"), "file is UTF-16 (little-endian BOM); notes must be UTF-8"),
        (b"caf\xe9\n", "not UTF-8: invalid byte 0xE9 at offset 3"),
        (b"\xef\xbb\xbfcaf\xe9", "not UTF-8: invalid byte 0xE9 at offset 6"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file: NUL byte at offset 8"),
    ],
)
def test_undecodable_bytes(data, message):
    assert decode_note(data) == ReadFailure(message)


@pytest.mark.parametrize("variant", ["lf", "crlf", "bom"])
def test_crlf_and_bom_notes_give_the_same_structure(variant):
    text = "---\ntags:\n- a\n---\n## H\n\n[[x#H]] ^id\n"
    data = text.encode()
    if variant == "crlf":
        data = data.replace(b"\n", b"\r\n")
    if variant == "bom":
        data = b"\xef\xbb\xbf" + data
    decoded = decode_note(data)
    assert isinstance(decoded, Decoded)
    parsed = parse_note(decoded.text, "a.md")
    assert [(h.level, h.text, parsed.position(h.start)) for h in parsed.headings] == [
        (2, "H", (5, 1))
    ]
    assert [(link.target, link.subpath, parsed.position(link.start)) for link in parsed.links] == [
        ("x", ("H",), (7, 1))
    ]
    assert parsed.block_ids == {"id"}
    assert isinstance(parsed.frontmatter.fields["tags"].value.items[0], YamlScalar)


@pytest.mark.parametrize(
    ("inner", "target", "subpath"),
    [
        ("Note", "Note", ()),
        ("Note|alias", "Note", ()),
        ("Note#A#B|alias", "Note", ("A", "B")),
        ("#Heading", "", ("Heading",)),
        ("Note#^block-1", "Note", ("^block-1",)),
        ("Note\\|alias", "Note", ()),
        ("Note\\", "Note", ()),  # a trailing backslash goes, as before an escaped pipe
        (" Note ", "Note", ()),
    ],
)
def test_split_linktext(inner, target, subpath):
    assert split_linktext(inner) == (target, subpath)


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("`hasTag()`", "hasTag"),
        ("What's   new?", "what s new"),
        ("**Bold** it", "bold it"),
        ("Ünïcode", "ünïcode"),
        ("Cafe\u0301", "Café"),
        ("Status\uff1f", "status\uff1f"),  # full-width punctuation is kept
    ],
)
def test_heading_normalisation_matches_obsidian(heading, anchor):
    assert normalize_heading(heading) == normalize_heading(anchor)


@pytest.mark.parametrize(
    ("heading", "anchor"), [("Step-by-step", "Step by step"), ("snake_case", "snake case")]
)
def test_heading_normalisation_keeps_dashes_and_underscores(heading, anchor):
    assert normalize_heading(heading) != normalize_heading(anchor)


@settings(max_examples=3000, deadline=None, derandomize=True)
@example("[[[`x`]]")  # a failed [[ is passed over whole
@example("`a[[b`]] [[`]]` ``x``` `` ``")
@given(st.text(alphabet="`[]x \n!#|", max_size=40))
def test_the_code_span_walk_is_the_general_one(text):
    """Most notes hold no escape, math or comment: their quick walk must find what the
    general one finds."""
    assert list(_code_spans(text)) == list(_any_hidden(text))


# Frontmatter lines, mostly of the simple reader's kind, with what it must not take mixed in
_KEYS = st.sampled_from(
    ["a", "tags", "type", "Upload date", "read_priority", "null", "true", "y", "été", "a-b"] * 4
    + ["x1", "a  b", "a ", "1", "-a", "a:b", "?a", "<<", "a#b", "a_", "a\u200b"]
    + ["a -b", "a - b", "日本", "x²", "٣a", "a\u0301", "ǅ", "NULL x", "On", "x-"]
)
_CHARS = st.sampled_from("aaaabbb11é  -.:#'\"\\[]{},&*!|>%@`~\xa0\u2028\t")
_VALUES = (
    st.text(_CHARS, max_size=8)
    | st.sampled_from(["true", "NO", "~", "null", "2025-04-28", "1.5", ".nan", "0x1F", "-1"])
    | st.sampled_from(["'it''s'", "'2025-04-28'", '"x"', "''", "'''", '"', "'a' ", "'a'b"])
    | st.sampled_from(["http://x#y", "a: b", "a #b", "a:", "x  ", "{{date}}", "[a]", "*a"])
)
_LINES = st.one_of(
    st.builds("{}{}{}".format, _KEYS, st.sampled_from([": "] * 6 + [":", ":  ", ":\t"]), _VALUES),
    st.builds(
        "{}-{}{}".format, st.sampled_from(["", "", "  ", " "]), st.sampled_from(" "), _VALUES
    ),
    st.sampled_from(["tags:", "b:"]),
    st.sampled_from(["", "# c", "  x", "---", "...", "  a: 1", "- - x", "-", "-x"]),
)


@settings(max_examples=4000, deadline=None, derandomize=True)
@example(["tags:", "- x", "  - y"], True, 0)  # items that change their indentation
@example(["a: 'x' # c", "b:"], True, 3)
@example(["a:", "", "- x"], True, 0)
@given(st.lists(_LINES, min_size=1, max_size=7), st.booleans(), st.integers(0, 9))
def test_the_simple_frontmatter_reader_reads_as_libyaml_does(lines, last_newline, base):
    """Frontmatter of a key a line and lists of plain or quoted items is read without libyaml:
    wherever that reading takes a document, it must be libyaml's reading, offsets and all (and
    a document it does not take is libyaml's to read)."""
    text = "\n".join(lines) + ("\n" if last_newline else "")
    # repr: a nan value is equal to itself
    assert repr(parse_yaml(text, base)) == repr(parse_with_libyaml(text, base))


SIMPLE = [
    "already_read: false\nlink: https://example.org/a#b\ntags:\n- How-to\n- Long_read\n",
    "upload_date: '2021-05-22'\nsource: The Quiet Kitchen\nrelevance: 6\n",
    "title: \"It's here\"\naliases:\n  - 'a ''b'''\n  - c:d\nempty:\nrest:   \n",
    "a: 1\na: 2\ntrue: yes\nnull: ~\n",
    "aliases:\n- \ntags:\n-\n-   \n",  # empty items, as templates leave them
]
NOT_SIMPLE = [
    "a: 1 # a comment\n",
    "a: 1\n\nb: 2\n",
    "tags: [a, b]\n",
    "a: |\n  text\n",
    "a: b: c\n",
    'a: "tab\\tescaped"\n',
    "a:\n  b: 1\n",
    "a:\n- x\n  - y\n",
    "a: x\n  continued\n",
    "a: &anchor x\n",
    "a: 1",  # no newline at the end
    "a: \u2028\n",
]


@pytest.mark.parametrize("text", SIMPLE)
def test_usual_frontmatter_takes_the_simple_reader(text):
    assert read_simple(text, 4) is not None
    assert repr(parse_yaml(text, 4)) == repr(parse_with_libyaml(text, 4))


@pytest.mark.parametrize("text", NOT_SIMPLE)
def test_anything_else_is_left_to_libyaml(text):
    assert read_simple(text) is None


# Documents in the simple reader's grammar, near its edges: plain values holding `:`, `#`,
# `-` and quotes, quoted ones holding `''`, items of any indentation, keys without a value
_PLAIN = st.builds(
    "{}{}".format, st.sampled_from("ab1é.~_/("), st.text(st.sampled_from("ab1 é.-:#'\"/"))
)
_QUOTED = st.lists(st.sampled_from(["a", " ", "''", ":", "#", '"'])).map(
    lambda parts: "'" + "".join(parts) + "'"
) | st.lists(st.sampled_from(["a", " ", "'", ":", "#", "é"])).map(
    lambda parts: '"' + "".join(parts) + '"'
)
_SIMPLE_VALUES = _PLAIN | _QUOTED | st.sampled_from(["true", "No", "~", "1", "0o7", "2025-04-28"])
_TRAILING = st.sampled_from(["", "", " ", "  "])
_ENTRIES = st.builds(
    "{}:{}{}\n{}".format,
    st.sampled_from(["a", "tags", "Upload date", "null", "true", "a-b", "été"]),
    st.sampled_from([" ", "  "]),
    _SIMPLE_VALUES,
    st.just(""),
) | st.builds(
    lambda key, spaces, items, indent: (
        f"{key}:{spaces}\n" + "".join(f"{indent}-{item}\n" for item in items)
    ),
    st.sampled_from(["tags", "aliases", "a"]),
    _TRAILING,
    # an item, or a `-` alone (an empty item, as templates leave them)
    st.lists(_SIMPLE_VALUES.map(" {}".format) | _TRAILING, max_size=3),
    st.sampled_from(["", "  ", " "]),
)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.lists(_ENTRIES, min_size=1, max_size=6), st.integers(0, 9))
def test_simple_frontmatter_near_the_grammar_s_edges(entries, base):
    text = "".join(entries)
    assert repr(parse_yaml(text, base)) == repr(parse_with_libyaml(text, base))


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.text(alphabet="`a \n\t", max_size=40))
def test_a_code_span_closes_at_the_next_run_of_its_length_within_its_paragraph(text):
    """The scan looks for blank lines only when a span crosses a line; it must close each
    opener where the plain rule says."""
    scan = _InlineScan(text)
    for opener in re.finditer("``*", text):
        start, length = opener.start(), len(opener.group())
        closers = [m.start() for m in re.finditer("``*", text) if len(m.group()) == length]
        close = next((at for at in closers if at > start), None)
        crossing = close is not None and re.search("\n[ \t]*\n", text[start:close])
        expected = None if close is None or crossing else close + length
        assert scan.code_span_end(start, length) == expected


def test_the_closing_delimiter_is_the_first_dashes_line_after_the_first():
    """Every text of up to four lines made of delimiter look-alikes: the search for lines that
    start with `---` finds the line a walk over every line finds."""
    pieces = ["---", "--- ", "---\t", "----", "-- -", " ---", "--", "a", ""]
    for count in range(1, 5):
        for lines in itertools.product(pieces, repeat=count):
            for end in ("", "\n"):
                text = "\n".join(lines) + end
                every = text.split("\n")
                delimiters = (i for i, line in enumerate(every) if re.fullmatch("---[ \t]*", line))
                walked = next((i for i in delimiters if i > 0), None)
                assert _closing_line(text, line_starts_of(text)) == walked, repr(text)


@given(st.text(alphabet="a\n\r\u2028é"))
def test_line_starts_are_the_offsets_after_each_newline(text):
    """Only `\n` ends a line (the text is normalised before): a `\r` or U+2028 is text."""
    expected = [0, *(index + 1 for index, char in enumerate(text) if char == "\n")]
    assert line_starts_of(text) == expected


# Link-shaped text: pieces of links (with titles) and the characters that end their parts
_LINK_TEXT = st.lists(
    st.sampled_from(["[", "]", "[[", "]]", "](", "(", ")", "<", ">", '"', "'", " ", "\t", "\n"])
    | st.sampled_from(["a", "!", "#", "|", "x y", '"t u"', "'t'", "[a](", "](b"]),
    max_size=16,
).map("".join)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(_LINK_TEXT)
def test_the_possessive_link_patterns_match_as_the_backtracking_ones(text):
    """The link regexes' possessive runs only stop failed tries early: every match, and every
    group of it, is the one the plain patterns find."""
    from notelint.markdown import _MD_LINK, _WIKILINK

    plain = {
        _WIKILINK: re.compile(r"\[\[([^\[\]\n]*)\]\]"),
        _MD_LINK: re.compile(
            r"\[([^\[\]\n]*)\]\((<[^<>\n]*>|[^()\s]*)[ \t]*(?:(?:\"[^\"\n]*\"|'[^'\n]*')[ \t]*)?\)"
        ),
    }
    for possessive, backtracking in plain.items():
        found = [(m.span(), m.groups()) for m in possessive.finditer(text)]
        assert found == [(m.span(), m.groups()) for m in backtracking.finditer(text)]
