import pytest

from tests.conftest import GOOD_YAML, note

CASES = [
    ("known type", {"a.md": note()}, []),
    ("no type field", {"a.md": "---\ntitle: x\n---\n"}, []),
    (
        "misspelt type",
        {"a.md": note(GOOD_YAML.replace("type: Content", "type: Contnet"))},
        [
            "a.md:10:1: unknown-type type 'Contnet' is not a note type; expected one of: Content, Concept (did you mean 'Content'?)"
        ],
    ),
    (
        "type is a list",
        {"a.md": "---\ntype: [a, b]\n---\n"},
        [
            "a.md:2:1: unknown-type type a list is not a note type; expected one of: Content, Concept"
        ],
    ),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_unknown_type(check_files, files, expected):
    assert check_files(files) == expected


def test_a_custom_type_field(check_files):
    config = "type_field: kind\ntypes:\n  Book: {fields: {kind: {type: str}}}\n"
    assert check_files({"a.md": "---\nkind: Film\n---\n"}, config) == [
        "a.md:2:1: unknown-type kind 'Film' is not a note type; expected one of: Book"
    ]
