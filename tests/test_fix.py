"""notelint fix: exact fixed output, every case also with CRLF endings and with a BOM, and
the promises around writing: nothing lost, nothing half-written, nothing touched needlessly."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import notelint.cache
import notelint.fix_command
from notelint.cli import main
from tests.conftest import (
    BASE_FILES,
    CONTENT_SCHEMA,
    GOOD_BODY,
    GOOD_YAML,
    imported_by,
    note,
    write_files,
)

SCHEMA = CONTENT_SCHEMA.replace(
    "      source: {type: str, required: true}",
    "      source: {type: str, required: true, default: Unknown}",
).replace(
    "      upload_date: {type: date, format: '%Y-%m-%d', required: true}",
    "      upload_date: {type: date, format: '%Y-%m-%d', required: true, aliases: [uploaded]}",
)


def with_(old: str, new: str) -> str:
    assert old in GOOD_YAML
    return GOOD_YAML.replace(old, new)


# The same note as JSON, keys at column 0 (Obsidian reads it; a block edit would break it).
JSON_YAML = """\
{
"link": "https://example.com/post",
"already_read": false,
"read_priority": 5,
"source": "Alpha Signal",
"tags": "AI_agent",
"type": "Content",
"upload_date": "2025-04-28"
}
"""

CASES = [
    ("already clean", note(), note()),
    ("quoted int", note(with_("read_priority: 5", "read_priority: '5'")), note()),
    ("quoted bool", note(with_("already_read: false", 'already_read: "false"')), note()),
    (
        "a lone string becomes a one-item list",
        note(with_("tags:\n- AI_agent\n- Large_Language_Model\n", "tags: AI_agent\n")),
        note(with_("tags:\n- AI_agent\n- Large_Language_Model\n", "tags:\n- AI_agent\n")),
    ),
    ("slashed date", note(with_("'2025-04-28'", "2025/04/28")), note()),
    ("an unquoted YAML date is quoted", note(with_("'2025-04-28'", "2025-04-28")), note()),
    (
        "strings plain where YAML allows",
        note(with_("source: Alpha Signal", 'source: "Alpha Signal"')),
        note(),
    ),
    (
        "then single quotes",
        note(with_("source: Alpha Signal", 'source: "a: b"\nsourcing: "yes"')),
        note(with_("source: Alpha Signal", "source: 'a: b'\nsourcing: 'yes'")),
    ),
    (
        "list items at the key's indentation",
        note(with_("- AI_agent\n- Large_Language_Model", "  - AI_agent\n  - Large_Language_Model")),
        note(),
    ),
    (
        "keys sorted, comments kept with their key",
        note(
            with_(
                "already_read: false\nlink: https://example.com/post\n",
                "# the source\nlink: https://example.com/post\nalready_read: false\n",
            )
        ),
        note(
            with_(
                "link: https://example.com/post\n", "# the source\nlink: https://example.com/post\n"
            )
        ),
    ),
    ("written-out date", note(with_("'2025-04-28'", "April 28, 2025")), note()),
    ("day first, day over 12", note(with_("'2025-04-28'", "28.04.2025")), note()),
    (
        "ambiguous date is left",
        note(with_("'2025-04-28'", "04.05.2025")),
        note(with_("'2025-04-28'", "04.05.2025")),
    ),
    ("a tag's leading #", note(with_("- AI_agent", "- '#AI_agent'")), note()),
    (
        "a repeated tag",
        note(with_("- Large_Language_Model", "- Large_Language_Model\n- AI_agent")),
        note(),
    ),
    (
        "a repeated tag in a flow list",
        note(
            with_("tags:\n- AI_agent\n- Large_Language_Model\n", "tags: [AI_agent, x, AI_agent]\n")
        ),
        note(with_("tags:\n- AI_agent\n- Large_Language_Model\n", "tags:\n- AI_agent\n- x\n")),
    ),
    (
        "a missing field with a default",
        note(with_("source: Alpha Signal\n", "")),
        note(with_("Alpha Signal", "Unknown")),
    ),
    ("an old field name", note(with_("upload_date:", "uploaded:")), note()),
    (
        "a missing section at the end",
        note(body=GOOD_BODY.replace("## Topics\n\n![[topics/Concept/Superposition]]\n", "")),
        note(body=GOOD_BODY.replace("\n![[topics/Concept/Superposition]]\n", "")),
    ),
    (
        "a missing section in the middle",
        note(body=GOOD_BODY.replace("## Summary\n\nA short summary.\n\n", "")),
        note(body=GOOD_BODY.replace("## Summary\n\nA short summary.\n\n", "## Summary\n\n")),
    ),
    (
        "comments and unknown keys survive, next to their keys",
        note(
            with_(
                "read_priority: 5",
                "read_priority: '5' # was a string\n# about colour\ncolour: blue  # mine",
            )
        ),
        note(
            with_(
                "already_read: false\n",
                "already_read: false\n# about colour\ncolour: blue  # mine\n",
            ).replace("read_priority: 5", "read_priority: 5 # was a string")
        ),
    ),
    (
        "JSON-style frontmatter: value fixes only, no block edits inside the braces",
        note(JSON_YAML.replace('"read_priority": 5', '"read_priority": "5"')),
        note(JSON_YAML),
    ),
    (
        "JSON-style frontmatter: no default inserted, no list made, no keys moved",
        note(JSON_YAML.replace('"source": "Alpha Signal",\n', "")),
        note(JSON_YAML.replace('"source": "Alpha Signal",\n', "")),
    ),
]


# Marks of the cases that leave a problem no fix can mend: fix exits 1 on them.
UNFIXABLE = ("04.05", '"tags": "AI_agent"')


def variant(text: str, kind: str) -> bytes:
    if kind == "crlf":
        return text.replace("\n", "\r\n").encode()
    if kind == "bom":
        return b"\xef\xbb\xbf" + text.encode()
    return text.encode()


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_files(tmp_path / "vault", {**BASE_FILES, "notelint.yaml": SCHEMA})


def fix(root: Path, *args: str) -> int:
    previous = Path.cwd()
    os.chdir(root)
    try:
        return main(["fix", "--color", "never", *args])
    finally:
        os.chdir(previous)


@pytest.mark.parametrize("kind", ["lf", "crlf", "bom"])
@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_fix_table(vault, capsys, before, after, kind):
    (vault / "a.md").write_bytes(variant(before, kind))
    code = fix(vault, "a.md")
    assert (vault / "a.md").read_bytes() == variant(after, kind)
    left = any(mark in before for mark in UNFIXABLE)
    assert code == (0 if before == after and not left else 1)
    capsys.readouterr()
    assert fix(vault, "a.md") in (0, 1)  # a second run changes nothing
    assert (vault / "a.md").read_bytes() == variant(after, kind)


def test_output_says_what_changed_and_what_is_left(vault, capsys):
    (vault / "a.md").write_text(note(with_("read_priority: 5", "read_priority: '9'")))
    assert fix(vault) == 1
    assert capsys.readouterr().out.splitlines() == [
        "a.md: fixed 1 (wrong-type)",
        "a.md:4:1: out-of-range read_priority is 9, expected 1 to 5",
        "Fixed 1 problem in 1 of 2 notes; 1 left.",
    ]


TOPICLESS = note(body="\nhttps://example.com/post\n\n## Summary\n\nA short summary.\n")


@pytest.mark.parametrize("searched", [True, False])  # too many names: each note's read
@pytest.mark.parametrize("warm", [False, True])
@pytest.mark.parametrize("dry_run", [[], ["--check"]])
def test_what_is_left_is_after_the_fixes_of_the_notes_it_asked(
    vault, capsys, monkeypatch, dry_run, warm, searched
):
    # A fix that adds the section another note's anchor points to ends that problem too.
    monkeypatch.setattr(notelint.cache, "_MAX_TOKENS", 64 if searched else 0)
    write_files(vault, {"content/b.md": TOPICLESS, "c.md": "See [[b#Topics]], [[b#Nope]].\n"})
    if warm:
        assert main(["check", str(vault)]) == 1  # c's answers come from the cache
    capsys.readouterr()
    assert fix(vault, *dry_run) == 1
    verb = "Would fix" if dry_run else "Fixed"
    assert capsys.readouterr().out.splitlines() == [
        *([] if dry_run else ["content/b.md: fixed 1 (missing-section)"]),
        "c.md:1:19: dead-anchor [[b#Nope]]: no heading 'Nope' in content/b.md",
        f"{verb} 1 problem in 1 of 3 notes; 1 left.",
    ]


@pytest.mark.parametrize("dry_run", [[], ["--check"]])
def test_what_is_left_of_a_fixed_note_is_after_the_fixes_after_it(vault, capsys, dry_run):
    # a.md is fixed first (blank lines), then content/b.md gets the section a.md points to.
    write_files(vault, {"content/b.md": TOPICLESS, "a.md": "See [[b#Topics]].\n\n\n\nmore\n"})
    assert fix(vault, *dry_run) == 1
    assert capsys.readouterr().out.splitlines()[-1].endswith("in 2 of 3 notes; 0 left.")


@pytest.mark.parametrize("dry_run", [[], ["--check"]])
def test_what_is_left_after_a_fix_gives_a_note_a_unique_value(tmp_path, capsys, dry_run):
    # a.md's old key `url` becomes `link`: b.md's link, first until then, is now a duplicate.
    schema = SCHEMA.replace("unique: true}", "unique: true, aliases: [url]}")
    same = "link: https://example.com/same"
    files = {"a.md": note(with_("link: https://example.com/post", same.replace("link", "url")))}
    files["b.md"] = note(with_("link: https://example.com/post", same))
    root = write_files(tmp_path / "vault", {**BASE_FILES, "notelint.yaml": schema, **files})
    assert fix(root, *dry_run) == 1
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "b.md:3:1: duplicate-value link 'https://example.com/same' is already used by a.md",
        f"{'Would fix' if dry_run else 'Fixed'} 3 problems in 1 of 3 notes; 1 left.",
    ]


def test_what_is_left_when_the_cache_lost_its_details(vault, capsys):
    # c.md's questions cannot be read from the cache, and b's fix reads c again as the target
    # of its link (for its facts only): c is checked again all the same.
    b = TOPICLESS.replace("A short summary.", "A short summary, see [[c#Intro]].")
    write_files(vault, {"content/b.md": b, "c.md": "# Intro\n\nSee [[b#Topics]].\n"})
    assert fix(vault, "--check") == 1
    for details in (vault / ".notelint_cache").rglob("*.details"):
        details.unlink()
    capsys.readouterr()
    assert fix(vault) == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/b.md: fixed 1 (missing-section)",
        "Fixed 1 problem in 1 of 3 notes; 0 left.",
    ]


def test_diff_and_check_write_nothing(vault, capsys):
    path = vault / "a.md"
    path.write_text(note(with_("read_priority: 5", "read_priority: '5'")))
    before = path.stat()
    assert fix(vault, "--diff") == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "--- a.md",
        "+++ a.md",
        "@@ -1,7 +1,7 @@",
        " ---",
        " already_read: false",
        " link: https://example.com/post",
        "-read_priority: '5'",
        "+read_priority: 5",
        " relevance: 0",
        " source: Alpha Signal",
        " tags:",
    ]
    assert err == "Would fix 1 problem in 1 of 2 notes; 0 left.\n"
    assert fix(vault, "--check") == 1
    assert path.stat().st_mtime_ns == before.st_mtime_ns


def test_unchanged_files_keep_their_mtime(vault):
    path = vault / "a.md"
    path.write_text(note())
    os.utime(path, (0, 0))
    assert fix(vault) == 0
    assert path.stat().st_mtime == 0


def test_mode_and_owner_are_kept(vault):
    path = vault / "a.md"
    path.write_text(note(with_("read_priority: 5", "read_priority: '5'")))
    path.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(path, 1234, 1234)
    fix(vault)
    info = path.stat()
    assert path.read_text() == note()
    assert oct(info.st_mode & 0o777) == "0o640"
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (1234, 1234)
    assert not list(vault.glob(".*.notelint.tmp"))


def test_unreadable_frontmatter_is_never_rewritten(vault, capsys):
    broken = "---\nread_priority: '5'\ntitle: a: b\n---\nbody\n"
    (vault / "a.md").write_text(broken)
    (vault / "b.md").write_bytes(b"caf\xe9\n")
    assert fix(vault) == 1
    assert (vault / "a.md").read_text() == broken
    assert (vault / "b.md").read_bytes() == b"caf\xe9\n"
    out = capsys.readouterr().out
    assert "a.md:3:9: frontmatter-syntax" in out and "b.md:1:1: unreadable-file" in out


def test_a_symlink_is_written_through(vault):
    (vault / "real.md").write_text(note(with_("read_priority: 5", "read_priority: '5'")))
    (vault / "link.md").symlink_to("real.md")
    fix(vault, "link.md")
    assert (vault / "link.md").is_symlink()
    assert (vault / "real.md").read_text() == note()


def test_a_hard_link_is_not_split(vault, capsys):
    text = note(with_("read_priority: 5", "read_priority: '5'"))
    (vault / "a.md").write_text(text)
    os.link(vault / "a.md", vault / "b.md")
    assert fix(vault, "a.md") == 2
    assert (vault / "a.md").read_text() == text
    assert "a.md: not written: hard-linked file" in capsys.readouterr().err


def test_a_note_changed_since_it_was_read_is_left(vault, capsys, monkeypatch):
    import notelint.fix_command as fix_command

    path = vault / "a.md"
    path.write_text(note(with_("read_priority: 5", "read_priority: '5'")))
    real = fix_command.write_atomically

    def meanwhile(target, data, stamp):
        path.write_text("edited by the user meanwhile\n")
        return real(target, data, stamp)

    monkeypatch.setattr(fix_command, "write_atomically", meanwhile)
    assert fix(vault) == 2
    assert path.read_text() == "edited by the user meanwhile\n"
    assert "changed on disk since it was read" in capsys.readouterr().err


@pytest.fixture
def broken_rule(monkeypatch):
    """Puts a broken rule in a real one's place, through the registry: the one seam a build
    with compiled modules (setup.py) shares with the Python one."""
    from notelint import check, rules

    def install(rule_id: str, check_note) -> None:
        broken = ModuleType(f"broken_{rule_id}")  # a rule is a module
        broken.ID, broken.FIXABLE, broken.check = rule_id, True, check_note
        broken.SEVERITY = rules.RULES_BY_ID[rule_id].SEVERITY
        monkeypatch.setitem(rules.RULES_BY_ID, rule_id, broken)
        check._rules_named.cache_clear()

    yield install
    check._rules_named.cache_clear()


def test_the_safety_check_refuses_a_harmful_fix(vault, capsys, broken_rule):
    from notelint.diagnostics import Edit, Fix

    path = vault / "a.md"
    text = note(with_("read_priority: 5", "read_priority: '5'"))
    path.write_text(text)
    # a broken rule whose fix also deletes the `link` line
    start = text.index("link:")
    end = text.index("\n", start) + 1

    def coerce_and_delete(note, context):
        if note.text == text:  # once fixed, it finds nothing
            span = note.span(text.index("'5'"), text.index("'5'") + 3)
            message = "read_priority is a string, expected an integer"
            yield context.diagnostic("wrong-type", span, message, fix=Fix((Edit(start, end, ""),)))

    broken_rule("wrong-type", coerce_and_delete)
    assert fix(vault) == 123
    assert path.read_text() == text
    err = capsys.readouterr().err
    assert "a.md: internal safety check failed (the fix removed the field 'link')" in err
    assert "Please report it with" in err


def test_the_safety_check_refuses_a_layout_fix_that_changes_the_html(vault, capsys, broken_rule):
    from notelint.diagnostics import Edit, Fix

    path = vault / "a.md"
    text = note(GOOD_YAML, GOOD_BODY.replace("A short summary.", "A short summary. "))
    path.write_text(text)
    # a broken layout fix that also changes a word
    broken = GOOD_BODY.replace("A short summary.", "A shorter summary.")

    def relayout_and_reword(note, context):
        if note.text[note.body_start :] != broken:  # once fixed, it finds nothing
            fix = Fix((Edit(note.body_start, len(note.text), broken),))
            message = "not in the canonical layout: trailing whitespace"
            yield context.diagnostic("not-canonical", note.line_span(1), message, fix=fix)

    broken_rule("not-canonical", relayout_and_reword)
    assert fix(vault) == 123
    assert path.read_text() == text
    err = capsys.readouterr().err
    assert "the fixed body renders to other HTML than the original" in err


def test_a_fix_of_the_frontmatter_alone_renders_no_html(vault):
    """The safety check compares the body's HTML only if a fix changed the body."""
    (vault / "a.md").write_text(note(with_("read_priority: 5", "read_priority: '5'")))
    assert imported_by(vault, ["fix", "a.md"], ["markdown_it"]) == (1, [])
    assert "read_priority: 5\n" in (vault / "a.md").read_text()


