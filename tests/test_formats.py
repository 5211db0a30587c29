"""Every --output-format on one small vault, exactly as users get it, plus -o, --statistics,
--exit-zero and NOTELINT_OUTPUT_FORMAT. SARIF is checked against the official 2.1.0 schema and
the GitLab report against the shape GitLab documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest

from notelint.diagnostics import Diagnostic, Edit, Fix, Severity, Span
from notelint.formats import FORMATS, load
from notelint.formats.context import Context
from notelint.rules import RULES_BY_ID
from tests.conftest import CONTENT_SCHEMA, TOPIC, check_in_folder, note, rule_docstring, write_files

DATA = Path(__file__).parent / "data"

BAD = """\
---
already_read: false
link: https://example.com/other
read_priority: 5
source: Alpha Signal
type: Content
upload_date: 14/03/2025
---

## Summary

See [[ideas/Old Idea]] and [[Nowhere]].

## Topics

![[topics/Concept/Superposition]]
"""

CONCISE = """\
bad.md:7:1: bad-date upload_date is '14/03/2025', expected a date like '2025-04-28' (%Y-%m-%d)
bad.md:12:5: dead-wikilink [[ideas/Old Idea]] does not resolve: no file 'ideas/Old Idea.md' in the vault; it may have moved to 'archive/Old Idea'
bad.md:12:28: dead-wikilink [[Nowhere]] does not resolve: no file named 'Nowhere.md' in the vault
"""
SUMMARY = "Found 3 problems in 1 of 4 notes (1 error, 2 warnings).\n"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A clean note, and one with a safe fix (an error), an unsafe fix and no fix (warnings)."""
    return write_files(
        tmp_path / "vault",
        {
            "notelint.yaml": CONTENT_SCHEMA,
            "topics/Concept/Superposition.md": TOPIC,
            "archive/Old Idea.md": "# Old Idea\n",
            "good.md": note(),
            "bad.md": BAD,
        },
    )


