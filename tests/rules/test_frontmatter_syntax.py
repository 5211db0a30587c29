import pytest

from tests.conftest import note

CASES = [
    ("valid", {"a.md": note()}, []),
    ("no frontmatter, no type", {"a.md": "# Title\n"}, []),
    ("empty frontmatter", {"a.md": "---\n---\nbody\n"}, []),
    ("comment-only frontmatter", {"a.md": "---\n# just a comment\n---\n"}, []),
    (
        "mapping value in plain scalar",
        {"a.md": "---\ntitle: a: b\n---\n"},
        ["a.md:2:9: frontmatter-syntax mapping values are not allowed in this context"],
    ),
    (
        "never closed",
        {"a.md": "---\ntitle: A\n\nBody\n"},
        [
            "a.md:1:1: frontmatter-syntax frontmatter opened on line 1 is never closed by a '---' line"
        ],
    ),
    (
        "a list, not a mapping",
        {"a.md": "---\n- a\n- b\n---\n"},
        [
            "a.md:2:1: frontmatter-syntax frontmatter must be a mapping of keys to values, found a list"
        ],
    ),
    (
        "template placeholder",
        {"a.md": "---\ncreated: {{date}}\n---\n"},
        [
            "a.md:2:11: frontmatter-syntax a value in braces like {{date}} is read by YAML as a"
            " nested mapping; quote it if it is a template placeholder"
        ],
    ),
    (
        "alias",
        {"a.md": "---\na: &x [1]\nb: *x\n---\n"},
        ["a.md:2:4: frontmatter-syntax YAML anchors and aliases are not supported in frontmatter"],
    ),
    (
        "custom tag",
        {"a.md": "---\na: !secret x\n---\n"},
        ["a.md:2:4: frontmatter-syntax YAML tag !secret is not supported in frontmatter"],
    ),
    (
        "toml",
        {"a.md": "+++\ntitle = 'A'\n+++\n"},
        [
            "a.md:1:1: frontmatter-syntax TOML frontmatter ('+++') is not supported; use YAML between '---' lines"
        ],
    ),
    (
        "four dashes",
        {"a.md": "----\ntitle: A\n----\n"},
        ["a.md:1:1: frontmatter-syntax frontmatter must open with exactly '---', found '----'"],
    ),
    (
        "leading blank line",
        {"a.md": "\n---\ntitle: A\n---\n"},
        [
            "a.md:2:1: frontmatter-syntax a '---' block after leading blank lines is not"
            " frontmatter; it must start on line 1"
        ],
    ),
    ("trailing tab after a value is fine", {"a.md": "---\nsource: Blog\t\n---\n"}, []),
    (
        "thematic breaks in the body are body",
        {"a.md": "---\na: 1\n---\ntext\n\n---\n\nb: 2\n---\n"},
        [],
    ),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_frontmatter_syntax(check_files, files, expected):
    assert check_files(files, config=None) == expected


def test_a_typed_note_with_broken_frontmatter_gets_no_field_diagnostics(check_files):
    broken = note().replace("source: Alpha Signal", "source: a: b")
    assert check_files({"a.md": broken}) == [
        "a.md:6:10: frontmatter-syntax mapping values are not allowed in this context"
    ]


MISREAD = [
    ("quoted link", '---\nrelated: "[[Note A]]"\n---\n', []),
    (
        "unquoted link",
        "---\nrelated: [[Note A]]\n---\n",
        [
            'a.md:2:10: misread-yaml related: [[Note A]] is a list inside a list, not a link; quote it: "[[Note A]]"'
        ],
    ),
    (
        "unquoted links in a list",
        "---\nup: [[[A]], [[B]]]\n---\n",
        [
            'a.md:2:6: misread-yaml up: [[A]] is a list inside a list, not a link; quote it: "[[A]]"',
            'a.md:2:13: misread-yaml up: [[B]] is a list inside a list, not a link; quote it: "[[B]]"',
        ],
    ),
    (
        "tags after a colon",
        "---\ntags: #ai #ml\n---\n",
        [
            "a.md:2:7: misread-yaml tags: '#ai #ml' is a YAML comment, so the value is empty; quote it or drop the #"
        ],
    ),
    (
        "tags as list items",
        "---\ntags:\n  - #ai\n  - ml\n---\n",
        [
            "a.md:3:5: misread-yaml tags: '#ai' is a YAML comment, so the value is empty; quote it or drop the #"
        ],
    ),
    ("an empty value with a real comment", "---\ntags: # none yet\n---\n", []),
    ("a nested list on purpose", "---\nmatrix: [[1, 2], [3, 4]]\n---\n", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in MISREAD], ids=[c[0] for c in MISREAD]
)
def test_misread_yaml(check_files, text, expected):
    assert check_files({"a.md": text, "Note A.md": "x\n"}, config=None) == expected


def test_declared_fields_are_left_to_the_field_rules(check_files):
    config = "types:\n  N:\n    fields:\n      related: {type: wikilink}\n"
    assert check_files({"a.md": "---\ntype: N\nrelated: [[Note]]\n---\n"}, config) == [
        'a.md:3:1: wrong-type related is a list, expected a quoted link like "[[Note]]"'
        ' (YAML reads an unquoted [[link]] as a nested list: write "[[Note]]")'
    ]
