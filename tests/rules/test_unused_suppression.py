"""unused-suppression: which suppressions suppress nothing, and exactly what `fix` makes of them.
Each check case is a note `a.md` in a vault with the generic rules and a note `Real.md`."""

from __future__ import annotations

import os

import pytest

from notelint.cli import main
from tests.conftest import write_files

FILES = {"Real.md": "# Real\n\n## Part\n"}
U = "unused-suppression unused suppression"
DEAD = "dead-wikilink [[Gone]] does not resolve: no file named 'Gone.md' in the vault"


def fm(yaml: str) -> str:
    return f"---\n{yaml}---\n\n"


CASES = [
    ("used", "%% notelint-disable-next-line dead-wikilink %%\n[[Gone]]\n", []),
    (
        "next-line, %% comment",
        "%% notelint-disable-next-line dead-wikilink %%\n[[Real]]\n",
        [
            f"a.md:1:1: {U} 'notelint-disable-next-line dead-wikilink':"
            " no dead-wikilink problem on line 2"
        ],
    ),
    (
        "next-line, HTML comment, blank lines skipped",
        "<!-- notelint-disable-next-line dead-wikilink -->\n\n[[Real]]\n",
        [
            f"a.md:1:1: {U} 'notelint-disable-next-line dead-wikilink':"
            " no dead-wikilink problem on line 3"
        ],
    ),
    (
        "next-line with nothing after it",
        "[[Real]]\n\n%% notelint-disable-next-line %%\n\n",
        [f"a.md:3:1: {U} 'notelint-disable-next-line': no problem after it: no line follows"],
    ),
    (
        "an unclosed %% runs to the end, its names end with its line",
        "%% notelint-disable dead-wikilink\n[[Gone]]\n",
        [f"a.md:1:1: {U} 'notelint-disable dead-wikilink': no dead-wikilink problem on lines 1-2"],
    ),
    (
        "disable-line, no names",
        "[[Real]] %% notelint-disable-line %%\n",
        [f"a.md:1:10: {U} 'notelint-disable-line': no problem on line 1"],
    ),
    (
        "one name of two unused",
        "%% notelint-disable-next-line dead-wikilink, ambiguous-link %%\n[[Gone]]\n",
        [
            "a.md:1:46: unused-suppression unused suppression of 'ambiguous-link' in"
            " 'notelint-disable-next-line dead-wikilink ambiguous-link':"
            " no ambiguous-link problem on line 2"
        ],
    ),
    (
        "both names unused: one report for the comment",
        "%% notelint-disable-next-line dead-link ambiguous-link %%\n[[Real]]\n",
        [
            f"a.md:1:1: {U} 'notelint-disable-next-line dead-link ambiguous-link':"
            " no dead-link or ambiguous-link problem on line 2"
        ],
    ),
    (
        "an unknown rule, with the closest name",
        "%% notelint-disable-next-line dead-wikilnk %%\n[[Gone]]\n",
        [
            f"a.md:1:1: {U} 'notelint-disable-next-line dead-wikilnk':"
            " unknown rule 'dead-wikilnk'; did you mean dead-wikilink, dead-link?",
            f"a.md:2:1: {DEAD}",
        ],
    ),
    (
        "an unknown rule beside a used one",
        "%% notelint-disable-next-line dead-wikilink, because %%\n[[Gone]]\n",
        [
            "a.md:1:46: unused-suppression unused suppression of 'because' in"
            " 'notelint-disable-next-line dead-wikilink because': unknown rule 'because';"
            " see `notelint rules`"
        ],
    ),
    (
        "a reason after --",
        "%% notelint-disable-next-line dead-wikilink -- a draft %%\n[[Gone]]\n",
        [],
    ),
    (
        "a range that covers nothing",
        "<!-- notelint-disable dead-wikilink -->\n[[Real]]\n<!-- notelint-enable dead-wikilink -->\n",
        [f"a.md:1:1: {U} 'notelint-disable dead-wikilink': no dead-wikilink problem on lines 1-3"],
    ),
    (
        "an unclosed range runs to the end",
        "%% notelint-disable %%\n[[Real]]\n\ntext\n",
        [f"a.md:1:1: {U} 'notelint-disable': no problem on lines 1-4"],
    ),
    (
        "an enable that ends nothing",
        "[[Real]]\n%% notelint-enable %%\n",
        [f"a.md:2:1: {U} 'notelint-enable': no notelint-disable is open"],
    ),
    (
        "an enable of a rule no disable names",
        "%% notelint-disable %%\n[[Gone]]\n%% notelint-enable dead-wikilink %%\n",
        [
            f"a.md:3:1: {U} 'notelint-enable dead-wikilink':"
            " no notelint-disable of dead-wikilink is open"
        ],
    ),
    (
        "a line directive inside a range of its rule is redundant",
        "%% notelint-disable dead-wikilink %%\n"
        "%% notelint-disable-next-line dead-wikilink %%\n[[Gone]]\n",
        [
            f"a.md:2:1: {U} 'notelint-disable-next-line dead-wikilink':"
            " no dead-wikilink problem on line 3"
        ],
    ),
    (
        "a suppression naming unused-suppression is kept",
        "%% notelint-disable-next-line dead-wikilink unused-suppression %%\n[[Real]]\n",
        [],
    ),
    (
        "an unknown directive",
        "%% notelint-disable-nextline dead-wikilink %%\n[[Gone]]\n",
        [
            "a.md:1:4: unused-suppression unknown suppression 'notelint-disable-nextline';"
            " did you mean 'notelint-disable-next-line'?",
            f"a.md:2:1: {DEAD}",
        ],
    ),
    (
        "an unknown directive, nothing close",
        "<!-- notelint-shush -->\n",
        [
            "a.md:1:6: unused-suppression unknown suppression 'notelint-shush'; use one of"
            " notelint-disable, notelint-enable, notelint-disable-line,"
            " notelint-disable-next-line"
        ],
    ),
    ("an ordinary comment", "%% notelint is great %%\n<!-- notelint -->\n", []),
    (
        "frontmatter: one entry unused",
        fm("notelint: {ignore: [dead-wikilink, dead-link]}\n") + "[[Gone]]\n",
        [
            "a.md:2:36: unused-suppression unused suppression of 'dead-link' in"
            " 'notelint: {ignore: [dead-wikilink, dead-link]}': no dead-link problem in this note"
        ],
    ),
    (
        "frontmatter: nothing used",
        fm("notelint:\n  ignore:\n  - dead-link\n") + "[[Real]]\n",
        [f"a.md:2:1: {U} 'notelint: {{ignore: [dead-link]}}': no dead-link problem in this note"],
    ),
    (
        "frontmatter: all, unused",
        fm("notelint: {ignore: ALL}\n") + "[[Real]]\n",
        [f"a.md:2:1: {U} 'notelint: {{ignore: ALL}}': no problem in this note"],
    ),
    (
        "frontmatter: an empty list",
        fm("notelint: {ignore: []}\n") + "[[Real]]\n",
        [f"a.md:2:1: {U} 'notelint: {{ignore: []}}': the ignore list is empty"],
    ),
    (
        "frontmatter: the key is broader than a line directive",
        fm("notelint: {ignore: [dead-wikilink]}\n")
        + "%% notelint-disable-next-line dead-wikilink %%\n[[Gone]]\n",
        [
            f"a.md:5:1: {U} 'notelint-disable-next-line dead-wikilink':"
            " no dead-wikilink problem on line 6"
        ],
    ),
]


