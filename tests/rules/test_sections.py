"""Tables for the five section rules (one module each in notelint/rules)."""

import pytest

from tests.conftest import CONTENT_SCHEMA, note

SUMMARY = "## Summary\n\ntext\n"
LINKS = "## Links\n\n- [a](https://example.org) : b\n"
TOPICS = "## Topics\n\n![[topics/Concept/Superposition]]\n"


def body(*sections: str) -> str:
    return "\nhttps://example.com/post\n" + "\n".join(sections)


CASES = [
    ("schema order", body(SUMMARY, LINKS, TOPICS), []),
    ("optional section absent", body(SUMMARY, TOPICS), []),
    ("other sections between", body(SUMMARY, "## Notes\n\nx\n", TOPICS), []),
    ("subsections", body(SUMMARY, "### Detail\n\nx\n", TOPICS), []),
    (
        "missing in the middle: reported at the next section",
        body(LINKS, TOPICS),
        [
            "a.md:15:1: missing-section missing section '## Summary' (Content notes need it); it belongs before '## Links'"
        ],
    ),
    (
        "missing at the end",
        body(SUMMARY, LINKS),
        [
            "a.md:21:1: missing-section missing section '## Topics' (Content notes need it); it belongs at the end of the note"
        ],
    ),
    (
        "out of order",
        body(TOPICS, SUMMARY, LINKS),
        [
            "a.md:15:1: section-order section '## Topics' is out of order; it belongs after '## Links'"
        ],
    ),
    (
        "out of order, moved up",
        body(SUMMARY, TOPICS, LINKS),
        [
            "a.md:19:1: section-order section '## Topics' is out of order; it belongs after '## Links'"
        ],
    ),
    (
        "wrong level",
        body(SUMMARY, LINKS.replace("## Links", "### Links"), TOPICS),
        ["a.md:19:1: heading-level '### Links' should be a level-2 heading: '## Links'"],
    ),
    (
        "setext heading counts",
        body("\nSummary\n-------\n\ntext\n", TOPICS),
        [],
    ),
    (
        "duplicate",
        body(SUMMARY, LINKS, LINKS, TOPICS),
        ["a.md:23:1: duplicate-section duplicate section '## Links' (first on line 19)"],
    ),
    (
        "heading in a code block is not a section",
        body("```\n## Summary\n```\n", TOPICS),
        [
            "a.md:19:1: missing-section missing section '## Summary' (Content notes need it); it belongs before '## Topics'"
        ],
    ),
    (
        "heading in a %%comment%% is not a section",
        body("%%\n## Summary\n%%\n", TOPICS),
        [
            "a.md:19:1: missing-section missing section '## Summary' (Content notes need it); it belongs before '## Topics'"
        ],
    ),
    (
        "heading in a quote is not a section",
        body("> ## Summary\n", TOPICS),
        [
            "a.md:17:1: missing-section missing section '## Summary' (Content notes need it); it belongs before '## Topics'"
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_sections(check_files, text, expected):
    assert check_files({"a.md": note(body=text)}) == expected


FORBID = CONTENT_SCHEMA.replace("extra_sections: allow", "extra_sections: forbid")
FORBID_CASES = [
    ("only schema sections", body(SUMMARY, LINKS, TOPICS), []),
    ("a deeper heading is a subsection", body(SUMMARY, "### Aside\n", TOPICS), []),
    ("a level-1 title is not at a schema level", "\n# Title\n" + body(SUMMARY, TOPICS), []),
    (
        "an extra level-2 section",
        body(SUMMARY, "## Notes\n\nx\n", TOPICS),
        [
            "a.md:19:1: unexpected-section unexpected section '## Notes'; Content notes have: Summary, Links, Topics"
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in FORBID_CASES], ids=[c[0] for c in FORBID_CASES]
)
def test_unexpected_section(check_files, text, expected):
    assert check_files({"a.md": note(body=text)}, FORBID) == expected
