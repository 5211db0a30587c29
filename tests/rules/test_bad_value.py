import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notelint.fields import is_url
from tests.conftest import GOOD_YAML, note

SCHEMA = """\
types:
  N:
    fields:
      status: {type: enum, values: [todo, doing, done]}
      level: {type: enum, values: [1, 2, 3]}
      code: {type: str, pattern: '^[A-Z]{3}$'}
      home: {type: url}
      ftp: {type: url, schemes: [ftp]}
      related: {type: wikilink}
      refs: {type: list, items: {type: wikilink}}
"""
CASES = [
    ("enum ok", "status: done\n", []),
    (
        "enum bad",
        "status: finished\n",
        ["a.md:3:1: bad-value status is 'finished', expected one of: todo, doing, done"],
    ),
    ("enum of ints", "level: 2\n", []),
    (
        "enum type matters",
        "level: '2'\n",
        ["a.md:3:1: bad-value level is '2', expected one of: 1, 2, 3"],
    ),
    ("pattern ok", "code: ABC\n", []),
    (
        "pattern bad",
        "code: abc\n",
        ["a.md:3:1: bad-value code is 'abc', which does not match the pattern '^[A-Z]{3}$'"],
    ),
    ("url ok", "home: https://example.com/x?y=1\n", []),
    (
        "url without scheme",
        "home: example.com\n",
        [
            "a.md:3:1: bad-value home is 'example.com', expected a URL starting with http:// or https://"
        ],
    ),
    (
        "url with a space",
        "home: 'https://exa mple.com'\n",
        [
            "a.md:3:1: bad-value home is 'https://exa mple.com', expected a URL starting with http:// or https://"
        ],
    ),
    (
        "url with an unclosed IPv6 host (urlsplit raises)",
        "home: 'http://[x'\n",
        [
            "a.md:3:1: bad-value home is 'http://[x', expected a URL starting with http:// or https://"
        ],
    ),
    ("url scheme option", "ftp: ftp://example.com/f\n", []),
    ("wikilink resolves", "related: '[[Superposition]]'\n", []),
    ("wikilink with heading and alias", "related: '[[Superposition#History|the history]]'\n", []),
    (
        "wikilink dead",
        "related: '[[Nowhere]]'\n",
        ["a.md:3:1: bad-value related links to '[[Nowhere]]', which is not a file in the vault"],
    ),
    (
        "not a wikilink",
        "related: Superposition\n",
        ["a.md:3:1: bad-value related is 'Superposition', expected a link like \"[[Note]]\""],
    ),
    (
        "wikilink list item dead",
        "refs:\n- '[[Superposition]]'\n- '[[Gone]]'\n",
        ["a.md:5:3: bad-value refs[1] links to '[[Gone]]', which is not a file in the vault"],
    ),
]


@pytest.mark.parametrize(("yaml", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_value(check_files, yaml, expected):
    assert check_files({"a.md": f"---\ntype: N\n{yaml}---\n"}, SCHEMA) == expected


def test_tag_pattern_in_the_content_schema(check_files):
    bad = note(GOOD_YAML.replace("- AI_agent", "- AI agent"))
    assert check_files({"a.md": bad}) == [
        "a.md:8:3: bad-value tags[0] is 'AI agent', which does not match the pattern '^[A-Za-z0-9_/-]+$'"
    ]


def _urlsplit_says_url(text: str, schemes: tuple[str, ...]) -> bool:
    text = text.strip()
    if " " in text:
        return False
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in schemes and bool(parts.netloc)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(
    st.tuples(
        st.sampled_from(["http", "HTTPS", "ftp"] * 4 + ["h+t.p", "1http", "", " http", "ht tp"]),
        st.sampled_from(["://"] * 8 + [":/", ":", "//", ":///", "://?", "://#", "::"]),
        st.text("a1.-@é%[]:\t\x7f", max_size=5),
        st.sampled_from(["", "/", "/p?q#f", " x", "\t", "?", "#", " "]),
    ).map("".join),
    st.sampled_from([("http", "https"), ("ftp",)]),
)
def test_a_url_is_what_urlsplit_says(text, schemes):
    """`is_url` reads the scheme and host off most URLs without urlsplit: the same answer."""
    assert is_url(text, schemes) == _urlsplit_says_url(text, schemes)