def bad(where: str, message: str) -> str:
    return f"a.md:{where}: unused-suppression {message}"


MALFORMED = [
    (
        "a list",
        "notelint: [dead-link]\n",
        [bad("2:11", "notelint must be a mapping like {ignore: [rule, ...]}, found a list")],
    ),
    (
        "empty",
        "notelint:\n",
        [bad("2:1", "notelint must be a mapping like {ignore: [rule, ...]}, found nothing")],
    ),
    (
        "no ignore list",
        "notelint: {skip: [x]}\n",
        [
            bad("2:1", "notelint has no ignore list: write notelint: {ignore: [rule, ...]}"),
            bad("2:12", "unknown key 'skip' in notelint; it takes only ignore"),
        ],
    ),
    (
        "a single name",
        "notelint: {ignore: dead-link}\n",
        [bad("2:20", "notelint.ignore must be a list of rule names, or ALL, found 'dead-link'")],
    ),
    (
        "an item that is not a name",
        "notelint: {ignore: [dead-link, 5]}\n",
        [bad("2:32", "notelint.ignore[1] must be a rule name, found '5'")],
    ),
]


def lint(tmp_path, capsys, text: str, config: str = "") -> list[str]:
    root = write_files(tmp_path / "v", {**FILES, "notelint.yaml": config, "a.md": text})
    previous = os.getcwd()
    os.chdir(root)
    try:
        code = main(["check", "--color", "never", "--no-cache"])
    finally:
        os.chdir(previous)
    lines = capsys.readouterr().out.splitlines()
    assert code in (0, 1)
    return [line for line in lines[:-1] if " not-canonical " not in line]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_unused_suppression(tmp_path, capsys, text, expected):
    assert lint(tmp_path, capsys, text) == expected


