from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


_VALUES = st.sampled_from(["x", "y"])
_NOTES = [f"n{i}.md" for i in range(6)]


@settings(max_examples=1000, deadline=None)
@given(
    start=st.lists(_VALUES, min_size=6, max_size=6),
    steps=st.lists(
        st.tuples(st.sampled_from(["check", "remember"]), st.sampled_from(_NOTES), _VALUES),
        max_size=20,
    ),
)
def test_first_with_value_answers_from_the_facts_the_vault_knows_now(start, steps):
    """Scans, the index of unique values and new facts remembered (as `fix` remembers a fixed
    note's) in any order: the question duplicate-value asks of a note (who holds its value
    first) gets an earlier note holding it now, or the note itself or None when none does."""
    from notelint.vault import NoteFacts, Vault

    def facts(value: str) -> NoteFacts:
        return NoteFacts((), frozenset(), "Content", (("link", value),))

    now = {path: facts(value) for path, value in zip(_NOTES, start, strict=True)}
    saved = dict(now)  # what the cache knows; `remember` changes only the vault's view
    vault = Vault(
        Path("."),
        _NOTES,
        saved.get,
        unique_loader=lambda path: (saved[path].type_name, saved[path].unique_values),
        unique_filter=lambda value, notes: notes,
    )
    for action, path, value in steps:
        if action == "remember":
            now[path] = facts(value)
            vault.remember(path, now[path])
        else:
            [(_, held)] = now[path].unique_values
            expected = next(
                (p for p in _NOTES if p < path and ("link", held) in now[p].unique_values), None
            )
            found = vault.first_with_value("Content", "link", held, path)
            assert (None if found == path else found) == expected


BOOKS = """types:
  Book:
    paths: ['**']
    fields:
      code: {type: str, unique: true}
      shelf: {type: list, unique_items: true}
"""


def test_a_text_is_not_the_value_of_another_type_that_it_reads_like(make_vault, lint):
    files = {
        "a.md": "---\ncode: 5\nshelf:\n- 5\n- int:5\n- 5\n---\n",
        "b.md": "---\ncode: int:5\n---\n",
        "e.md": '---\ncode: "\\0int:5"\n---\n',  # YAML's NUL escape: a text still
        "c.md": "---\ncode:\n---\n",
        "d.md": "---\ncode:\n---\n",  # nor are two empty values the same value
    }
    assert lint(make_vault(files, BOOKS)) == [
        "a.md:2:1: wrong-type code is an integer, expected a string (quote it to make it text: '5')",
        "a.md:6:3: duplicate-value shelf[2] '5' repeats shelf[0]",
    ]
