"""`notelint fix`: apply every safe fix, pass after pass, check the result, write it atomically.

Loaded only by the fix command: `check` never imports the fixer or the safety check.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from notelint import __version__
from notelint.cache import DAMAGED, Changes, questions_about, unique_triples
from notelint.check import check_note, note_facts
from notelint.diagnostics import Diagnostic, Severity
from notelint.files import Decoded, decode_note
from notelint.fix import FixError, FixResult, fix_text, verify
from notelint.note import Note, parse_note
from notelint.report import escape, plural, render
from notelint.run import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_PROBLEMS,
    CacheChoice,
    Run,
    UsageError,
    check_notes,
    start_runs,
    taken,
)
from notelint.selection import Selection
from notelint.write import WriteRefused, write_atomically

EXIT_UNSAFE = 123  # the safety check refused a rewrite: a bug to report


class FixReport(Struct):
    """What a fix run did, for the summary and the exit code."""

    changed: list[str]
    fixed: int
    left: list[Diagnostic]
    failed: bool = False  # a note could not be written
    refused: bool = False  # the safety check refused a rewrite


class Settling(Struct):
    """One vault's notes as the fixes leave them: each note's problems, each note a fix
    changed, and the facts before of those whose facts changed (headings, unique
    values). A note that asked one of those a question is checked again before the report:
    its problems as found before would be out of date."""

    left: dict[str, list[Diagnostic]] = field(default_factory=dict)
    fixed: dict[str, Note] = field(default_factory=dict)  # as parsed after its fixes
    refacted: dict[str, Any] = field(default_factory=dict)


def run_fix(args: argparse.Namespace, selection: Selection, cache: CacheChoice, color: bool) -> int:
    if [str(path) for path in args.paths] == ["-"]:
        return _fix_stdin(args, selection, cache)
    paths: list[Path] = args.paths or [Path(".")]
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"path not found: {path}")
    runs = start_runs(paths, args.config, cache, selection)
    report = FixReport([], 0, [])
    for run in runs:
        # Checked first, on every core and from the cache: most notes have nothing to fix.
        changes = Changes(run.notes.cache, run.vault, run.project)
        found_by_path = check_notes(run, changes)
        # Saved as `check` saves it, the vault as it is on disk before any fix, so that a
        # next run (a pre-commit hook that only fixes) is warm: it sees the notes rewritten
        # below as changed, and asks again the questions of the notes that depend on them.
        run.notes.cache.save(run.vault.notes, changes.still_hold)
        settling = Settling()
        for note_path in run.selected:
            found = found_by_path[note_path]
            if any(d.fix is not None and (d.fix.safe or args.unsafe_fixes) for d in found):
                _fix_one(run, note_path, args, report, settling)
            else:
                settling.left[note_path] = found
        if settling.refacted:
            _check_again(run, settling)
        report.left.extend(run.shown(d) for path in run.selected for d in settling.left[path])
    left = sorted(report.left, key=Diagnostic.sort_key)
    sys.stdout.write(render(left, "concise", color))
    summary_stream = sys.stderr if args.diff else sys.stdout  # a diff stays a clean patch
    checked = sum(len(run.selected) for run in runs)
    print(_fix_summary(report, args, checked), file=summary_stream)
    return _fix_exit_code(report, args)


def _fix_one(
    run: Run, path: str, args: argparse.Namespace, report: FixReport, settling: Settling
) -> None:
    note, decoded = run.notes.take(path, run.skipped.get(path))
    if decoded is None or note.problems:  # never rewrite what could not be read
        settling.left[path] = check_note(note, run.project, run.vault)
        return
    try:
        result = _fix_note(run, note, args.unsafe_fixes)
    except FixError as error:
        report.refused = True
        _report_refusal(run.display(path), note.text, str(error))
        settling.left[path] = _keep_original(run, note)
        return
    changed = result.text != note.text
    dry_run = args.diff or args.check
    if changed and not dry_run and not _write(run, path, decoded, result, report):
        settling.left[path] = _keep_original(run, note)
        return
    settling.left[path] = result.remaining
    if changed:
        settling.fixed[path] = result.note
        before = note_facts(note, run.project).plain()
        if run.vault.answer(("facts", path)) != before:  # the vault has the new ones
            settling.refacted[path] = before
        report.changed.append(path)
        report.fixed += len(result.fixed)
        if args.diff:
            sys.stdout.write(_unified_diff(run.display(path), note.text, result.text))


def _check_again(run: Run, settling: Settling) -> None:
    """The problems of the notes whose answers the fixes changed, in the vault they leave:
    every note a fix changed (its own fixes were checked against the vault of then), and
    every other note that asked a question of a note whose facts changed."""
    moved = _unique_values_moved(run, settling.refacted)
    mentions = questions_about(list(settling.refacted), moved)
    for path in run.selected:
        fixed = settling.fixed.get(path)
        if fixed is not None:
            settling.left[path] = check_note(fixed, run.project, run.vault)
        elif _asked_of_refacted(run, path, settling.refacted, moved, mentions):
            note = run.notes.take(path, run.skipped.get(path))[0]
            settling.left[path] = check_note(note, run.project, run.vault)


def _asked_of_refacted(
    run: Run,
    path: str,
    refacted: dict[str, Any],
    moved: set[tuple[str, str, str]],
    mentions: re.Pattern[str] | None,
) -> bool:
    """Whether a note not fixed asked a question of a fixed note whose answer the fix
    changed: a heading its link points to was added, a unique value moved. When its
    questions cannot be read, it is checked again all the same."""
    entry = run.notes.cache.current(path)
    if entry is None or not entry.checked:  # facts only: its questions are not known
        return True
    try:
        if mentions is not None and not mentions.search(entry.queries_json):
            return False  # names neither a changed note nor a moved value: most notes
        for query, answer in entry.queries(path):
            asked = query[0] == "facts" and query[1] in refacted
            if query[0] == "first_with_value":
                asked = tuple(query[1:4]) in moved
            if asked and run.vault.answer(query) != answer:
                return True
    except DAMAGED:
        return True
    return False


def _unique_values_moved(run: Run, refacted: dict[str, Any]) -> set[tuple[str, str, str]]:
    """The unique values the notes whose facts changed had before or have now."""
    moved: set[tuple[str, str, str]] = set()
    for path, before in refacted.items():
        moved |= unique_triples(before) | unique_triples(run.vault.answer(("facts", path)))
    return moved


def _keep_original(run: Run, note: Note) -> list[Diagnostic]:
    """A note left as it was: the index goes back to what is on disk, and its problems are
    those check finds."""
    run.vault.remember(note.path, note_facts(note, run.project))
    return check_note(note, run.project, run.vault)


def _fix_note(run: Run, note: Note, unsafe: bool) -> FixResult:
    def check(text: str) -> tuple[Note, list[Diagnostic]]:
        parsed = parse_note(text, note.path)
        run.vault.remember(note.path, note_facts(parsed, run.project))
        return parsed, check_note(parsed, run.project, run.vault)

    result = fix_text(note.text, check, unsafe)
    if result.text != note.text:
        verify(note, result.note, result)
    return result


def _write(run: Run, path: str, decoded: Decoded, result: FixResult, report: FixReport) -> bool:
    shown = run.display(path)
    assert decoded.stamp is not None
    try:
        if decoded.mixed:
            raise WriteRefused("mixed line endings (LF, CRLF or CR); a rewrite would change them")
        write_atomically(run.project.root / path, decoded.encode(result.text), decoded.stamp)
    except (WriteRefused, OSError) as error:
        report.failed = True
        reason = error.strerror if isinstance(error, OSError) else str(error)
        print(escape(f"notelint: error: {shown}: not written: {reason}"), file=sys.stderr)
        return False
    rules = ", ".join(sorted({d.rule for d in result.fixed}))
    print(escape(f"{shown}: fixed {len(result.fixed)} ({rules})"))
    return True


def _report_refusal(shown: str, text: str, reason: str) -> None:
    import tempfile  # a hundredth of a second: only when writing

    descriptor, log = tempfile.mkstemp(prefix="notelint-", suffix=".log")
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(f"notelint {__version__}: refused to fix {shown}: {reason}\n\n{text}")
    message = (
        f"notelint: error: {shown}: internal safety check failed ({reason}); nothing written."
        f" Please report it with {log}"
    )
    print(escape(message), file=sys.stderr)


def _unified_diff(shown: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(_patch_lines(before), _patch_lines(after), shown, shown)
    return "\n".join(escape(line) for line in "".join(lines).split("\n"))


def _patch_lines(text: str) -> list[str]:
    """Lines split at \\n only, with patch's marker for a last line without a newline."""
    lines = [line + "\n" for line in text.split("\n")]
    last = lines.pop()[:-1]
    if last:
        lines.append(last + "\n\\ No newline at end of file\n")
    return lines