@pytest.mark.parametrize(
    ("yaml", "expected"), [c[1:] for c in MALFORMED], ids=[c[0] for c in MALFORMED]
)
def test_a_malformed_notelint_key_is_reported_where_it_is(tmp_path, capsys, yaml, expected):
    lines = lint(tmp_path, capsys, fm(yaml) + "[[Gone]]\n")
    dead = f"a.md:5:1: {DEAD}"  # a malformed key suppresses nothing
    assert lines == [*expected, dead]


def test_a_rule_that_is_not_enabled(tmp_path, capsys):
    text = "%% notelint-disable-next-line dead-wikilink, ambiguous-link %%\n[[Gone]]\n"
    config = "rules:\n  dead-wikilink: 'off'\n"
    assert lint(tmp_path, capsys, text, config) == [
        f"a.md:1:1: {U} 'notelint-disable-next-line dead-wikilink ambiguous-link':"
        " rule 'dead-wikilink' is not enabled; no ambiguous-link problem on line 2"
    ]


def test_unused_suppression_can_be_turned_off(tmp_path, capsys):
    text = "%% notelint-disable-next-line dead-wikilink %%\n[[Real]]\n%% notelint-shush %%\n"
    assert lint(tmp_path, capsys, text, "rules:\n  unused-suppression: 'off'\n") == []


def test_a_range_of_unused_suppression_silences_its_reports(tmp_path, capsys):
    text = (
        "%% notelint-disable unused-suppression %%\n"
        "%% notelint-disable-next-line dead-wikilink %%\n[[Real]]\n"
        "%% notelint-enable unused-suppression %%\n"
        "%% notelint-disable-next-line dead-wikilink %%\n[[Real]]\n"
    )
    assert lint(tmp_path, capsys, text) == [
        f"a.md:5:1: {U} 'notelint-disable-next-line dead-wikilink':"
        " no dead-wikilink problem on line 6"
    ]


def test_a_disable_without_names_does_not_silence_unused_suppression(tmp_path, capsys):
    text = "%% notelint-disable %%\n[[Gone]]\n%% notelint-disable-line dead-link %%\n"
    assert lint(tmp_path, capsys, text) == [
        f"a.md:3:1: {U} 'notelint-disable-line dead-link': no dead-link problem on line 3"
    ]


# --- fix --------------------------------------------------------------------------------------

