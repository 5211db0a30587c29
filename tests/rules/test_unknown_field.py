import pytest

from tests.conftest import BASE_FILES, CONTENT_SCHEMA, GOOD_YAML, note

DECLARED = "already_read, link, read_priority, relevance, source, tags, type, upload_date"
EXTRA = note(GOOD_YAML + "colour: blue\n")
CASES = [
    ("only declared fields", "warn", {"a.md": note()}, []),
    ("allow", "allow", {"a.md": EXTRA}, []),
    (
        "warn",
        "warn",
        {"a.md": EXTRA},
        [
            f"a.md:12:1: unknown-field unknown field 'colour' for Content notes (declared: {DECLARED})"
        ],
    ),
    (
        "forbid",
        "forbid",
        {"a.md": EXTRA},
        [
            f"a.md:12:1: unknown-field unknown field 'colour' for Content notes (declared: {DECLARED})"
        ],
    ),
]


@pytest.mark.parametrize(
    ("mode", "files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_unknown_field(check_files, mode, files, expected):
    config = CONTENT_SCHEMA.replace("extra_fields: warn", f"extra_fields: {mode}")
    assert check_files(files, config) == expected


@pytest.mark.parametrize(("mode", "severity"), [("warn", "warning"), ("forbid", "error")])
def test_extra_fields_sets_the_severity(make_vault, capsys, mode, severity):
    import json

    from notelint.cli import main

    root = make_vault(
        {**BASE_FILES, "a.md": EXTRA},
        CONTENT_SCHEMA.replace("extra_fields: warn", f"extra_fields: {mode}"),
    )
    code = main(["check", str(root / "a.md"), "--format", "json"])
    [item] = [i for i in json.loads(capsys.readouterr().out) if i["rule"] == "unknown-field"]
    assert item["severity"] == severity
    assert code == (1 if severity == "error" else 0)