def _fix_summary(report: FixReport, args: argparse.Namespace, checked: int) -> str:
    verb = "Would fix" if args.diff or args.check else "Fixed"
    files = len(report.changed)
    left = len(report.left)
    return (
        f"{verb} {plural(report.fixed, 'problem')} in {files:,} of {plural(checked, 'note')};"
        f" {left:,} left."
    )


def _fix_exit_code(report: FixReport, args: argparse.Namespace) -> int:
    if report.refused:
        return EXIT_UNSAFE
    if report.failed:
        return EXIT_ERROR
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    problems = any(d.severity in failing for d in report.left)
    return EXIT_PROBLEMS if report.changed or problems else EXIT_CLEAN


def _fix_stdin(args: argparse.Namespace, selection: Selection, cache: CacheChoice) -> int:
    """`notelint fix - --stdin-filename x.md`: the fixed note on stdout. Whatever fails, the
    input goes back unchanged: an editor replacing its buffer must never get it emptied."""
    data = sys.stdin.buffer.read()
    output = data
    try:
        output, code = _fix_stdin_data(data, args, selection, cache)
    finally:
        sys.stdout.buffer.write(output)
        sys.stdout.flush()
    return code


def _fix_stdin_data(
    data: bytes, args: argparse.Namespace, selection: Selection, cache: CacheChoice
) -> tuple[bytes, int]:
    filename: Path = args.stdin_filename or Path("stdin.md")
    [run] = start_runs([filename], args.config, cache, selection)
    path = os.path.relpath(filename.absolute(), run.project.root).replace(os.sep, "/")
    if not taken([path], run.project):
        return data, EXIT_CLEAN  # excluded, a template, or hidden: not ours to change
    decoded = decode_note(data)
    if not isinstance(decoded, Decoded):
        print(
            escape(f"notelint: error: {filename}: {decoded.message}; left as it is"),
            file=sys.stderr,
        )
        return data, EXIT_ERROR
    note = parse_note(decoded.text, path)
    if note.problems:
        left = check_note(note, run.project, run.vault)
        sys.stderr.write(render([run.shown(d) for d in left], "concise", False))
        return data, EXIT_PROBLEMS
    try:
        result = _fix_note(run, note, args.unsafe_fixes)
    except FixError as error:
        _report_refusal(str(filename), note.text, str(error))
        return data, EXIT_UNSAFE
    sys.stderr.write(render([run.shown(d) for d in result.remaining], "concise", False))
    changed = result.text != note.text
    if changed and decoded.mixed:
        message = f"notelint: error: {filename}: mixed line endings; left as it is"
        print(escape(message), file=sys.stderr)
        return data, EXIT_ERROR
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    problems = any(d.severity in failing for d in result.remaining)
    if not changed:
        return data, EXIT_PROBLEMS if problems else EXIT_CLEAN  # the input, byte for byte
    return decoded.encode(result.text), EXIT_PROBLEMS