def check(vault: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return check_in_folder(vault, capsys, *args)


def test_concise_is_the_default(vault, capsys):
    assert check(vault, capsys) == (1, CONCISE + SUMMARY, "")
    assert check(vault, capsys, "--output-format", "concise") == (1, CONCISE + SUMMARY, "")


def test_full_shows_the_lines_with_carets_and_the_fixes(vault, capsys):
    expected = """\
bad.md:7:1: bad-date upload_date is '14/03/2025', expected a date like '2025-04-28' (%Y-%m-%d)
  |
7 | upload_date: 14/03/2025
  | ^^^^^^^^^^^
  |
  = safe fix:
7 - upload_date: 14/03/2025
7 + upload_date: '2025-03-14'

bad.md:12:5: dead-wikilink [[ideas/Old Idea]] does not resolve: no file 'ideas/Old Idea.md' in the vault; it may have moved to 'archive/Old Idea'
   |
12 | See [[ideas/Old Idea]] and [[Nowhere]].
   |     ^^^^^^^^^^^^^^^^^^
   |
   = unsafe fix (with --unsafe-fixes):
12 - See [[ideas/Old Idea]] and [[Nowhere]].
12 + See [[archive/Old Idea]] and [[Nowhere]].

bad.md:12:28: dead-wikilink [[Nowhere]] does not resolve: no file named 'Nowhere.md' in the vault
   |
12 | See [[ideas/Old Idea]] and [[Nowhere]].
   |                            ^^^^^^^^^^^
   |

"""
    assert check(vault, capsys, "--output-format", "full") == (1, expected + SUMMARY, "")


JSON_ITEMS = [
    {
        "path": "bad.md",
        "line": 7,
        "column": 1,
        "end_line": 7,
        "end_column": 12,
        "rule": "bad-date",
        "severity": "error",
        "message": "upload_date is '14/03/2025', expected a date like '2025-04-28' (%Y-%m-%d)",
        "fixable": True,
        "fix": {
            "applicability": "safe",
            "edits": [
                {
                    "line": 7,
                    "column": 14,
                    "end_line": 7,
                    "end_column": 24,
                    "content": "'2025-03-14'",
                }
            ],
        },
    },
    {
        "path": "bad.md",
        "line": 12,
        "column": 5,
        "end_line": 12,
        "end_column": 23,
        "rule": "dead-wikilink",
        "severity": "warning",
        "message": "[[ideas/Old Idea]] does not resolve: no file 'ideas/Old Idea.md' in the vault;"
        " it may have moved to 'archive/Old Idea'",
        "fixable": True,
        "fix": {
            "applicability": "unsafe",
            "edits": [
                {
                    "line": 12,
                    "column": 7,
                    "end_line": 12,
                    "end_column": 21,
                    "content": "archive/Old Idea",
                }
            ],
        },
    },
    {
        "path": "bad.md",
        "line": 12,
        "column": 28,
        "end_line": 12,
        "end_column": 39,
        "rule": "dead-wikilink",
        "severity": "warning",
        "message": "[[Nowhere]] does not resolve: no file named 'Nowhere.md' in the vault",
        "fixable": False,
        "fix": None,
    },
]


def test_json_is_a_list_of_problems_with_their_fixes(vault, capsys):
    code, out, err = check(vault, capsys, "--output-format", "json")
    assert (code, err) == (1, "")
    assert out == json.dumps(JSON_ITEMS, indent=2, ensure_ascii=False) + "\n"


def test_json_lines_has_the_same_objects_one_a_line(vault, capsys):
    code, out, err = check(vault, capsys, "--output-format", "json-lines")
    assert (code, err) == (1, "")
    assert out == "".join(
        json.dumps(item, separators=(",", ":"), ensure_ascii=False) + "\n" for item in JSON_ITEMS
    )
    assert out.startswith('{"path":"bad.md","line":7,"column":1,"end_line":7,"end_column":12,')


def test_github_annotations(vault, capsys):
    assert check(vault, capsys, "--output-format", "github") == (
        1,
        "::error file=bad.md,line=7,col=1,endLine=7,endColumn=12,title=notelint (bad-date)::"
        "upload_date is '14/03/2025', expected a date like '2025-04-28' (%25Y-%25m-%25d)\n"
        "::warning file=bad.md,line=12,col=5,endLine=12,endColumn=23,title=notelint (dead-wikilink)::"
        "[[ideas/Old Idea]] does not resolve: no file 'ideas/Old Idea.md' in the vault;"
        " it may have moved to 'archive/Old Idea'\n"
        "::warning file=bad.md,line=12,col=28,endLine=12,endColumn=39,title=notelint (dead-wikilink)::"
        "[[Nowhere]] does not resolve: no file named 'Nowhere.md' in the vault\n",
        "",
    )


# The Code Quality report as GitLab documents it (docs.gitlab.com, "Code Quality report
# format"): a single JSON array; each object has at least these properties.
GITLAB_CODE_QUALITY = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string"},
            "check_name": {"type": "string"},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path"],
                "properties": {"path": {"type": "string", "pattern": "^(?!\\./)(?!/)"}},
                "anyOf": [
                    {
                        "required": ["lines"],
                        "properties": {
                            "lines": {
                                "type": "object",
                                "required": ["begin"],
                                "properties": {"begin": {"type": "integer"}},
                            }
                        },
                    },
                    {
                        "required": ["positions"],
                        "properties": {
                            "positions": {
                                "type": "object",
                                "required": ["begin"],
                                "properties": {
                                    "begin": {
                                        "type": "object",
                                        "required": ["line"],
                                        "properties": {"line": {"type": "integer"}},
                                    }
                                },
                            }
                        },
                    },
                ],
            },
        },
    },
}


def gitlab_issue(message: str, rule: str, fingerprint: str, severity: str, *where: int) -> dict:
    line, column, end_line, end_column = where
    return {
        "description": message,
        "check_name": rule,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {
            "path": "bad.md",
            "positions": {
                "begin": {"line": line, "column": column},
                "end": {"line": end_line, "column": end_column},
            },
        },
    }


