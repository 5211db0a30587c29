"""not-canonical: where the layout differs, and exactly what `fix` writes instead."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from notelint.canonical import built_body, canonical_body
from notelint.cli import main
from notelint.config import FormatConfig
from notelint.fix import _html
from notelint.note import parse_note
from tests.conftest import check_in_folder, write_files

FM = "---\na: 1\n---\n"
CASES = [
    ("canonical", FM + "\ntext\n\n## H\n\nmore\n", FM + "\ntext\n\n## H\n\nmore\n", None),
    ("no frontmatter", "text\n\n## H\n\nmore\n", "text\n\n## H\n\nmore\n", None),
    (
        "blank lines around a heading",
        FM + "\ntext\n## H\nmore\n",
        FM + "\ntext\n\n## H\n\nmore\n",
        "6:1: a missing blank line",
    ),
    (
        "blank line after the frontmatter",
        FM + "text\n",
        FM + "\ntext\n",
        "4:1: a missing blank line",
    ),
    (
        "several blank lines after the frontmatter",
        FM + "\n\n\ntext\n",
        FM + "\ntext\n",
        "5:1: an extra blank line",
    ),
    ("runs of blank lines", "a\n\n\n\nb\n", "a\n\nb\n", "3:1: an extra blank line"),
    ("trailing whitespace", "a \t\nb\n", "a\nb\n", "1:1: trailing whitespace"),
    ("a hard break stays", "a  \nb   \nc\n", "a  \nb  \nc\n", "2:1: trailing whitespace"),
    ("no final newline", "a\n\nb", "a\n\nb\n", "3:1: no final newline"),
    ("blank lines at the end", "a\n\n\n", "a\n", "2:1: blank lines at the end"),
    (
        # CommonMark's blank line holds only spaces and tabs; a line of U+3000 is text
        "a line of ideographic space is text",
        "# H\n\u3000\n",
        "# H\n\n\u3000\n",
        "2:1: a missing blank line",
    ),
    (
        "a line of no-break space stays",
        "a\n\n\xa0\n\n\x0c\n\nb\n",
        "a\n\n\xa0\n\n\x0c\n\nb\n",
        None,
    ),
    (
        # markdown-it leaves the last line out of the fence without a final newline
        "an unclosed fence keeps its last line of spaces",
        "> <div>\n```\n ",
        "> <div>\n```\n \n",
        "3:1: no final newline",
    ),
    (
        "a blank line stays before a `---` that would open frontmatter",
        "\n\n---\ntext\n",
        "\n---\ntext\n",
        "2:1: an extra blank line",
    ),
    (
        # markdown-it keeps the added newline in the HTML block; the safety check lets it be
        "a final newline after an HTML block in a quote",
        '> [!note] See\n> <iframe src="https://example.com"></iframe>',
        '> [!note] See\n> <iframe src="https://example.com"></iframe>\n',
        "2:1: no final newline",
    ),
    (
        "code, math, HTML and comments are untouched",
        "```\ncode  \n\n\n# not a heading\n```\n\n$$\nx  \n\n\n$$\n\n<div>\nhtml  \n</div>\n\n%%\nnote  \n\n\n%%\n",
        "```\ncode  \n\n\n# not a heading\n```\n\n$$\nx  \n\n\n$$\n\n<div>\nhtml  \n</div>\n\n%%\nnote  \n\n\n%%\n",
        None,
    ),
    (
        "a heading in a list keeps its place",
        "- item\n  ## inner\n  text\n",
        "- item\n  ## inner\n  text\n",
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "fixed", "where"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_not_canonical(tmp_path, capsys, text, fixed, where):
    root = write_files(tmp_path / "v", {"notelint.yaml": "", "a.md": text})
    _, out, _ = check_in_folder(root, capsys)
    layout = [line for line in out.splitlines() if " not-canonical " in line]
    expected = (
        []
        if where is None
        else [
            f"a.md:{where.split(': ', 1)[0]}: not-canonical not in the canonical layout:"
            f" {where.split(': ', 1)[1]} (notelint fix rewrites the layout)"
        ]
    )
    assert layout == expected
    main(["fix", str(root / "a.md")])
    assert (root / "a.md").read_text() == fixed


def test_settings_turn_parts_off(tmp_path, capsys):
    config = "format:\n  blank_lines_around_headings: false\n  final_newline: false\n"
    root = write_files(tmp_path / "v", {"notelint.yaml": config, "a.md": "a\n## H\nb"})
    _, out, _ = check_in_folder(root, capsys)
    assert "not-canonical" not in out


FRONTMATTER = '---\nz: 1\ntags: [a, b]\nname: "x"\n---\n'


@pytest.mark.parametrize(
    ("settings", "fixed"),
    [
        ("", "---\nname: x\ntags:\n- a\n- b\nz: 1\n---\n"),
        ("format: {key_order: preserve}", "---\nz: 1\ntags:\n- a\n- b\nname: x\n---\n"),
        (
            "format: {block_lists: false, plain_strings: false}",
            '---\nname: "x"\ntags: [a, b]\nz: 1\n---\n',
        ),
    ],
)
def test_frontmatter_layout_settings(tmp_path, settings, fixed):
    root = write_files(tmp_path / "v", {"notelint.yaml": settings + "\n", "a.md": FRONTMATTER})
    main(["fix", str(root / "a.md")])
    assert (root / "a.md").read_text() == fixed


_CLEAN = ["", "text", "# H", "## H2", "- item", "caf\xe9"]
_ANY_LINES = [
    *_CLEAN,
    "text",
    "text  ",
    "text\t",
    " ",
    "\x0c",
    "\xa0",
    "   # indented",
    "    code",
    "```",
    "~~~",
    "%%",
    "<!-- c -->",
    "<div>",
    "$$",
    "> quote",
    "Setext",
    "===",
    "---",
    "#tag",
    "-",
    "- ```",
    "  ```",
]
_ANY = st.sampled_from(_ANY_LINES)
_LINES = st.one_of(st.sampled_from(_CLEAN), st.sampled_from(_CLEAN), _ANY)  # mostly canonical


@settings(max_examples=1000, deadline=None)
@example(True, ["", "", "text"], True, [False, True, True, True, True])  # a run at the top
@example(False, ["text  ", "", "text"], True, [True] * 5)  # spaces before a blank line
@given(
    frontmatter=st.booleans(),
    lines=st.lists(_LINES, max_size=12),
    final=st.booleans(),
    switches=st.lists(st.booleans(), min_size=5, max_size=5),
)
def test_the_quick_answer_is_the_built_one(frontmatter, lines, final, switches):
    """`canonical_body` answers most notes by string searches; it must be `built_body`'s answer."""
    text = ("---\na: 1\n---\n" if frontmatter else "") + "\n".join(lines) + ("\n" if final else "")
    names = (
        "blank_line_after_frontmatter",
        "blank_lines_around_headings",
        "strip_trailing_whitespace",
        "collapse_blank_lines",
        "final_newline",
    )
    settings_ = FormatConfig(**dict(zip(names, switches, strict=True)))
    note = parse_note(text, "a.md")
    assert canonical_body(note, settings_) == built_body(note, settings_)