FIXES = [
    (
        "a comment alone on its line goes with its line",
        "text\n%% notelint-disable-next-line dead-wikilink %%\n[[Real]]\n",
        "text\n[[Real]]\n",
    ),
    (
        "and a blank line, so that two do not meet",
        "text\n\n<!-- notelint-disable-next-line dead-wikilink -->\n\n[[Real]]\n",
        "text\n\n[[Real]]\n",
    ),
    (
        "at the end of the note",
        "text\n\n%% notelint-disable %%\n",
        "text\n",
    ),
    (
        "at the end of a line",
        "[[Real]] %% notelint-disable-line dead-wikilink %%\n",
        "[[Real]]\n",
    ),
    (
        "at the start of a line",
        "%% notelint-disable-line dead-wikilink %% [[Real]]\n",
        "[[Real]]\n",
    ),
    (
        "an unused name",
        "%% notelint-disable-next-line dead-wikilink, ambiguous-link %%\n[[Gone]]\n",
        "%% notelint-disable-next-line dead-wikilink %%\n[[Gone]]\n",
    ),
    (
        "an unused first name",
        "%% notelint-disable-next-line dead-link dead-wikilink %%\n[[Gone]]\n",
        "%% notelint-disable-next-line dead-wikilink %%\n[[Gone]]\n",
    ),
    (
        "two unused names of three",
        "%% notelint-disable-next-line dead-link, ambiguous-link, dead-wikilink %%\n[[Gone]]\n",
        "%% notelint-disable-next-line dead-wikilink %%\n[[Gone]]\n",
    ),
    (
        "a range with the enable that ends it",
        "a\n\n<!-- notelint-disable dead-wikilink -->\n\nb\n\n<!-- notelint-enable dead-wikilink -->\n\nc\n",
        "a\n\nb\n\nc\n",
    ),
    (
        "an enable that ends nothing",
        "a\n%% notelint-enable %%\n",
        "a\n",
    ),
    (
        "an unknown name",
        "%% notelint-disable-next-line dead-wikilink, dead-wikilnk %%\n[[Gone]]\n",
        "%% notelint-disable-next-line dead-wikilink %%\n[[Gone]]\n",
    ),
    (
        "an entry of the frontmatter key",
        fm("a: 1\nnotelint: {ignore: [dead-link, dead-wikilink]}\n") + "[[Gone]]\n",
        fm("a: 1\nnotelint: {ignore: [dead-wikilink]}\n") + "[[Gone]]\n",
    ),
    (
        "an entry of a block list",
        fm("notelint:\n  ignore:\n  - dead-wikilink\n  - dead-link\n") + "[[Gone]]\n",
        fm("notelint:\n  ignore:\n  - dead-wikilink\n") + "[[Gone]]\n",
    ),
    (
        "the whole key, with its comment",
        fm("a: 1\n# quiet, please\nnotelint:\n  ignore: [dead-link]\n# about z\nz: 2\n") + "x\n",
        fm("a: 1\n# about z\nz: 2\n") + "x\n",
    ),
    (
        "the whole key when it ignores all",
        fm("a: 1\nnotelint: {ignore: ALL}\n") + "x\n",
        fm("a: 1\n") + "x\n",
    ),
    (
        "a key holding more than ignore is left",
        fm("notelint: {ignore: [dead-link], why: draft}\n") + "x\n",
        fm("notelint: {ignore: [dead-link], why: draft}\n") + "x\n",
    ),
    (
        "a malformed key is left",
        fm("notelint: dead-link\n") + "x\n",
        fm("notelint: dead-link\n") + "x\n",
    ),
    (
        "code is not a directive, and is left",
        "`%% notelint-disable-line %%`\n",
        "`%% notelint-disable-line %%`\n",
    ),
]


def fix(root, *args: str) -> int:
    previous = os.getcwd()
    os.chdir(root)
    try:
        return main(["fix", "--color", "never", "--no-cache", *args])
    finally:
        os.chdir(previous)


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
@pytest.mark.parametrize(("before", "after"), [c[1:] for c in FIXES], ids=[c[0] for c in FIXES])
def test_fix(tmp_path, capsys, before, after, crlf):
    def encoded(text: str) -> bytes:
        return (text.replace("\n", "\r\n") if crlf else text).encode()

    root = write_files(tmp_path / "v", {**FILES, "notelint.yaml": "", "a.md": encoded(before)})
    assert fix(root, "a.md") == (1 if before != after else 0)
    assert (root / "a.md").read_bytes() == encoded(after)
    out = capsys.readouterr().out
    if before != after:
        assert out.startswith("a.md: fixed ")
        assert "(unused-suppression)" in out.splitlines()[0]
    else:  # a key fix cannot mend is still reported, only without a fix; code is not a key
        reported = [line for line in out.splitlines() if " unused-suppression " in line]
        assert bool(reported) == before.startswith("---\nnotelint:"), out
    assert fix(root, "a.md") == 0  # settled: nothing left to fix
    assert (root / "a.md").read_bytes() == encoded(after)