def test_gitlab_code_quality_report(vault, capsys, monkeypatch):
    monkeypatch.delenv("CI_PROJECT_DIR", raising=False)
    code, out, err = check(vault, capsys, "--output-format", "gitlab")
    assert (code, err) == (1, "")
    expected = [
        gitlab_issue(
            JSON_ITEMS[0]["message"],
            "bad-date",
            "ac2329211f7eeedfc37e9e2203e0ca6d",
            "major",
            7,
            1,
            7,
            12,
        ),
        gitlab_issue(
            JSON_ITEMS[1]["message"],
            "dead-wikilink",
            "21f4e1b9c9fbce3a03d95e0cbd5a63dd",
            "minor",
            *(12, 5, 12, 23),
        ),
        gitlab_issue(
            JSON_ITEMS[2]["message"],
            "dead-wikilink",
            "1fc979f863dc8a8dc632dcaf721ed4ca",
            "minor",
            *(12, 28, 12, 39),
        ),
    ]
    assert out == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    jsonschema.validate(json.loads(out), GITLAB_CODE_QUALITY)


def test_gitlab_fingerprints_survive_moved_lines_and_tell_repeats_apart(vault, capsys, monkeypatch):
    monkeypatch.delenv("CI_PROJECT_DIR", raising=False)

    def fingerprints() -> list[tuple[int, str]]:
        out = check(vault, capsys, "--output-format", "gitlab")[1]
        issues = json.loads(out)
        return [(i["location"]["positions"]["begin"]["line"], i["fingerprint"]) for i in issues]

    (vault / "bad.md").write_text(BAD + "[[Nowhere]]\n", encoding="utf-8")
    before = fingerprints()
    assert len({fingerprint for _, fingerprint in before}) == 4  # the repeat has its own
    (vault / "bad.md").write_text(
        BAD.replace("## Summary\n", "## Summary\n\nNew.\n") + "[[Nowhere]]\n"
    )
    after = fingerprints()
    assert [line for line, _ in after] == [line if line < 12 else line + 2 for line, _ in before]
    assert [fingerprint for _, fingerprint in after] == [fingerprint for _, fingerprint in before]


def test_gitlab_paths_are_relative_to_ci_project_dir(vault, capsys, monkeypatch):
    monkeypatch.setenv("CI_PROJECT_DIR", str(vault.parent))
    issues = json.loads(check(vault, capsys, "--output-format", "gitlab")[1])
    assert {issue["location"]["path"] for issue in issues} == {"vault/bad.md"}
    jsonschema.validate(issues, GITLAB_CODE_QUALITY)


def sarif_schema_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def sarif_result(item: dict, index: int, fix: str | None, *deleted: int) -> dict:
    where = {"uri": "bad.md", "uriBaseId": "%SRCROOT%"}
    result = {
        "ruleId": item["rule"],
        "ruleIndex": index,
        "level": item["severity"],
        "message": {"text": item["message"]},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": where,
                    "region": {
                        "startLine": item["line"],
                        "startColumn": item["column"],
                        "endLine": item["end_line"],
                        "endColumn": item["end_column"],
                    },
                }
            }
        ],
    }
    if fix is not None:
        line, column, end_line, end_column = deleted
        region = {
            "startLine": line,
            "startColumn": column,
            "endLine": end_line,
            "endColumn": end_column,
        }
        content = item["fix"]["edits"][0]["content"]
        replacement = {"deletedRegion": region, "insertedContent": {"text": content}}
        change = {"artifactLocation": where, "replacements": [replacement]}
        result["fixes"] = [{"description": {"text": fix}, "artifactChanges": [change]}]
    return result


def sarif_rule(rule_id: str) -> dict:
    """A rule as the SARIF log describes it: from the rule module's own documentation."""
    rule = RULES_BY_ID[rule_id]
    doc = rule_docstring(rule_id)
    first = " ".join(doc.split("\n\n")[0].split())
    return {
        "id": rule_id,
        "shortDescription": {"text": first.split(". ")[0].rstrip(".") + "."},
        "fullDescription": {"text": first},
        "defaultConfiguration": {"enabled": True, "level": str(rule.SEVERITY)},
        "help": {"text": doc},
    }