# Lines of every block kind, odd spaces, and constructs left open at the end of the note.
_BLOCK_LINES = st.sampled_from(
    [
        *_CLEAN,
        *_ANY_LINES,
        "\u3000",
        "  - sub",
        "1. one",
        "> <div>",
        ">     code",
        "> [!note] x",
        ">",
        '<iframe src="x"></iframe>',
        "</div>",
        "<pre>",
        "</pre>",
        "<!--",
        "-->",
        "[ref]: /url",
        "text\\",
        "\ttext",
        "* * *",
        "| a | b |",
        "|---|---|",
        "text ^block",
        "- ",
        "- [ ] task",
    ]
)


@settings(max_examples=1500, deadline=None, derandomize=True)
@example(False, ["# hoge", "\u3000"], True)  # mdformat's fixture: a line of U+3000 is text
@example(False, ["> <div>", "```", " "], False)  # an unclosed fence's last line of spaces
@example(False, ["", "---", "---"], False)  # trimmed, the note would open with frontmatter
@example(False, ["#tag", "==="], True)  # a setext heading, whose text starts with `#`
@example(False, ["text  ", "#tag"], True)  # a hard break before text, not before a heading
@example(False, ["- item", "  ```", "# H"], True)  # a blank line there would join the code
@example(False, ["-", "", "", "- item"], True)  # markdown-it: two lists, and must stay two
@given(frontmatter=st.booleans(), lines=st.lists(_BLOCK_LINES, max_size=10), final=st.booleans())
def test_the_layout_fix_keeps_the_html_and_settles(frontmatter, lines, final):
    """What `fix` writes for the layout renders as the note did (the safety check's test, so
    it is never refused), and is canonical itself."""
    text = ("---\na: 1\n---\n" if frontmatter else "") + "\n".join(lines) + ("\n" if final else "")
    note = parse_note(text, "a.md")
    fixed = parse_note(text[: note.body_start] + canonical_body(note, FormatConfig()), "a.md")
    assert fixed.body_start == note.body_start
    assert _html(fixed) == _html(note)
    assert canonical_body(fixed, FormatConfig()) == fixed.text[fixed.body_start :]
