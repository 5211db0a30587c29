import pytest

from tests.conftest import GOOD_YAML, note


def with_(old: str, new: str) -> dict[str, str]:
    return {"a.md": note(GOOD_YAML.replace(old, new))}


CASES = [
    ("inside", with_("read_priority: 5", "read_priority: 1"), []),
    (
        "above max",
        with_("read_priority: 5", "read_priority: 9"),
        ["a.md:4:1: out-of-range read_priority is 9, expected 1 to 5"],
    ),
    (
        "below min",
        with_("relevance: 0", "relevance: -1"),
        ["a.md:5:1: out-of-range relevance is -1, expected 0 to 10"],
    ),
    (
        "wrong type is not also out of range",
        with_("read_priority: 5", "read_priority: '9'"),
        [
            "a.md:4:1: wrong-type read_priority is a string, expected an integer (remove the quotes: 9)"
        ],
    ),
]

LIST_SCHEMA = "types:\n  N:\n    fields:\n      tags: {type: list, min_items: 1, max_items: 2}\n      score: {type: float, min: 0.5}\n"
LIST_CASES = [
    ("list inside", "tags: [a, b]\n", []),
    (
        "too few items",
        "tags: []\n",
        ["a.md:3:1: out-of-range tags has 0 items, expected 1 to 2 items"],
    ),
    (
        "too many items",
        "tags: [a, b, c]\n",
        ["a.md:3:1: out-of-range tags has 3 items, expected 1 to 2 items"],
    ),
    (
        "float minimum",
        "score: 0.25\n",
        ["a.md:3:1: out-of-range score is 0.25, expected at least 0.5"],
    ),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_out_of_range(check_files, files, expected):
    assert check_files(files) == expected


@pytest.mark.parametrize(
    ("yaml", "expected"), [c[1:] for c in LIST_CASES], ids=[c[0] for c in LIST_CASES]
)
def test_list_sizes_and_floats(check_files, yaml, expected):
    assert check_files({"a.md": f"---\ntype: N\n{yaml}---\n"}, LIST_SCHEMA) == expected