def test_sarif_log_is_exact_and_valid_against_the_official_schema(vault, capsys):
    code, out, err = check(vault, capsys, "--output-format", "sarif")
    assert (code, err) == (1, "")
    expected = {
        "version": "2.1.0",
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "notelint",
                        "version": "0.1.0",
                        "rules": [sarif_rule("bad-date"), sarif_rule("dead-wikilink")],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": vault.as_uri() + "/"}},
                "results": [
                    sarif_result(JSON_ITEMS[0], 0, "safe fix", 7, 14, 7, 24),
                    sarif_result(
                        JSON_ITEMS[1], 1, "unsafe fix (with --unsafe-fixes)", 12, 7, 12, 21
                    ),
                    sarif_result(JSON_ITEMS[2], 1, None),
                ],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    assert out == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    assert list(sarif_schema_validator().iter_errors(json.loads(out))) == []


def test_the_vendored_sarif_schema_rejects_what_is_not_sarif(vault, capsys):
    log = json.loads(check(vault, capsys, "--output-format", "sarif")[1])
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["results"][1]["message"]
    assert len(list(sarif_schema_validator().iter_errors(log))) == 2


def test_junit_xml_has_a_suite_per_note_and_a_failing_case_per_problem(vault, capsys):
    expected = """\
<?xml version='1.0' encoding='utf-8'?>
<testsuites name="notelint" tests="3" failures="3" errors="0" skipped="0" time="0.0">
  <testsuite name="bad.md" tests="3" errors="0" failures="3" skipped="0" time="0">
    <testcase name="bad-date" classname="bad.md" file="bad.md" line="7">
      <failure message="upload_date is '14/03/2025', expected a date like '2025-04-28' (%Y-%m-%d)" type="bad-date">line 7, column 1: upload_date is '14/03/2025', expected a date like '2025-04-28' (%Y-%m-%d)</failure>
    </testcase>
    <testcase name="dead-wikilink" classname="bad.md" file="bad.md" line="12">
      <failure message="[[ideas/Old Idea]] does not resolve: no file 'ideas/Old Idea.md' in the vault; it may have moved to 'archive/Old Idea'" type="dead-wikilink">line 12, column 5: [[ideas/Old Idea]] does not resolve: no file 'ideas/Old Idea.md' in the vault; it may have moved to 'archive/Old Idea'</failure>
    </testcase>
    <testcase name="dead-wikilink" classname="bad.md" file="bad.md" line="12">
      <failure message="[[Nowhere]] does not resolve: no file named 'Nowhere.md' in the vault" type="dead-wikilink">line 12, column 28: [[Nowhere]] does not resolve: no file named 'Nowhere.md' in the vault</failure>
    </testcase>
  </testsuite>
</testsuites>
"""
    assert check(vault, capsys, "--output-format", "junit") == (1, expected, "")


def test_a_clean_run_still_reports_a_passing_test(vault, capsys):
    (vault / "bad.md").unlink()
    assert check(vault, capsys, "--output-format", "junit") == (
        0,
        """\
<?xml version='1.0' encoding='utf-8'?>
<testsuites name="notelint" tests="1" failures="0" errors="0" skipped="0" time="0.0">
  <testsuite name="notelint" tests="1" errors="0" failures="0" skipped="0" time="0">
    <testcase name="no problems found" classname="notelint" />
  </testsuite>
</testsuites>
""",
        "",
    )
    for name in ("json", "json-lines", "gitlab"):
        assert check(vault, capsys, "--output-format", name)[1] == (
            "" if name == "json-lines" else "[]\n"
        )
    log = json.loads(check(vault, capsys, "--output-format", "sarif")[1])
    assert (log["runs"][0]["results"], log["runs"][0]["tool"]["driver"]["rules"]) == ([], [])
    assert list(sarif_schema_validator().iter_errors(log)) == []
    assert check(vault, capsys, "--output-format", "full")[1] == "All checks passed (3 notes).\n"


def test_statistics_count_problems_per_rule(vault, capsys):
    table = "2  dead-wikilink  1 fixable\n1  bad-date       1 fixable\n"
    assert check(vault, capsys, "--statistics") == (1, table + SUMMARY, "")
    assert check(vault, capsys, "--statistics", "--output-format", "full") == (
        1,
        table + SUMMARY,
        "",
    )
    rows = [
        {"rule": "dead-wikilink", "count": 2, "fixable": 1},
        {"rule": "bad-date", "count": 1, "fixable": 1},
    ]
    code, out, _ = check(vault, capsys, "--statistics", "--output-format", "json")
    assert (code, out) == (1, json.dumps(rows, indent=2) + "\n")
    out = check(vault, capsys, "--statistics", "--output-format", "json-lines")[1]
    assert out == "".join(json.dumps(row, separators=(",", ":")) + "\n" for row in rows)


def test_statistics_sort_by_count_then_rule_and_skip_rules_with_no_fix(vault, capsys):
    (vault / "bad.md").write_text(BAD + "[[Gone]] ![[Gone]] ![[Gone too]]\n", encoding="utf-8")
    assert check(vault, capsys, "--statistics")[1] == (
        "3  dead-wikilink      1 fixable\n"
        "2  dead-transclusion\n"
        "1  bad-date           1 fixable\n"
        "Found 6 problems in 1 of 4 notes (3 errors, 3 warnings).\n"
    )


def test_output_file_gets_the_report_and_the_summary(vault, capsys):
    assert check(vault, capsys, "-o", "reports/notelint.txt") == (1, "", "")
    assert (vault / "reports/notelint.txt").read_text(encoding="utf-8") == CONCISE + SUMMARY
    code, out, err = check(vault, capsys, "--output-format", "sarif", "--output-file", "out.sarif")
    assert (code, out, err) == (1, "", "")
    log = json.loads((vault / "out.sarif").read_text(encoding="utf-8"))
    assert list(sarif_schema_validator().iter_errors(log)) == []
    assert [name for name in os.listdir(vault) if name.startswith(".out")] == []  # no temporary


def test_output_file_is_never_coloured(vault, capsys):
    assert check(vault, capsys, "--color", "always", "-o", "out.txt")[1] == ""
    assert (vault / "out.txt").read_text(encoding="utf-8") == CONCISE + SUMMARY


def test_an_output_file_that_cannot_be_written_is_an_error(vault, capsys):
    (vault / "taken").mkdir()
    code, out, err = check(vault, capsys, "-o", "taken")
    assert (code, out) == (2, "")
    assert err == "notelint: error: cannot write the report to taken: Is a directory\n"


def test_exit_zero_even_with_errors_but_not_on_usage_errors(vault, capsys):
    assert check(vault, capsys, "--exit-zero") == (0, CONCISE + SUMMARY, "")
    assert check(vault, capsys, "--exit-zero", "missing.md")[0] == 2


def test_the_format_from_the_environment(vault, capsys, monkeypatch):
    monkeypatch.setenv("NOTELINT_OUTPUT_FORMAT", "json-lines")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert check(vault, capsys)[1].startswith('{"path":"bad.md"')  # env wins over GitHub
    assert check(vault, capsys, "--output-format", "concise")[1] == CONCISE + SUMMARY  # flag wins
    monkeypatch.setenv("NOTELINT_OUTPUT_FORMAT", "")
    assert check(vault, capsys)[1].startswith("::error file=bad.md,")
    monkeypatch.setenv("NOTELINT_OUTPUT_FORMAT", "xml")
    assert check(vault, capsys) == (
        2,
        "",
        "notelint: error: NOTELINT_OUTPUT_FORMAT is 'xml'; expected one of: concise, full, json,"
        " json-lines, github, gitlab, sarif, junit\n",
    )


def test_text_formats_escape_what_notes_and_file_names_hold(vault, capsys):
    (vault / "bad.md").unlink()
    (vault / "evil\x1b[2J.md").write_text("tab\there \x07 [[Nowhere]]\n", encoding="utf-8")
    out = check(vault, capsys, "--output-format", "full")[1]
    assert "\x1b" not in out and "\x07" not in out
    assert out.splitlines()[:4] == [
        "evil\\x1b[2J.md:1:12: dead-wikilink [[Nowhere]] does not resolve: no file named"
        " 'Nowhere.md' in the vault",
        "  |",
        "1 | tab    here \\x07 [[Nowhere]]",
        "  |                  ^^^^^^^^^^^",
    ]


def test_structured_formats_carry_the_real_strings(vault, capsys):
    (vault / "bad.md").unlink()
    name = 'a <b> & "c" \x1b.md'
    (vault / name).write_text("[[Nowhere]]\n", encoding="utf-8")
    assert json.loads(check(vault, capsys, "--output-format", "json")[1])[0]["path"] == name
    line = check(vault, capsys, "--output-format", "json-lines")[1]
    assert json.loads(line)["path"] == name
    gitlab = json.loads(check(vault, capsys, "--output-format", "gitlab")[1])
    assert gitlab[0]["location"]["path"] == name
    log = json.loads(check(vault, capsys, "--output-format", "sarif")[1])
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "a%20%3Cb%3E%20%26%20%22c%22%20%1B.md"
    assert list(sarif_schema_validator().iter_errors(log)) == []
    suite = ElementTree.fromstring(check(vault, capsys, "--output-format", "junit")[1])[0]
    assert suite.get("name") == 'a <b> & "c" \\x1b.md'  # XML 1.0 cannot hold ESC at all


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_round_trips_in_json(vault, capsys):
    (vault / "bad.md").unlink()
    (vault / os.fsdecode(b"caf\xe9.md")).write_text("[[Nowhere]]\n", encoding="utf-8")
    out = check(vault, capsys, "--output-format", "json")[1]
    assert "\\udce9" in out
    assert json.loads(out)[0]["path"] == os.fsdecode(b"caf\xe9.md")
    log = json.loads(check(vault, capsys, "--output-format", "sarif")[1])
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "caf%E9.md"


def diagnostic(path: Path, start: int, end: int, *where: int, fix: Fix | None = None) -> Diagnostic:
    line, column, end_line, end_column = where
    span = Span(start, end, line, column, end_line, end_column)
    return Diagnostic(str(path), "dead-link", Severity.ERROR, "m", span, fix)


def full(*diagnostics: Diagnostic) -> str:
    return load("full").render(diagnostics, Context())


def test_full_marks_multi_line_zero_width_and_wide_spans(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "n.md").write_text("ab\ncd\n\nef\n日本 x\n", encoding="utf-8")
    assert full(diagnostic(Path("n.md"), 1, 8, 1, 2, 4, 2)) == (
        "n.md:1:2: dead-link m\n  |\n1 | ab\n  |  ^\n2 | cd\n  | ^^\n3 |\n4 | ef\n  | ^\n  |\n\n"
    )
    assert full(diagnostic(Path("n.md"), 2, 2, 1, 3, 1, 3)) == (
        "n.md:1:3: dead-link m\n  |\n1 | ab\n  |   ^\n  |\n\n"
    )
    assert full(diagnostic(Path("n.md"), 1, 3, 1, 2, 2, 1)) == (
        "n.md:1:2: dead-link m\n  |\n1 | ab\n  |  ^\n  |\n\n"
    )
    assert full(diagnostic(Path("n.md"), 13, 14, 5, 4, 5, 5)) == (
        "n.md:5:4: dead-link m\n  |\n5 | 日本 x\n  |      ^\n  |\n\n"
    )


def test_full_cuts_long_lines_and_long_spans(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    long = "x" * 150 + "[[Link]]" + "y" * 150
    (tmp_path / "n.md").write_text(long + "\n" + "".join(f"{i}\n" for i in range(10)))
    out = full(diagnostic(Path("n.md"), 150, 158, 1, 151, 1, 159))
    shown = "..." + "x" * 30 + "[[Link]]" + "y" * 62 + "..."
    assert out.splitlines()[2:4] == [f"1 | {shown}", "  |" + " " * 34 + "^" * 8]
    many = full(diagnostic(Path("n.md"), 309, 328, 2, 1, 11, 2))
    assert [line.split(" |")[0].strip() for line in many.splitlines()[2:-2]] == [
        *("2", "", "3", "", "..."),
        *("10", "", "11", ""),
    ]


def test_full_shows_what_a_fix_inserts_and_deletes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "n.md").write_text("a\nb\nc\n", encoding="utf-8")
    insert = Fix((Edit(6, 6, "\n## Topics\n"),))
    delete = Fix((Edit(2, 4, ""),), safe=False)
    assert full(diagnostic(Path("n.md"), 4, 5, 3, 1, 3, 2, fix=insert)).endswith(
        "  = safe fix:\n4 +\n5 + ## Topics\n\n"
    )
    assert full(diagnostic(Path("n.md"), 2, 3, 2, 1, 2, 2, fix=delete)).endswith(
        "  = unsafe fix (with --unsafe-fixes):\n2 - b\n\n"
    )


def test_a_note_that_changed_or_went_since_the_check_gets_the_concise_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "n.md").write_text("short\n", encoding="utf-8")
    fix = Fix((Edit(20, 22, "x"),))
    changed = diagnostic(Path("n.md"), 20, 22, 3, 1, 3, 3, fix=fix)
    gone = diagnostic(Path("gone.md"), 0, 1, 1, 1, 1, 2, fix=fix)
    assert full(changed, gone) == "n.md:3:1: dead-link m\n\ngone.md:1:1: dead-link m\n\n"
    items = json.loads(load("json").render([changed, gone], Context()))
    assert [(item["fixable"], item["fix"]) for item in items] == [(True, None), (True, None)]
    log = json.loads(load("sarif").render([changed, gone], Context()))
    assert ["fixes" in result for result in log["runs"][0]["results"]] == [False, False]


