import pytest

from tests.conftest import GOOD_YAML, note


def with_(old: str, new: str) -> dict[str, str]:
    return {"a.md": note(GOOD_YAML.replace(old, new))}


CASES = [
    ("all types right", {"a.md": note()}, []),
    (
        "quoted int",
        with_("read_priority: 5", "read_priority: '5'"),
        [
            "a.md:4:1: wrong-type read_priority is a string, expected an integer (remove the quotes: 5)"
        ],
    ),
    (
        "float for int",
        with_("read_priority: 5", "read_priority: 5.0"),
        ["a.md:4:1: wrong-type read_priority is a number, expected an integer"],
    ),
    (
        "yes is not a boolean in YAML 1.2",
        with_("already_read: false", "already_read: yes"),
        [
            "a.md:2:1: wrong-type already_read is a string, expected true or false (YAML 1.2 booleans are only true and false)"
        ],
    ),
    (
        "number for a string",
        with_("source: Alpha Signal", "source: 2024"),
        [
            "a.md:6:1: wrong-type source is an integer, expected a string (quote it to make it text: '2024')"
        ],
    ),
    (
        "string for a list",
        with_("tags:\n- AI_agent\n- Large_Language_Model\n", "tags: AI_agent\n"),
        ["a.md:7:1: wrong-type tags is a string, expected a list"],
    ),
    (
        "list item of the wrong type",
        with_("- AI_agent", "- 42"),
        [
            "a.md:8:3: wrong-type tags[0] is an integer, expected a string (quote it to make it text: '42')"
        ],
    ),
    (
        "mapping for a url",
        with_("link: https://example.com/post", "link: {a: 1}"),
        ["a.md:3:1: wrong-type link is a mapping, expected a URL string"],
    ),
    (
        "integer for a date",
        with_("upload_date: '2025-04-28'", "upload_date: 20250428"),
        ["a.md:11:1: wrong-type upload_date is an integer, expected a date"],
    ),
    (
        "unquoted YAML date for a date is fine",
        with_("upload_date: '2025-04-28'", "upload_date: 2025-04-28"),
        [],
    ),
    ("NO stays a string", with_("source: Alpha Signal", "source: NO"), []),
    ("empty optional value is not a type error", with_("relevance: 0", "relevance:"), []),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_wrong_type(check_files, files, expected):
    assert check_files(files) == expected


def test_unquoted_wikilink_in_yaml_gets_a_hint(check_files):
    config = "types:\n  Note:\n    fields:\n      related: {type: wikilink}\n"
    assert check_files({"a.md": "---\ntype: Note\nrelated: [[Superposition]]\n---\n"}, config) == [
        'a.md:3:1: wrong-type related is a list, expected a quoted link like "[[Note]]"'
        ' (YAML reads an unquoted [[link]] as a nested list: write "[[Note]]")'
    ]