def run_stdin(vault: Path, data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "notelint", "fix", "-", "--stdin-filename", "a.md", *args]
    return subprocess.run(command, cwd=vault, input=data, capture_output=True, timeout=120)


@pytest.mark.parametrize("kind", ["lf", "crlf", "bom"])
def test_stdin_gives_the_fixed_note(vault, kind):
    result = run_stdin(vault, variant(note(with_("read_priority: 5", "read_priority: '5'")), kind))
    assert (result.stdout, result.returncode) == (variant(note(), kind), 1)
    clean = run_stdin(vault, variant(note(), kind))
    assert (clean.stdout, clean.returncode, clean.stderr) == (variant(note(), kind), 0, b"")


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        (b"---\ntitle: a: b\n---\n", 1, b"a.md:2:9: frontmatter-syntax"),
        (b"caf\xe9\n", 2, b"notelint: error: a.md: not UTF-8: invalid byte 0xE9 at offset 3"),
        (b"", 0, b""),
    ],
)
def test_stdin_gives_the_input_back_when_it_cannot_fix(vault, data, code, message):
    result = run_stdin(vault, data)
    assert (result.stdout, result.returncode) == (data, code)
    assert message in result.stderr


def test_stdin_with_a_bad_config_gives_the_input_back(vault):
    (vault / "notelint.yaml").write_text("types: [\n")
    result = run_stdin(vault, b"anything\n")
    assert (result.stdout, result.returncode) == (b"anything\n", 2)
    assert b"invalid YAML" in result.stderr


