"""Suppressions inside notes: every form in both comment styles, what counts as a comment, the
frontmatter key, and how they meet fix, the exit code and the cache."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import BASE_FILES, CONTENT_SCHEMA, GOOD_BODY, GOOD_YAML, check_in_folder, note


def gone(line: int) -> str:
    return (
        f"a.md:{line}:1: dead-wikilink [[Gone]] does not resolve:"
        " no file named 'Gone.md' in the vault"
    )


def nope(line: int, column: int = 1) -> str:
    return (
        f"a.md:{line}:{column}: dead-transclusion ![[Nope]] does not resolve:"
        " no file named 'Nope.md' in the vault"
    )


STYLES = {"obsidian": ("%% ", " %%"), "html": ("<!-- ", " -->")}

# {d} is a comment holding the directive after it: `%% notelint-... %%` or `<!-- ... -->`.
FORMS = [
    ("next line", "{d notelint-disable-next-line dead-wikilink}\n[[Gone]]\n", []),
    ("next line, every rule", "{d notelint-disable-next-line}\n[[Gone]] ![[Nope]]\n", []),
    (
        "next line, names with commas",
        "{d notelint-disable-next-line dead-wikilink,dead-transclusion}\n[[Gone]] ![[Nope]]\n",
        [],
    ),
    ("next line, ALL", "{d notelint-disable-next-line ALL}\n[[Gone]] ![[Nope]]\n", []),
    ("next line, over a blank line", "{d notelint-disable-next-line}\n\n[[Gone]]\n", []),
    (
        "next line is one line",
        "{d notelint-disable-next-line dead-wikilink}\n[[Gone]]\n[[Gone]]\n",
        [gone(3)],
    ),
    (
        "only the rules named",
        "{d notelint-disable-next-line dead-wikilink}\n[[Gone]] ![[Nope]]\n",
        [nope(2, 10)],
    ),
    ("this line", "[[Gone]] {d notelint-disable-line dead-wikilink}\n", []),
    (
        "a range",
        "[[Gone]]\n{d notelint-disable dead-wikilink}\n[[Gone]]\n\n[[Gone]]\n"
        "{d notelint-enable dead-wikilink}\n[[Gone]]\n",
        [gone(1), gone(7)],
    ),
    (
        "a range takes in the lines of its comments",
        "{d notelint-disable}[[Gone]]\n[[Gone]]{d notelint-enable}\n[[Gone]]\n",
        [gone(3)],
    ),
    (
        "a range of every rule, ended by name",
        "{d notelint-disable dead-wikilink dead-transclusion}\n[[Gone]] ![[Nope]]\n"
        "{d notelint-enable dead-transclusion}\n![[Nope]] [[Gone]]\n",
        [nope(4)],
    ),
    ("a range without an end runs on", "{d notelint-disable}\n\n[[Gone]]\n\n![[Nope]]\n", []),
]


def directive_in(text: str, style: str) -> str:
    opener, closer = STYLES[style]
    parts = text.split("{d ")
    return parts[0] + "".join(
        opener + part.split("}", 1)[0] + closer + part.split("}", 1)[1] for part in parts[1:]
    )


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in FORMS], ids=[c[0] for c in FORMS])
def test_each_form_suppresses_in_both_comment_styles(check_files, text, expected, style):
    assert check_files({"a.md": directive_in(text, style)}) == expected


NOT_COMMENTS = [
    ("inline code", "`%% notelint-disable-next-line %%`\n[[Gone]]\n", 2),
    ("a code block", "```\n<!-- notelint-disable-next-line -->\n```\n[[Gone]]\n", 4),
    ("indented code", "text\n\n    %% notelint-disable %%\n\n[[Gone]]\n", 5),
    ("inline math", "$%% notelint-disable %%$\n[[Gone]]\n", 2),
    ("a math block", "$$\n%% notelint-disable %%\n$$\n[[Gone]]\n", 4),
    ("inside another comment", "%% see <!-- notelint-disable --> %%\n[[Gone]]\n", 2),
]


@pytest.mark.parametrize(
    ("text", "line"), [c[1:] for c in NOT_COMMENTS], ids=[c[0] for c in NOT_COMMENTS]
)
def test_a_directive_that_is_not_a_comment_is_text(check_files, text, line):
    assert check_files({"a.md": text}) == [gone(line)]


# --- the frontmatter key ----------------------------------------------------------------------

BAD_CONTENT = note(
    GOOD_YAML.replace("read_priority: 5", "read_priority: '5'").replace("'2025-04-28'", "soon")
    + "colour: red\n",
    GOOD_BODY.replace("Superposition]]", "Gone]]"),
)
TOPICS = "a.md:27:1: dead-transclusion ![[topics/Concept/Gone]] does not resolve:"


def test_the_key_suppresses_its_rules_in_the_whole_note(check_files):
    ignore = "notelint: {ignore: [wrong-type, bad-date, dead-transclusion]}\n"
    assert check_files({"a.md": BAD_CONTENT}) == [
        "a.md:4:1: wrong-type read_priority is a string, expected an integer"
        " (remove the quotes: 5)",
        "a.md:11:1: bad-date upload_date is 'soon', expected a date like '2025-04-28' (%Y-%m-%d)",
        "a.md:12:1: unknown-field unknown field 'colour' for Content notes (declared:"
        " already_read, link, read_priority, relevance, source, tags, type, upload_date)",
        TOPICS + " no file 'topics/Concept/Gone.md' in the vault",
    ]
    lines = check_files({"a.md": BAD_CONTENT.replace("colour: red\n", ignore)})
    assert lines == []  # and `notelint` itself is no unknown field


@pytest.mark.parametrize("every_rule", ["ALL", "all", "[ALL]"])
def test_ignore_all_leaves_only_unused_suppression(check_files, every_rule):
    key = f"notelint: {{ignore: {every_rule}}}\n"
    text = BAD_CONTENT.replace("colour: red\n", key).replace(
        "## Links", "%% notelint-disable-line dead-link %%\n## Links"
    )
    assert check_files({"a.md": text}) == [
        "a.md:21:1: unused-suppression unused suppression 'notelint-disable-line dead-link':"
        " no dead-link problem on line 21"
    ]


@pytest.mark.parametrize("extra", ["allow", "warn", "forbid"])
def test_the_key_is_never_an_unknown_field_nor_a_problem_of_its_own(check_files, extra):
    config = CONTENT_SCHEMA.replace("extra_fields: warn", f"extra_fields: {extra}")
    text = note(GOOD_YAML + "notelint: {ignore: [unused-suppression]}\n")
    assert check_files({"a.md": text}, config) == []


def test_an_unknown_key_in_it_leaves_its_ignore_list_working(check_files):
    text = "---\nnotelint: {ignore: [dead-wikilink], why: draft}\n---\n\n[[Gone]]\n"
    assert check_files({"a.md": text}) == [
        "a.md:2:37: unused-suppression unknown key 'why' in notelint; it takes only ignore"
    ]


# --- fix, exit codes, output, cache -----------------------------------------------------------


def run(root, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "notelint", *args]
    return subprocess.run(command, cwd=root, input=stdin, capture_output=True, timeout=120)


def test_a_suppressed_problem_is_not_fixed(make_vault):
    text = note(GOOD_YAML.replace("read_priority: 5", "read_priority: '5'"))
    ignored = text.replace("/post\nread", "/b\nnotelint: {ignore: [wrong-type]}\nread")
    root = make_vault({**BASE_FILES, "a.md": text, "b.md": ignored})
    result = run(root, "fix")
    assert result.stdout.decode().splitlines() == [
        "a.md: fixed 1 (wrong-type)",
        "Fixed 1 problem in 1 of 3 notes; 0 left.",
    ]
    assert (root / "b.md").read_text() == ignored


def test_stdin_fix_removes_an_unused_suppression(make_vault):
    root = make_vault({**BASE_FILES})
    text = note().replace(
        "## Links\n", "%% notelint-disable-next-line dead-wikilink %%\n## Links\n"
    )
    result = run(root, "fix", "-", "--stdin-filename", "a.md", stdin=text.encode())
    assert (result.stdout.decode(), result.returncode) == (note(), 1)


def test_a_rule_left_out_on_the_command_line_keeps_its_suppressions(make_vault, lint):
    # Unlike ruff's RUF100 (astral-sh/ruff#20613): `--select unused-suppression` must not
    # remove the suppressions other rules need, since those rules did not run to say so; a
    # directive without names cannot be judged either while any rule is left out.
    kept = (
        "%% notelint-disable-next-line dead-wikilink %%\n[[Gone]]\n"
        "%% notelint-disable-next-line %%\n[[Gone]]\n"
    )
    root = make_vault(
        {**BASE_FILES, "a.md": kept + "<!-- notelint-disable-line dead-wikilnk -->\n"}
    )
    unknown = [
        "a.md:5:1: unused-suppression unused suppression 'notelint-disable-line dead-wikilnk':"
        " unknown rule 'dead-wikilnk'; did you mean dead-wikilink, dead-link?"
    ]
    assert lint(root, "--select", "unused-suppression") == unknown
    assert lint(root, "--ignore", "dead-wikilink") == unknown
    assert lint(root) == unknown
    assert run(root, "fix", "--select", "unused-suppression").returncode == 1
    assert (root / "a.md").read_text() == kept


def test_exit_codes(make_vault, capsys):
    suppressed = "%% notelint-disable-next-line %%\n![[Nope]]\n"
    root = make_vault({**BASE_FILES, "a.md": suppressed})
    assert check_in_folder(root, capsys)[0] == 0
    (root / "a.md").write_text(suppressed + "%% notelint-disable-next-line %%\ntext\n")
    assert check_in_folder(root, capsys)[0] == 0  # an unused suppression is a warning
    assert check_in_folder(root, capsys, "--strict")[0] == 1


def test_json_says_an_unused_suppression_is_fixable(make_vault, capsys):
    root = make_vault({**BASE_FILES, "a.md": "<!-- notelint-disable -->\n"})
    _, out, _ = check_in_folder(root, capsys, "--format", "json")
    [item] = json.loads(out)
    assert (item["rule"], item["severity"], item["fixable"]) == (
        "unused-suppression",
        "warning",
        True,
    )
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (1, 1, 1, 26)


def test_a_warm_run_reports_what_a_run_without_the_cache_reports(make_vault, lint):
    text = "%% notelint-disable-next-line dead-wikilink %%\n[[Gone]]\n<!-- notelint-disable -->\n"
    root = make_vault({**BASE_FILES, "a.md": text})
    cold = lint(root)
    assert cold == [
        "a.md:3:1: unused-suppression unused suppression 'notelint-disable': no problem on line 3"
    ]
    assert lint(root) == cold == lint(root, "--no-cache")
    (root / "Gone.md").write_text("# Gone\n")  # the suppressed link now resolves
    warm = lint(root)
    assert warm == lint(root, "--no-cache")
    assert warm == [
        "a.md:1:1: unused-suppression unused suppression 'notelint-disable-next-line"
        " dead-wikilink': no dead-wikilink problem on line 2",
        *cold,
    ]


def test_a_schema_cannot_declare_the_key_as_a_field(make_vault, capsys):
    config = CONTENT_SCHEMA.replace("      aliases:", "      notelint: {type: str}\n      aliases:")
    root = make_vault({**BASE_FILES}, config)
    code, out, err = check_in_folder(root, capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"notelint: error: {root / 'notelint.yaml'}:22:7: types.Concept.fields.notelint:"
        " notelint is reserved for suppressions (notelint: {ignore: [...]})\n"
    )


def test_a_missing_section_goes_above_the_comment_over_the_next_heading(make_vault):
    links = "## Links\n\n- [A paper](https://example.org/paper) : why it matters.\n\n"
    summary = "## Summary\n\nA short summary.\n\n"
    kept = "%% notelint-disable-next-line heading-level %%\n\n" + links.replace("## ", "### ")
    text = note(body=GOOD_BODY.replace(summary + links, kept))
    root = make_vault({**BASE_FILES, "a.md": text})
    assert run(root, "fix").stdout.decode().splitlines() == [
        "a.md: fixed 1 (missing-section)",
        "Fixed 1 problem in 1 of 2 notes; 0 left.",
    ]
    assert (root / "a.md").read_text() == text.replace(kept, "## Summary\n\n" + kept)
