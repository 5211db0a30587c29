"""Tables for the link rules: dead-transclusion, dead-wikilink, dead-anchor, dead-link,
ambiguous-link. Each case is a body line in an untyped note, in a vault holding FILES."""

import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notelint.vault import close_matches

FILES = {
    "topics/Concept/Superposition.md": "# Superposition\n\n## History\n\n### Early `work()`\n\nOne idea. ^core-idea\n\n## Uses\n",
    "topics/Concept/Circuit.md": "# Circuit\n",
    "hardware/Circuit.md": "# Circuit\n",
    "Café.md": "# Café\n",
    "assets/diagram.png": b"",
    "papers/Scaling Laws.md": "# Scaling\n",
    "docs/guide.pdf": b"",
}
A = "a.md"


def dead(rule: str, column: int, link: str, reason: str) -> str:
    return f"{A}:1:{column}: {rule} {link} does not resolve: {reason}"


CASES = [
    # resolution: paths, names, extensions
    ("full path", "![[topics/Concept/Superposition]]", []),
    ("bare name anywhere", "![[Superposition]]", []),
    ("explicit .md", "[[Superposition.md]]", []),
    ("case-insensitive", "![[topics/concept/SUPERPOSITION]]", []),
    ("NFC and NFD spellings match", "[[Cafe\u0301]]", []),
    ("unique path suffix", "![[Concept/Superposition]]", []),
    ("attachment by name", "![[diagram.png]]", []),
    ("attachment with size", "![[diagram.png|100]]", []),
    ("pdf page is not a heading", "![[guide.pdf#page=3]]", []),
    ("alias", "[[Superposition|the idea]]", []),
    ("escaped pipe in a table", "| [[Superposition\\|idea]] |", []),
    ("relative path", "[[./topics/Concept/Superposition]]", []),
    (
        "dead embed with folder",
        "![[topics/Concept/Superpositon]]",
        [
            dead(
                "dead-transclusion",
                1,
                "![[topics/Concept/Superpositon]]",
                "no file 'topics/Concept/Superpositon.md' in the vault (did you mean 'Superposition'?)",
            )
        ],
    ),
    (
        "dead bare embed",
        "![[Nowhere]]",
        [dead("dead-transclusion", 1, "![[Nowhere]]", "no file named 'Nowhere.md' in the vault")],
    ),
    (
        "dead attachment",
        "![[photo.jpg]]",
        [dead("dead-transclusion", 1, "![[photo.jpg]]", "no file named 'photo.jpg' in the vault")],
    ),
    (
        "dangling wikilink, with column",
        "See [[Nowhere]] now",
        [dead("dead-wikilink", 5, "[[Nowhere]]", "no file named 'Nowhere.md' in the vault")],
    ),
    ("empty link", "[[]]", [f"{A}:1:1: dead-wikilink [[]] is an empty link"]),
    (
        "a path out of the vault is dead",
        "![[../../../etc/passwd]]",
        [
            dead(
                "dead-transclusion",
                1,
                "![[../../../etc/passwd]]",
                "'../../../etc/passwd' is outside the vault",
            )
        ],
    ),
    (
        "a relative path above the root",
        "[x](../gone.png)",
        [dead("dead-link", 1, "[x](../gone.png)", "'../gone.png' is outside the vault")],
    ),
    (
        "a suffix must be a whole folder name",
        "[[cept/Superposition]]",
        [
            dead(
                "dead-wikilink",
                1,
                "[[cept/Superposition]]",
                "no file 'cept/Superposition.md' in the vault; it may have moved to 'topics/Concept/Superposition'",
            )
        ],
    ),
    # not links
    ("fenced code", "```\n[[Nowhere]]\n```", []),
    ("indented code", "    [[Nowhere]]", []),
    ("inline code", "`[[Nowhere]]`", []),
    ("double-backtick code", "``a ` [[Nowhere]]``", []),
    ("inline math", "$[[Nowhere]]$", []),
    ("math block", "$$\n[[Nowhere]]\n$$", []),
    ("html comment", "<!-- [[Nowhere]] -->", []),
    ("obsidian comment", "%% [[Nowhere]] %%", []),
    ("multi-line obsidian comment", "%%\n[[Nowhere]]\n%%", []),
    ("escaped dollar is not math", "\\$5 and [[Superposition]]", []),
    ("backslash escapes", "a \\* b \\[[Superposition]] \\` [[Superposition]]", []),
    (
        "code in a wikilink's anchor is not a code span",
        "[[Superposition#Early `work()`|x]] [[#`a`]]",
        [f"{A}:1:36: dead-anchor [[#`a`]]: no heading '`a`' in this note"],
    ),
    ("a code span before a wikilink wins", "`a [[Nowhere]]` b", []),
    (
        "unclosed HTML comment inside a line is text",
        "a <!-- b\n\n[[Nowhere]]",
        [
            f"{A}:3:1: dead-wikilink [[Nowhere]] does not resolve: no file named 'Nowhere.md' in the vault"
        ],
    ),
    ("unclosed HTML comment starting a line hides the rest", "<!-- b\n\n[[Nowhere]]", []),
    ("unclosed %% hides the rest", "%% b\n\n[[Nowhere]]", []),
    ("prices are not math", "costs $5 and $6 [[Superposition]]", []),
    # anchors
    ("heading anchor", "[[Superposition#History]]", []),
    ("nested heading anchor", "[[Superposition#History#Early work]]", []),
    ("heading with markup and punctuation", "[[Superposition#early WORK]]", []),
    ("block anchor", "[[Superposition#^core-idea]]", []),
    ("block id straight after an embed", "![[diagram.png]]^fig\n\n[[#^fig]]", []),
    ("same-note heading", "## Here\n\n[[#Here]]", []),
    (
        "missing heading",
        "[[Superposition#Future]]",
        [
            f"{A}:1:1: dead-anchor [[Superposition#Future]]: no heading 'Future' in topics/Concept/Superposition.md"
        ],
    ),
    (
        "nested heading not under its parent",
        "[[Superposition#Uses#Early work]]",
        [
            f"{A}:1:1: dead-anchor [[Superposition#Uses#Early work]]: no heading 'Early work' in topics/Concept/Superposition.md"
        ],
    ),
    (
        "missing block",
        "![[Superposition#^nope]]",
        [
            f"{A}:1:1: dead-anchor ![[Superposition#^nope]]: no block ^nope in topics/Concept/Superposition.md"
        ],
    ),
    (
        "missing same-note heading",
        "[[#Nope]]",
        [f"{A}:1:1: dead-anchor [[#Nope]]: no heading 'Nope' in this note"],
    ),
    # markdown links
    ("markdown link, encoded", "[paper](papers/Scaling%20Laws.md)", []),
    ("markdown link, angle brackets", "[paper](<papers/Scaling Laws.md>)", []),
    ("markdown image", "![d](assets/diagram.png)", []),
    ("markdown link, Obsidian-style name", "[c](Superposition)", []),
    ("markdown link with heading", "[h](topics/Concept/Superposition.md#History)", []),
    ("external link", "[x](https://example.com/missing.md)", []),
    ("mailto", "[x](mailto:a@example.com)", []),
    (
        "dead markdown link",
        "[x](papers/missing.md)",
        [
            dead(
                "dead-link", 1, "[x](papers/missing.md)", "no file 'papers/missing.md' in the vault"
            )
        ],
    ),
    (
        "markdown anchor missing",
        "[h](topics/Concept/Superposition.md#Nope)",
        [
            f"{A}:1:1: dead-anchor [h](topics/Concept/Superposition.md#Nope): no heading 'Nope' in topics/Concept/Superposition.md"
        ],
    ),
    # ambiguity
    (
        "ambiguous bare name",
        "[[Circuit]]",
        [
            f"{A}:1:1: ambiguous-link [[Circuit]] matches 2 files: hardware/Circuit.md, topics/Concept/Circuit.md; write the path to choose one"
        ],
    ),
    ("path disambiguates", "[[topics/Concept/Circuit]]", []),
]