FIXABLE_CHANGES = [
    ("read_priority: 5", "read_priority: '4'"),
    ("already_read: false", "already_read: 'true'"),
    ("'2025-04-28'", "2025/04/28"),
    ("'2025-04-28'", "March 3, 2025"),
    ("- AI_agent", "- '#AI_agent'"),
    ("- Large_Language_Model", "- Large_Language_Model\n- AI_agent"),
    ("source: Alpha Signal\n", ""),
    ("upload_date:", "uploaded:"),
    ("relevance: 0", "relevance: 0 # note\n# between\nextra: [1, 2]"),
]


# Suppressions, used or not, in the body and the frontmatter (the key suppresses some of the
# fixable changes above, which must then stay as they are).
SUPPRESSIONS = [
    ("## Summary\n", "%% notelint-disable-next-line heading-level %%\n## Summary\n"),
    ("## Links\n", "<!-- notelint-disable-next-line heading-level -->\n### Links\n"),
    ("A short summary.", "A short summary. %% notelint-disable-line dead-wikilink, x %%"),
    ("A short summary.", "A [[Gone]] summary. <!-- notelint-disable-line dead-wikilink -->"),
    ("\n## Links", "\n%% notelint-disable dead-link %%\n\n## Links"),
    ("## Topics\n", "<!-- notelint-enable -->\n\n## Topics\n"),
    ("Superposition]]\n", "Superposition]]\n\n%% notelint-disable-next-line %%\n"),
    ("type: Content", "notelint: {ignore: [wrong-type, dead-link]}\ntype: Content"),
    ("type: Content", "notelint:\n  ignore:\n  - bad-date\ntype: Content"),
]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from(FIXABLE_CHANGES), unique_by=lambda change: change[0], max_size=5),
    st.booleans(),
    st.lists(st.sampled_from(SUPPRESSIONS), unique_by=lambda change: change[0], max_size=3),
)
def test_fix_is_idempotent_and_leaves_nothing_fixable(
    tmp_path_factory, changes, drop_topics, suppressions
):
    vault = write_files(tmp_path_factory.mktemp("v"), {**BASE_FILES, "notelint.yaml": SCHEMA})
    yaml = GOOD_YAML
    body = GOOD_BODY.replace("## Topics\n", "") if drop_topics else GOOD_BODY
    for old, new in suppressions:
        if old in yaml:
            yaml = yaml.replace(old, new, 1)
        body = body.replace(old, new, 1)
    for old, new in changes:
        yaml = yaml.replace(old, new, 1)
    (vault / "a.md").write_text(note(yaml, body))
    assert fix(vault) in (0, 1)  # never refused by the safety check
    once = (vault / "a.md").read_text()
    assert fix(vault) in (0, 1)
    assert (vault / "a.md").read_text() == once
    output = io.StringIO()
    previous = Path.cwd()
    os.chdir(vault)
    try:
        with contextlib.redirect_stdout(output):
            main(["check", "--format", "json"])
    finally:
        os.chdir(previous)
    assert not [item for item in json.loads(output.getvalue()) if item["fixable"]]
    ignored = " ".join(new for _, new in suppressions if new.startswith("notelint"))
    for _, new in changes:
        rule = SUPPRESSED_BY.get(new)
        if rule is not None and rule in ignored:
            assert new in once  # the note's key turned the rule off, so its fix did not apply


