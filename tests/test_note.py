"""Reading and parsing a note: YAML typed as Obsidian reads it, positions, encodings."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from notelint.files import Decoded, ReadFailure, decode_note
from notelint.markdown import _any_hidden, _code_spans, normalize_heading, split_linktext
from notelint.note import parse_note
from notelint.yaml_nodes import YamlScalar, resolve_plain

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