@pytest.mark.parametrize(("line", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_links(check_files, line, expected):
    assert check_files({**FILES, A: line + "\n"}, config=None) == expected


def test_checking_one_note_resolves_against_the_whole_vault(make_vault, lint):
    root = make_vault({**FILES, "notes/a.md": "![[Superposition#History]] ![[Gone]]\n"}, config="")
    assert lint(root, "notes/a.md") == [
        "notes/a.md:1:28: dead-transclusion ![[Gone]] does not resolve: no file named 'Gone.md' in the vault"
    ]


def test_files_in_hidden_folders_are_not_link_targets(make_vault, lint):
    root = make_vault({".trash/Old.md": "x\n", "a.md": "[[Old]]\n"}, config=None)
    assert lint(root) == [
        "a.md:1:1: dead-wikilink [[Old]] does not resolve: no file named 'Old.md' in the vault"
    ]


def test_a_symlink_out_of_the_vault_is_never_read(make_vault, lint, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("---\nbroken: [\n---\n")
    root = make_vault({"a.md": "[[secret]]\n"}, config=None)
    (root / "secret.md").symlink_to(outside)
    assert lint(root) == [
        "a.md:1:1: dead-wikilink [[secret]] does not resolve: no file named 'secret.md' in the vault",
        "secret.md:1:1: unreadable-file symbolic link to a file outside the vault; not read",
    ]


def test_every_note_is_parsed_once(make_vault, lint, monkeypatch):
    import notelint.note

    parsed: list[str] = []
    real = notelint.note.parse_note
    monkeypatch.setattr(
        notelint.note, "parse_note", lambda text, path: parsed.append(path) or real(text, path)
    )
    root = make_vault(
        {**FILES, "a.md": "[[Superposition#History]] [[Circuit]]\n", "z.md": "[[a]]\n"}, config=""
    )
    lint(root)
    assert sorted(parsed) == sorted(p for p in [*FILES, "a.md", "z.md"] if p.endswith(".md"))


def test_a_candidate_in_the_notes_own_folder_is_not_ambiguous(make_vault, lint):
    root = make_vault({**FILES, "hardware/a.md": "[[Circuit]]\n"}, config="")
    assert lint(root, "hardware/a.md") == []


def test_ranking_prefers_the_shortest_path(make_vault, lint):
    files = {
        "zzzz/Note.md": "## Only here\n",
        "a/b/Note.md": "# Note\n",
        "x/y.md": "[[Note#Only here]]\n",
    }
    root = make_vault(files, config="")
    assert lint(root, "x/y.md") == [
        "x/y.md:1:1: ambiguous-link [[Note#Only here]] matches 2 files: a/b/Note.md, zzzz/Note.md; write the path to choose one",
        "x/y.md:1:1: dead-anchor [[Note#Only here]]: no heading 'Only here' in a/b/Note.md",
    ]


def test_a_relative_path_inside_the_vault_is_not_called_outside(make_vault, lint):
    root = make_vault(
        {"sub/a.md": "[x](../gone.png) ![[../assets/pic.png]]\n", "assets/pic.png": b""}, config=""
    )
    assert lint(root) == [
        "sub/a.md:1:1: dead-link [x](../gone.png) does not resolve: no file '../gone.png' in the vault"
    ]


def test_wikilinks_in_frontmatter_are_checked(make_vault, lint):
    note = '---\nup: "[[Superposition#History]]"\nrelated:\n- "[[Gone]]"\n- \'[[Superposition#Nope]]\'\n---\nbody\n'
    root = make_vault({**FILES, "a.md": note}, config="")
    assert lint(root, "a.md") == [
        "a.md:4:4: dead-wikilink [[Gone]] does not resolve: no file named 'Gone.md' in the vault",
        "a.md:5:4: dead-anchor [[Superposition#Nope]]: no heading 'Nope' in topics/Concept/Superposition.md",
    ]


def test_a_wikilink_typed_field_is_reported_once(make_vault, lint):
    config = "types:\n  N:\n    fields:\n      related: {type: wikilink}\n"
    root = make_vault({"a.md": '---\ntype: N\nrelated: "[[Gone]]"\n---\n'}, config=config)
    assert lint(root) == [
        "a.md:3:1: bad-value related links to '[[Gone]]', which is not a file in the vault"
    ]


_NAME = st.text(alphabet=st.sampled_from("abcdeé sS-_1"), max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    word=_NAME,
    names=st.lists(st.one_of(_NAME, st.builds(lambda n: n * 20, _NAME)), max_size=40),
)
def test_did_you_mean_is_difflibs_answer(word, names):
    """The fast "did you mean" keeps difflib's answer, ties and long (autojunk) names too."""
    assert close_matches(word, names) == difflib.get_close_matches(word, names, 3, 0.75)


_PARTS = st.sampled_from(["a", "A", "b", "Café", "Cafe\u0301", "ΑΣ", "x.md", "X.MD", "note.md"])


@settings(max_examples=300, deadline=None)
@given(
    files=st.lists(st.lists(_PARTS, min_size=1, max_size=4).map("/".join), max_size=12),
    target=st.lists(_PARTS, min_size=2, max_size=3).map("/".join),
)
def test_a_link_with_part_of_a_path_finds_what_an_index_of_every_ending_finds(files, target):
    # The index notelint once built: every file under each of its paths' endings (keyed as
    # Vault keys them), in file order; a lookup tries the target with `.md` first.
    from notelint.vault import Vault, _key

    vault = Vault(Path("."), files, lambda path: None)
    index: dict[str, list[str]] = {}
    for file in vault.files:
        parts = file.split("/")
        for at in range(1, len(parts) - 1):
            index.setdefault(_key("/".join(parts[at:])), []).append(file)
    key = _key(target)
    expected = (not key.endswith(".md") and index.get(key + ".md")) or index.get(key, [])
    assert vault._lookup_suffix(target) == expected


_NAMED = st.sampled_from(
    [
        "a",
        "A",
        "a.md",
        "A.MD",
        "ΑΣ",
        "ΑΣ.md",
        "Σa.md",
        "Café.md",
        "Cafe\u0301.md",
        "\u0301x",
        "İ.md",
        "two\nlines.md",
        "b.png",
    ]
)


_ASCII_NAMED = st.sampled_from(
    ["a", "A", "a.md", "A.MD", "b.md", "a.b.md", "md", "x y.md", "b.png"]
)


@settings(max_examples=300, deadline=None)
@given(
    files=st.one_of(
        st.lists(st.lists(_NAMED, min_size=1, max_size=3).map("/".join), max_size=12),
        st.lists(st.lists(_ASCII_NAMED, min_size=1, max_size=3).map("/".join), max_size=12),
    ),
    data=st.data(),
)
def test_files_are_found_by_path_and_name_as_a_lookup_of_each_file_finds_them(files, data):
    """The vault keys its files all at once, joined, or searches the joined paths for the
    first names a run looks up; each file keyed alone (NFC, lower case: a final sigma, a
    combining mark, a dotted I, a newline in a name) gives the same answers, and so does "did
    you mean"'s index of names, the first file's spelling kept."""
    from notelint.vault import FileNames, Vault, _key, written_stem

    written = [*files, *(file.rpartition("/")[2] for file in files), "", "/", ".md", "a\nb.md"]
    target = data.draw(
        st.one_of(
            st.sampled_from(written),  # a file's path or name, as written: found
            _NAMED,
            _ASCII_NAMED,
            st.lists(_NAMED | _ASCII_NAMED, min_size=2, max_size=2).map("/".join),
        )
    )
    vault = Vault(Path("."), files, lambda path: None)
    by_path: dict[str, list[str]] = {}
    by_name: dict[str, list[str]] = {}
    stems: dict[str, str] = {}
    for file in vault.files:
        by_path.setdefault(_key(file), []).append(file)
        by_name.setdefault(_key(file.rpartition("/")[2]), []).append(file)
        stems.setdefault(_key(written_stem(file)), written_stem(file))
    key = _key(target)
    for search in (False, True):  # the index, and the search of the joined paths
        names = FileNames(vault.files)
        if search:
            names.search_first()
        for files_with, expected in ((names.with_path, by_path), (names.with_name, by_name)):
            wanted = (not key.endswith(".md") and expected.get(key + ".md")) or expected.get(
                key, []
            )
            assert vault._lookup(files_with, target) == wanted
    assert [(key, vault._stems.get(key)[0]) for key in vault._stems.all_keys()] == [*stems.items()]


def test_a_key_holding_a_newline_is_not_found_across_two_joined_paths():
    from notelint.vault import FileNames

    names = FileNames(["a", "b.md"])
    names.search_first()
    assert names.with_path("a\nb.md") == names.with_name("a\nb.md") == []
    assert names.with_path("") == names.with_name("") == []
    assert (names.with_path("a"), names.with_name("b.md")) == (["a"], ["b.md"])


def test_a_run_of_a_few_notes_searches_for_names_and_a_whole_vault_run_indexes_them(tmp_path):
    """Both ways answer alike (the property test above); which one a run takes is its speed."""
    from notelint.run import check_selected, start_runs
    from tests.conftest import write_files

    notes = {f"n{i}.md": f"[[n{i + 1}]] [[Gone]]\n" for i in range(6)}
    root = write_files(tmp_path, {"notelint.yaml": "types: {}\n", **notes})
    [few] = start_runs([root / "n0.md", root / "n5.md"], None, False)
    [whole] = start_runs([root], None, False)
    alone = check_selected(few)
    assert [d for d in check_selected(whole) if d.path in ("n0.md", "n5.md")] == alone
    assert [(d.path, d.rule) for d in alone] == [
        ("n0.md", "dead-wikilink"),
        ("n5.md", "dead-wikilink"),
        ("n5.md", "dead-wikilink"),
    ]
    assert few.vault._names._index is None
    assert whole.vault._names._index is not None