# Lines of other blocks, dropped anywhere in the body: fences left open, quotes, HTML, lists
BODY_LINES = [
    *("", "text", "text  ", "#tag", "# Top", "### Deep", "## Notes", "## Topics", "## Summary"),
    *("- item", "-", "  ```", "```", "~~~", "> quote", "> > nested", "    - deep", "<div>"),
    *("<!--", "%%", "$$", "Setext", "===", "---", "[[Gone]]", "\u3000", "\xa0", "\t- tab"),
]


@settings(max_examples=150, deadline=None, derandomize=True)
@example([(6, "\u3000")], True)  # after a paragraph: the same HTML, so only `lost` sees it
@given(
    st.lists(st.tuples(st.integers(0, 20), st.sampled_from(BODY_LINES)), max_size=6),
    st.booleans(),
)
def test_a_whole_fix_is_never_refused_and_settles(tmp_path_factory, insertions, final_newline):
    """Every fix, the unsafe ones too, on a note with other blocks about its sections: the
    safety check never has to refuse it, no word of the body is lost (a line of U+3000 is
    one; `#` is not, as heading levels change), and a second run changes nothing."""
    vault = write_files(tmp_path_factory.mktemp("v"), {**BASE_FILES, "notelint.yaml": SCHEMA})
    lines = GOOD_BODY.split("\n")
    for position, line in insertions:
        lines.insert(min(position, len(lines)), line)
    body = "\n".join(lines) if final_newline else "\n".join(lines).rstrip("\n")
    (vault / "a.md").write_text(note(GOOD_YAML, body))
    assert fix(vault, "--unsafe-fixes") in (0, 1)
    once = (vault / "a.md").read_text()
    lost = words(body) - words(once.split("\n---\n", 1)[1])  # (missing sections are added)
    assert not lost
    assert fix(vault, "--unsafe-fixes") in (0, 1)
    assert (vault / "a.md").read_text() == once


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[^ \t\n#]+", text))


# Which rule's fix mends each change, for the changes a SUPPRESSIONS key can turn off.
SUPPRESSED_BY = {
    "read_priority: '4'": "wrong-type",
    "already_read: 'true'": "wrong-type",
    "2025/04/28": "bad-date",
    "March 3, 2025": "bad-date",
}


def test_a_suppression_another_fix_gives_work_is_kept(vault):
    """Under its old name the date is not checked, so the key's bad-date looks unused; once
    the name is fixed it suppresses the date's problem, so it stays, and so does the date."""
    yaml = with_("read_priority: 5", "notelint: {ignore: [bad-date]}\nread_priority: 5")
    yaml = yaml.replace("upload_date: '2025-04-28'", "uploaded: 2025/04/28")
    (vault / "a.md").write_text(note(yaml))
    assert fix(vault, "a.md") == 1  # it fixed something
    assert (vault / "a.md").read_text() == note(yaml.replace("uploaded:", "upload_date:"))


def test_a_moved_note_is_relinked_only_with_unsafe_fixes(vault, capsys):
    text = note(
        body=GOOD_BODY.replace("topics/Concept/Superposition", "topics/Old/Superposition|s")
    )
    (vault / "a.md").write_text(text)
    assert fix(vault, "a.md") == 1
    assert (vault / "a.md").read_text() == text
    assert "it may have moved to 'topics/Concept/Superposition'" in capsys.readouterr().out
    assert fix(vault, "a.md", "--unsafe-fixes") == 1
    assert (vault / "a.md").read_text() == text.replace(
        "topics/Old/Superposition|s", "topics/Concept/Superposition|s"
    )


def test_sections_are_moved_into_order_only_with_unsafe_fixes(vault):
    summary = "## Summary\n\nA short summary.\n\n### Detail\n\nmore\n\n"
    links = "## Links\n\n- [A paper](https://example.org/paper) : why it matters.\n\n"
    extra = "## Notes\n\nmine\n\n"
    topics = "## Topics\n\n![[topics/Concept/Superposition]]\n"
    text = note(body="\n" + topics + "\n" + extra + links + summary.rstrip("\n") + "\n")
    (vault / "a.md").write_text(text)
    assert fix(vault, "a.md") == 1
    assert (vault / "a.md").read_text() == text
    fix(vault, "a.md", "--unsafe-fixes")
    assert (vault / "a.md").read_text() == note(body="\n" + summary + extra + links + topics)


def test_a_suppression_key_removed_before_a_document_end(vault):
    """What is left is `...` alone: an empty document, which the fixed note must read as."""
    text = note("notelint: {ignore: [no-such-rule]}\n...\n")
    (vault / "a.md").write_text(text)
    assert fix(vault, "a.md") == 1
    assert (vault / "a.md").read_text() == note("...\n")


def test_sections_are_not_moved_after_a_fence_left_open(vault, capsys):
    """Moved after `## Links`, whose fence runs to the end, `## Topics` would be code, and its
    embed gone: the section is reported, with no fix."""
    summary = "## Summary\n\nA short summary.\n\n"
    topics = "## Topics\n\n![[topics/Concept/Superposition]]\n\n"
    links = "## Links\n\n```\nnever closed\n"
    text = note(body="\n" + summary + topics + links)
    (vault / "a.md").write_text(text)
    assert fix(vault, "a.md", "--unsafe-fixes") == 1
    assert (vault / "a.md").read_text() == text
    out = capsys.readouterr().out
    assert "a.md:18:1: section-order section '## Topics' is out of order" in out


def test_a_moved_section_takes_the_comment_over_its_heading(vault):
    """A `notelint-disable-next-line` is about the heading below it (the next line that is not
    blank): it moves with it."""
    summary = "## Summary\n\nA short summary.\n\n"
    links = "%% notelint-disable-next-line heading-level %%\n### Links\n\n- [A](https://a.org)\n\n"
    topics = "## Topics\n\n![[topics/Concept/Superposition]]\n"
    (vault / "a.md").write_text(note(body="\n" + links + summary + topics))
    fix(vault, "a.md", "--unsafe-fixes")
    laid_out = links.replace("%%\n###", "%%\n\n###")  # a blank line before every heading
    assert (vault / "a.md").read_text() == note(body="\n" + summary + laid_out + topics)


def test_a_moved_section_leaves_a_range_directive_where_it_is(vault):
    """A `notelint-enable` over a heading ends the range above it: the section under it
    moves, the range stays as the note wrote it."""
    summary = "## Summary\n\nA short summary.\n\n"
    ranged = "%% notelint-disable dead-wikilink %%\n\n[[Nowhere]]\n\n%% notelint-enable %%\n\n"
    links = "## Links\n\n- [A](https://a.org)\n\n"
    topics = "## Topics\n\n![[topics/Concept/Superposition]]\n"
    (vault / "a.md").write_text(note(body="\n" + ranged + links + summary + topics))
    fix(vault, "a.md", "--unsafe-fixes")
    assert (vault / "a.md").read_text() == note(body="\n" + ranged + summary + links + topics)


# Regressions found by running fix over copies of shared/corpus


def test_mixed_line_endings_are_not_rewritten(vault, capsys):
    data = (
        note(with_("read_priority: 5", "read_priority: '5'"))
        .encode()
        .replace(b"link:", b"link:", 1)
    )
    data = data.replace(b"\n", b"\r\n", 3)  # CRLF first, LF after
    (vault / "a.md").write_bytes(data)
    assert fix(vault, "a.md") == 2
    assert (vault / "a.md").read_bytes() == data
    assert "mixed line endings" in capsys.readouterr().err
    mixed_clean = variant(note(), "crlf").replace(b"\r\n", b"\n", 1)
    stdin = run_stdin(vault, mixed_clean)
    assert (stdin.stdout, stdin.returncode) == (mixed_clean, 0)


def test_two_old_names_of_one_field_are_not_both_renamed(tmp_path):
    config = SCHEMA.replace("aliases: [uploaded]", "aliases: [uploaded, posted]")
    root = write_files(tmp_path / "v", {**BASE_FILES, "notelint.yaml": config})
    text = note(with_("upload_date: '2025-04-28'", "posted: '2025-04-28'\nuploaded: '2025-04-28'"))
    (root / "a.md").write_text(text)
    fix(root, "a.md")
    assert "upload_date" not in (root / "a.md").read_text()


def test_a_hash_in_prose_or_across_lines_is_kept(tmp_path):
    config = "types:\n  N:\n    fields:\n      q: {type: str, pattern: '^[a-z]'}\n"
    root = write_files(tmp_path / "v", {"notelint.yaml": config})
    text = "---\nq: '#x and #y'\nr: 1\ntype: N\n---\n"
    (root / "a.md").write_text(text)
    assert fix(root, "a.md") == 1
    assert (root / "a.md").read_text() == text


def test_a_missing_field_with_a_default_in_a_note_without_frontmatter(vault):
    (vault / "topics" / "x.md").write_text("# X\n")
    config = SCHEMA.replace(
        "      aliases: {type: list}", "      domain: {type: str, required: true, default: physics}"
    )
    (vault / "notelint.yaml").write_text(config)
    assert fix(vault, "topics/x.md") == 1
    assert (vault / "topics" / "x.md").read_text() == "---\ndomain: physics\n---\n\n# X\n"


def test_an_unclosed_fence_at_the_end_gets_no_section_and_no_refusal(vault, capsys):
    text = note(
        body=GOOD_BODY.replace("## Topics\n\n![[topics/Concept/Superposition]]\n", "```\ncode\n")
    )
    (vault / "a.md").write_text(text)
    assert fix(vault, "a.md") == 1
    assert "missing-section" in capsys.readouterr().out
    assert (vault / "a.md").read_text() == text


def test_a_repeated_block_scalar_item_is_removed_cleanly(vault):
    text = note(with_("- Large_Language_Model", "- Large_Language_Model\n- >-\n  AI_agent"))
    (vault / "a.md").write_text(text)
    fix(vault, "a.md")
    assert (vault / "a.md").read_text() == note()


def test_a_new_key_goes_above_the_comment_of_the_key_after_it(vault):
    text = note(
        with_("source: Alpha Signal\n", "# where it came from\n").replace(
            "tags:", "# the topics\ntags:"
        )
    )
    (vault / "a.md").write_text(text)
    fix(vault, "a.md")
    assert (
        "source: Unknown\n# where it came from\n# the topics\ntags:" in (vault / "a.md").read_text()
    )


def test_a_diff_of_a_note_without_a_final_newline_is_a_clean_patch(vault, capsys):
    (vault / "a.md").write_text(note().rstrip("\n"))
    fix(vault, "--diff", "a.md")
    out = capsys.readouterr().out
    assert out.endswith(
        "-![[topics/Concept/Superposition]]\n\\ No newline at end of file\n+![[topics/Concept/Superposition]]\n"
    )


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the shared corpus is only in the development checkout"
)
@pytest.mark.parametrize(
    "vault_name",
    [
        "obsidian-help/en",
        "kepano-obsidian",
        "obsidian-tasks-docs",
        "mdformat-fixtures",
        "obsidian-linter-fixtures",
    ],
)
def test_fix_on_a_copy_of_a_real_vault_is_safe_and_settles(tmp_path, capsys, vault_name):
    """Every note of a real vault: no refusal, no crash, a second run changes nothing, and
    what could not be read is byte for byte as it was. (The linter's fixtures hold notes with
    mixed line endings, which are never written: exit 2, and that reason alone.)"""
    copy = tmp_path / "vault"
    shutil.copytree(CORPUS / vault_name, copy, symlinks=True)
    for path in copy.rglob("*"):
        path.chmod(path.stat().st_mode | 0o200)
    before = {path: path.read_bytes() for path in copy.rglob("*.md")}
    for run in ("first", "second"):
        code = fix(copy)
        output = capsys.readouterr()
        errors = [line for line in output.err.splitlines() if line.startswith("notelint: error")]
        assert all("not written: mixed line endings" in line for line in errors), errors
        assert code in ((0, 1) if not errors else (2,)), run
        if run == "first":
            after = {path: path.read_bytes() for path in copy.rglob("*.md")}
    assert {path: path.read_bytes() for path in copy.rglob("*.md")} == after
    assert "Fixed 0 problems" in output.out
    assert not list(copy.rglob("*.notelint.tmp"))
    for path, data in before.items():
        if data.startswith(b"---") and b"{{" in data.split(b"\n---", 1)[0]:
            assert after[path] == data  # templates are never rewritten