def test_full_colours_the_carets_and_the_fix_when_asked(vault, capsys):
    out = check(vault, capsys, "--output-format", "full", "--color", "always")[1]
    assert "  | \x1b[31m^^^^^^^^^^^\x1b[0m\n" in out
    assert "7 + \x1b[32mupload_date: '2025-03-14'\x1b[0m\n" in out


def test_every_format_is_listed_in_the_help(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "notelint", "check", "--output-format", "nope"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    assert "(choose from concise, full, json, json-lines, github, gitlab, sarif, junit)" in (
        result.stderr.replace("'", "")
    )
    assert list(FORMATS) == [
        "concise",
        "full",
        "json",
        "json-lines",
        "github",
        "gitlab",
        "sarif",
        "junit",
    ]


def test_format_libraries_are_imported_only_when_used():
    code = (
        "import sys, notelint.cli; "
        "print(sorted(m for m in sys.modules if m.startswith(('sarif_pydantic', 'junitparser',"
        " 'notelint.formats.sarif', 'notelint.formats.junit', 'notelint.formats.full'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"


def test_readme_examples_are_what_the_formats_print(vault, capsys):
    """Each example under "Report formats" in README.md, less its elided parts, is printed as
    shown by the vault these tests use."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Report formats\n", 1)[1].split("\n### ", 1)[0]
    examples = [block.split("\n```", 1)[0] for block in section.split("```console\n$ ")[1:]]
    assert len(examples) == 9
    for example in examples:
        command, *shown = example.split("\n")
        printed = check(vault, capsys, *command.split()[2:])[1].splitlines()
        for line in shown:
            if line.strip() != "..." and "file:///" not in line:
                assert line in printed, (command, line)


def test_full_cuts_a_long_changed_line_where_it_changes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "n.md").write_text("a" * 200 + "\n", encoding="utf-8")
    fix = Fix((Edit(200, 200, "b"),))
    rows = full(diagnostic(Path("n.md"), 200, 200, 1, 201, 1, 201, fix=fix)).splitlines()
    assert rows[-3:] == [f"1 - ...{'a' * 30}", f"1 + ...{'a' * 30}b", ""]


def test_full_numbers_the_added_lines_as_they_will_be(tmp_path, monkeypatch):
    """A fix that moves a line down (section-order moves whole sections) removes it above and
    adds it below; the added line's number counts the removal."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "n.md").write_text("a\nb\nc\nd\n", encoding="utf-8")
    move = Fix((Edit(0, 2, ""), Edit(6, 6, "a\n")), safe=False)
    assert full(diagnostic(Path("n.md"), 0, 1, 1, 1, 1, 2, fix=move)).endswith(
        "  = unsafe fix (with --unsafe-fixes):\n1 - a\n3 + a\n\n"
    )
