import pytest

from tests.conftest import GOOD_YAML, note

CASES = [
    ("all required present", {"a.md": note()}, []),
    ("optional field absent", {"a.md": note(GOOD_YAML.replace("relevance: 0\n", ""))}, []),
    (
        "required field absent",
        {"a.md": note(GOOD_YAML.replace("source: Alpha Signal\n", ""))},
        ["a.md:1:1: missing-field missing required field 'source' (Content notes need it)"],
    ),
    (
        "required field empty",
        {"a.md": note(GOOD_YAML.replace("source: Alpha Signal", "source:"))},
        ["a.md:6:1: missing-field required field 'source' is empty"],
    ),
    (
        "typed by path, no frontmatter at all",
        {"topics/Concept/Circuit.md": "# Circuit\n"},
        [],
    ),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_missing_field(check_files, files, expected):
    assert check_files(files) == expected


def test_a_type_matched_by_path_needs_its_required_fields(check_files):
    config = "types:\n  Concept:\n    paths: ['topics/**']\n    fields:\n      domain: {type: str, required: true}\n"
    assert check_files({"topics/Concept/Circuit.md": "# Circuit\n"}, config) == [
        "topics/Concept/Circuit.md:1:1: missing-field missing required field 'domain' (Concept notes need it)",
        "topics/Concept/Superposition.md:1:1: missing-field missing required field 'domain' (Concept notes need it)",
    ]
