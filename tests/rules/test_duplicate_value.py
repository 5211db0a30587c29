import pytest

from tests.conftest import BASE_FILES, GOOD_YAML, note

OTHER = note(GOOD_YAML.replace("https://example.com/post", "https://example.com/other"))
CASES = [
    ("different links", {"a.md": note(), "b.md": OTHER}, []),
    (
        "same link: every note but the first in path order",
        {"b.md": note(), "a.md": note(), "c/c.md": note()},
        [
            "b.md:3:1: duplicate-value link 'https://example.com/post' is already used by a.md",
            "c/c.md:3:1: duplicate-value link 'https://example.com/post' is already used by a.md",
        ],
    ),
    (
        "repeated list item",
        {
            "a.md": note(
                GOOD_YAML.replace("- Large_Language_Model", "- Large_Language_Model\n- AI_agent")
            )
        },
        ["a.md:10:3: duplicate-value tags[2] 'AI_agent' repeats tags[0]"],
    ),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_duplicate_value(check_files, files, expected):
    assert check_files(files) == expected


def test_checking_one_file_still_sees_the_whole_vault(make_vault, lint):
    root = make_vault({**BASE_FILES, "a.md": note(), "b.md": note()})
    assert lint(root, "b.md") == [
        "b.md:3:1: duplicate-value link 'https://example.com/post' is already used by a.md"
    ]
    assert lint(root, "a.md") == []
