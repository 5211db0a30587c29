import pytest

from tests.conftest import GOOD_YAML, note

CASES = [
    ("unique keys", {"a.md": note()}, []),
    (
        "repeated key",
        {"a.md": note(GOOD_YAML + "source: Blog\n")},
        ["a.md:12:1: duplicate-key duplicate key 'source' (first on line 6)"],
    ),
    (
        "repeated nested key",
        {"a.md": "---\nmeta:\n  a: 1\n  a: 2\n---\n"},
        ["a.md:4:3: duplicate-key duplicate key 'a' (first on line 3)"],
    ),
    ("same text, different YAML type", {"a.md": "---\n1: a\n'1': b\n---\n"}, []),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_duplicate_key(check_files, files, expected):
    assert check_files(files) == expected
