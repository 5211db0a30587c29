import pytest

from tests.conftest import GOOD_YAML, note


def with_date(value: str) -> dict[str, str]:
    return {"a.md": note(GOOD_YAML.replace("upload_date: '2025-04-28'", f"upload_date: {value}"))}


CASES = [
    ("quoted string", "'2025-04-28'", []),
    ("YAML date", "2025-04-28", []),
    (
        "not a real day",
        "2025-02-30",
        ["a.md:11:1: bad-date upload_date is '2025-02-30', which is not a real date"],
    ),
    (
        "quoted, not a real day",
        "'2025-02-30'",
        ["a.md:11:1: bad-date upload_date is '2025-02-30', which is not a real date"],
    ),
    (
        "other format",
        "28/04/2025",
        [
            "a.md:11:1: bad-date upload_date is '28/04/2025', expected a date like '2025-04-28' (%Y-%m-%d)"
        ],
    ),
    (
        "not zero-padded",
        "2025-4-28",
        [
            "a.md:11:1: bad-date upload_date is '2025-4-28', expected a date like '2025-04-28' (%Y-%m-%d)"
        ],
    ),
    (
        "a date-time",
        "2025-04-28 10:00:00",
        [
            "a.md:11:1: bad-date upload_date is '2025-04-28 10:00:00', expected a date like '2025-04-28' (%Y-%m-%d)"
        ],
    ),
]


@pytest.mark.parametrize(("value", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_date(check_files, value, expected):
    assert check_files(with_date(value)) == expected


FORMATS = "types:\n  N:\n    fields:\n      day: {type: date, format: '%d.%m.%Y'}\n      at: {type: datetime}\n"
FORMAT_CASES = [
    ("custom format", "day: 28.04.2025\n", []),
    (
        "custom format, wrong",
        "day: 2025-04-28\n",
        ["a.md:3:1: bad-date day is '2025-04-28', expected a date like '28.04.2025' (%d.%m.%Y)"],
    ),
    ("iso date-time", "at: 2025-04-28T14:30:00\n", []),
    (
        "date for a date-time",
        "at: '2025-04-28'\n",
        [
            "a.md:3:1: bad-date at is '2025-04-28', expected a time as well, like '2025-04-28T14:30:00'"
        ],
    ),
    (
        "garbage date-time",
        "at: soon\n",
        [
            "a.md:3:1: bad-date at is 'soon', expected an ISO 8601 date-time like '2025-04-28T14:30:00'"
        ],
    ),
]


@pytest.mark.parametrize(
    ("yaml", "expected"), [c[1:] for c in FORMAT_CASES], ids=[c[0] for c in FORMAT_CASES]
)
def test_formats(check_files, yaml, expected):
    assert check_files({"a.md": f"---\ntype: N\n{yaml}---\n"}, FORMATS) == expected
