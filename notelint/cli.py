"""The command line: `notelint check`, `notelint fix`, `notelint rules`, `notelint explain`.

The only module that reads and writes notes, prints and decides exit codes: 0 clean, 1
problems found or files fixed (errors; warnings too with --strict), 2 usage, config, write or
internal error, 123 a fix the safety check refused.
"""

from __future__ import annotations

import argparse
import difflib
import inspect
import json
import os
import sys
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from notelint import __version__
from notelint.check import check_note, note_facts
from notelint.config import (
    ALL,
    Config,
    ConfigError,
    find_config,
    load_config,
)
from notelint.diagnostics import Diagnostic, Severity
from notelint.files import DEFAULT_MAX_FILE_SIZE, Decoded, decode_note
from notelint.fix import FixError, FixResult, fix_text, verify
from notelint.formats import Context
from notelint.formats.sources import Sources
from notelint.note import Note, parse_note
from notelint.report import FORMATS, escape, render, render_report
from notelint.rule import Rule, split_examples
from notelint.rules import RULES, RULES_BY_ID
from notelint.run import (
    CacheChoice,
    Run,
    UsageError,
    check_notes,
    check_selected,
    left_out,
    start_runs,
)
from notelint.selection import Selection
from notelint.write import WriteRefused, create_new, replace_file, write_atomically

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    _make_output_safe()
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits on --help, --version and usage errors
        return int(exit_.code or 0)
    try:
        code = int(args.run(args))
        sys.stdout.flush()  # so that a full disk or a closed pipe is reported here
        return code
    except (UsageError, ConfigError) as error:
        print(escape(f"notelint: error: {error}"), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except OSError as error:  # stdout is a closed pipe (`| head`) or a full disk
        _discard_stdout()
        if not isinstance(error, BrokenPipeError):
            print(f"notelint: error: cannot write the report: {error.strerror}", file=sys.stderr)
        return EXIT_ERROR
    except Exception:
        print("notelint: internal error; please report it with this output:", file=sys.stderr)
        traceback.print_exc()
        return EXIT_ERROR


def _discard_stdout() -> None:
    # What is still buffered cannot be written either; do not fail again at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _make_output_safe() -> None:
    # File names may hold bytes that are not UTF-8; never die with UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notelint", description="Lint a vault of Markdown notes against its schema."
    )
    parser.add_argument("--version", action="version", version=f"notelint {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check notes against the schema")
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: .)"
    )
    check.add_argument("--config", type=Path, metavar="PATH", help="the schema file to use")
    check.add_argument(
        "--output-format",
        "--format",
        choices=FORMATS,
        default=None,
        dest="output_format",
        help="how to report problems (default: concise, or github under GITHUB_ACTIONS;"
        " also NOTELINT_OUTPUT_FORMAT)",
    )
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    _add_cache_options(check)
    _add_selection_options(check)
    _add_report_options(check)
    check.set_defaults(run=run_check)

    fix = commands.add_parser("fix", help="fix what can be fixed, safely, in place")
    fix.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders (default: .); - for stdin",
    )
    fix.add_argument("--config", type=Path, metavar="PATH", help="the schema file to use")
    fix.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")
    fix.add_argument("--check", action="store_true", help="write nothing; exit 1 if a fix applies")
    fix.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes")
    fix.add_argument(
        "--stdin-filename", type=Path, metavar="PATH", help="where the stdin note lives"
    )
    fix.add_argument("--strict", action="store_true", help="exit 1 on warnings left too")
    fix.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    _add_cache_options(fix)
    _add_selection_options(fix)
    fix.set_defaults(run=run_fix)

    rules = commands.add_parser("rules", help="list the rules")
    _add_listing_format(rules)
    rules.set_defaults(run=run_rules)

    explain = commands.add_parser("explain", help="explain a rule, with examples")
    explain.add_argument("rule", metavar="RULE")
    _add_listing_format(explain)
    explain.set_defaults(run=run_explain)

    init = commands.add_parser("init", help="write a notelint.yaml inferred from a vault")
    init.add_argument("vault", nargs="?", type=Path, default=Path("."), metavar="VAULT")
    init.add_argument("--stdout", action="store_true", help="print the schema; write nothing")
    init.set_defaults(run=run_init)
    schema = commands.add_parser("schema", help="write the schema for editors to check notes")
    schema.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="PATH",
        help="a folder or note of the vault, to find its config (default: .)",
    )
    schema.add_argument(
        "--json-schema",
        nargs="?",
        const=None,
        required=True,
        metavar="TYPE",
        help="JSON Schema (draft 2020-12) of one note type, or of all of them",
    )
    schema.add_argument("--config", type=Path, metavar="PATH", help="the schema file to use")
    schema.set_defaults(run=run_schema)
    return parser


def _add_listing_format(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--output-format",
        "--format",
        choices=("text", "json"),
        default="text",
        dest="output_format",
    )


def _add_selection_options(command: argparse.ArgumentParser) -> None:
    """Comma-separated and repeatable, as in ruff; checked by `_selection`."""
    for option, does in (
        ("--select", "only these rules (ALL: every rule), instead of the config's"),
        ("--extend-select", "these rules as well"),
        ("--ignore", "not these rules (applied last)"),
    ):
        command.add_argument(option, action="append", metavar="RULE[,RULE...]", help=does)


def _selection(args: argparse.Namespace) -> Selection:
    select = None if args.select is None else _rule_names("--select", args.select)
    return Selection(
        select,
        _rule_names("--extend-select", args.extend_select or []),
        _rule_names("--ignore", args.ignore or []),
    )


def _rule_names(option: str, values: list[str]) -> tuple[str, ...]:
    names = tuple(name.strip() for value in values for name in value.split(",") if name.strip())
    for name in names:
        if name != ALL and name not in RULES_BY_ID:
            raise UsageError(f"{option}: {_unknown_rule(name, [*RULES_BY_ID, ALL])}")
    return names


def _unknown_rule(name: str, known: Iterable[str] = RULES_BY_ID) -> str:
    folded = {choice.lower(): choice for choice in known}  # `all` and `Dead-Link` find theirs
    close = [folded[match] for match in difflib.get_close_matches(name.lower(), folded, 3)]
    hint = f"; did you mean {', '.join(close)}?" if close else "; see `notelint rules`"
    return f"unknown rule {name!r}{hint}"


def _add_cache_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    command.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="where the cache is (default: .notelint_cache/ at the vault root)",
    )


def _add_report_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-o", "--output-file", type=Path, metavar="PATH", help="write the report to PATH"
    )
    command.add_argument(
        "--statistics", action="store_true", help="count problems per rule instead of listing them"
    )
    command.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when problems are found"
    )


def _output_format(flag: str | None) -> str:
    """--output-format, else NOTELINT_OUTPUT_FORMAT, else github under GitHub Actions."""
    if flag is not None:
        return flag
    chosen = os.environ.get("NOTELINT_OUTPUT_FORMAT", "")
    if chosen and chosen not in FORMATS:
        raise UsageError(
            f"NOTELINT_OUTPUT_FORMAT is {chosen!r}; expected one of: {', '.join(FORMATS)}"
        )
    if chosen:
        return chosen
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "concise"


def _write_report(text: str, path: Path | None) -> bool:
    """The report on stdout, or written atomically to --output-file (False if it could not be)."""
    if path is None:
        sys.stdout.write(text)
        return True
    try:
        replace_file(path, text.encode("utf-8", "backslashreplace"))
    except OSError as error:
        reason = error.strerror or str(error)
        print(
            escape(f"notelint: error: cannot write the report to {path}: {reason}"), file=sys.stderr
        )
        return False
    return True


def _cache_choice(args: argparse.Namespace) -> CacheChoice:
    """--no-cache and --cache-dir, else NOTELINT_NO_CACHE and NOTELINT_CACHE_DIR."""
    if args.no_cache or os.environ.get("NOTELINT_NO_CACHE", "") not in ("", "0", "false"):
        return False
    if args.cache_dir is not None:
        return Path(args.cache_dir)
    directory = os.environ.get("NOTELINT_CACHE_DIR")
    return Path(directory) if directory else None


def run_check(args: argparse.Namespace) -> int:
    selection = _selection(args)
    paths: list[Path] = args.paths or [Path(".")]
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"path not found: {path}")
    output_format = _output_format(args.output_format)
    runs = start_runs(paths, args.config, _cache_choice(args), selection)
    diagnostics = sorted(
        (run.shown(d) for run in runs for d in check_selected(run)), key=Diagnostic.sort_key
    )
    largest = max((run.project.config.max_file_size for run in runs), default=DEFAULT_MAX_FILE_SIZE)
    context = Context(
        color=_use_color(args.color) and args.output_file is None,
        checked=sum(len(run.selected) for run in runs),
        sources=Sources(largest),  # notes re-read as they were checked, for spans and fixes
    )
    text = render_report(diagnostics, output_format, context, args.statistics)
    if not _write_report(text, args.output_file):
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    return EXIT_PROBLEMS if any(d.severity in failing for d in diagnostics) else EXIT_CLEAN


EXIT_UNSAFE = 123  # the safety check refused a rewrite: a bug to report


@dataclass
class FixReport:
    """What a fix run did, for the summary and the exit code."""

    changed: list[str]
    fixed: int
    left: list[Diagnostic]
    failed: bool = False  # a note could not be written
    refused: bool = False  # the safety check refused a rewrite


def run_fix(args: argparse.Namespace) -> int:
    selection = _selection(args)
    if [str(path) for path in args.paths] == ["-"]:
        return _fix_stdin(args, selection)
    paths: list[Path] = args.paths or [Path(".")]
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"path not found: {path}")
    runs = start_runs(paths, args.config, _cache_choice(args), selection)
    report = FixReport([], 0, [])
    for run in runs:
        # Checked first, on every core and from the cache: most notes have nothing to fix.
        found_by_path = check_notes(run)
        for note_path in run.selected:
            found = found_by_path[note_path]
            if any(d.fix is not None and (d.fix.safe or args.unsafe_fixes) for d in found):
                _fix_one(run, note_path, args, report)
            else:
                report.left.extend(run.shown(d) for d in found)
    left = sorted(report.left, key=Diagnostic.sort_key)
    sys.stdout.write(render(left, "concise", _use_color(args.color)))
    summary_stream = sys.stderr if args.diff else sys.stdout  # a diff stays a clean patch
    checked = sum(len(run.selected) for run in runs)
    print(_fix_summary(report, args, checked), file=summary_stream)
    return _fix_exit_code(report, args)


def _fix_one(run: Run, path: str, args: argparse.Namespace, report: FixReport) -> None:
    note, decoded = run.notes.take(path, run.skipped.get(path))
    if decoded is None or note.problems:  # never rewrite what could not be read
        report.left.extend(run.shown(d) for d in check_note(note, run.project, run.vault))
        return
    try:
        result = _fix_note(run, note, args.unsafe_fixes)
    except FixError as error:
        report.refused = True
        _report_refusal(run.display(path), note.text, str(error))
        _keep_original(run, note, report)
        return
    changed = result.text != note.text
    dry_run = args.diff or args.check
    if changed and not dry_run and not _write(run, path, decoded, result, report):
        _keep_original(run, note, report)
        return
    report.left.extend(run.shown(d) for d in result.remaining)
    if changed:
        report.changed.append(path)
        report.fixed += len(result.fixed)
        if args.diff:
            sys.stdout.write(_unified_diff(run.display(path), note.text, result.text))


def _keep_original(run: Run, note: Note, report: FixReport) -> None:
    """A note left as it was: the index goes back to what is on disk, and its problems are
    reported as check would."""
    run.vault.remember(note.path, note_facts(note, run.project))
    found = check_note(note, run.project, run.vault)
    report.left.extend(run.shown(d) for d in found)


def _fix_note(run: Run, note: Note, unsafe: bool) -> FixResult:
    def check(text: str) -> tuple[Note, list[Diagnostic]]:
        parsed = parse_note(text, note.path)
        run.vault.remember(note.path, note_facts(parsed, run.project))
        return parsed, check_note(parsed, run.project, run.vault)

    result = fix_text(note.text, check, unsafe)
    if result.text != note.text:
        verify(note, parse_note(result.text, note.path), result)
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
        f"{verb} {report.fixed:,} problem{'s' if report.fixed != 1 else ''} in {files:,} of"
        f" {checked:,} note{'s' if checked != 1 else ''}; {left:,} left."
    )


def _fix_exit_code(report: FixReport, args: argparse.Namespace) -> int:
    if report.refused:
        return EXIT_UNSAFE
    if report.failed:
        return EXIT_ERROR
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    problems = any(d.severity in failing for d in report.left)
    return EXIT_PROBLEMS if report.changed or problems else EXIT_CLEAN


def _fix_stdin(args: argparse.Namespace, selection: Selection) -> int:
    """`notelint fix - --stdin-filename x.md`: the fixed note on stdout. Whatever fails, the
    input goes back unchanged: an editor replacing its buffer must never get it emptied."""
    data = sys.stdin.buffer.read()
    output = data
    try:
        output, code = _fix_stdin_data(data, args, selection)
    finally:
        sys.stdout.buffer.write(output)
        sys.stdout.flush()
    return code


def _fix_stdin_data(
    data: bytes, args: argparse.Namespace, selection: Selection
) -> tuple[bytes, int]:
    filename: Path = args.stdin_filename or Path("stdin.md")
    [run] = start_runs([filename], args.config, _cache_choice(args), selection)
    path = os.path.relpath(filename.absolute(), run.project.root).replace(os.sep, "/")
    if left_out(path, run.project):
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


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def run_rules(args: argparse.Namespace) -> int:
    if args.output_format == "json":
        print(json.dumps([_rule_json(rule) for rule in RULES], indent=2))
        return EXIT_CLEAN
    width = max(len(rule.ID) for rule in RULES)
    for rule in RULES:
        fixable = "fixable" if rule.FIXABLE else ""
        print(f"{rule.ID:<{width}}  {rule.SEVERITY:<7}  {fixable:<7}  {_summary_line(rule)}")
    return EXIT_CLEAN


def _summary_line(rule: object) -> str:
    doc = inspect.getdoc(rule) or ""
    first_sentence = " ".join(doc.split("\n\n")[0].split()).split(". ")[0]
    return first_sentence.rstrip(".") + "."


def _rule_json(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.ID,
        "severity": str(rule.SEVERITY),
        "fixable": rule.FIXABLE,
        "summary": _summary_line(rule),
    }


def run_explain(args: argparse.Namespace) -> int:
    rule = RULES_BY_ID.get(args.rule)
    if rule is None:
        raise UsageError(_unknown_rule(args.rule))
    if args.output_format == "json":
        documentation = inspect.getdoc(rule) or ""
        examples = split_examples(documentation)
        explained = {**_rule_json(rule), "documentation": documentation, "examples": examples}
        print(json.dumps(explained, indent=2))
        return EXIT_CLEAN
    fixable = "fixable" if rule.FIXABLE else "not fixable"
    print(f"{rule.ID} ({rule.SEVERITY} by default, {fixable})\n")
    print(inspect.getdoc(rule))
    return EXIT_CLEAN


def run_init(args: argparse.Namespace) -> int:
    """`notelint init [VAULT]`: infer a schema from the vault's notes and write it to
    VAULT/notelint.yaml, never over an existing config."""
    from notelint import init_command  # inference and its writer: only for this command

    vault: Path = args.vault
    target = vault / init_command.CONFIG_NAME
    found = None if args.stdout else init_command.existing_config(vault)
    if found is not None:
        raise UsageError(
            f"{found} already exists; notelint init never replaces a config"
            " (--stdout prints what it would write)"
        )
    try:
        text, inferred = init_command.init_text(vault)
    except init_command.InitRefused as error:
        raise UsageError(str(error)) from None
    if args.stdout:
        sys.stdout.write(text)
        return EXIT_CLEAN
    try:
        create_new(target, text.encode("utf-8"))
    except FileExistsError:
        raise UsageError(f"{target} appeared meanwhile; it was left as it is") from None
    except OSError as error:
        print(escape(f"notelint: error: cannot write {target}: {error.strerror}"), file=sys.stderr)
        return EXIT_ERROR
    print(escape(f"Wrote {target}: {init_command.summary(inferred)}."))
    print(escape(f"Run `notelint check {vault}` to see the notes that do not fit it."))
    return EXIT_CLEAN


def run_schema(args: argparse.Namespace) -> int:
    """`notelint schema --json-schema [TYPE]`: the config's note types as JSON Schema."""
    from notelint import json_schema  # only this command needs it

    config_path, config = _schema_config(args)
    name = args.json_schema
    if name is not None and name not in config.types:
        known = ", ".join(config.types) or "none"
        raise UsageError(f"unknown note type {name!r}; the types are: {known}")
    for where, construct in json_schema.python_only_patterns(config):
        message = (
            f"notelint: warning: {os.path.relpath(config_path)}: {where}: {construct!r} is"
            " Python-only"
            " regular expression syntax; editors read patterns as ECMA-262 and may reject it"
        )
        print(escape(message), file=sys.stderr)
    schema = (
        json_schema.vault_schema(config) if name is None else json_schema.type_schema(config, name)
    )
    sys.stdout.flush()
    sys.stdout.buffer.write(json_schema.dumps(schema).encode("utf-8"))
    return EXIT_CLEAN


def _schema_config(args: argparse.Namespace) -> tuple[Path, Config]:
    """The config `check` would use for the path: --config, else the nearest one."""
    if not args.path.exists():
        raise UsageError(f"path not found: {args.path}")
    path = args.config or find_config(args.path)
    if path is None:
        raise UsageError(
            f"no notelint.yaml, .notelint.yaml or [tool.notelint] in pyproject.toml found"
            f" for {args.path}; name one with --config"
        )
    if not path.is_file():
        raise UsageError(f"config file not found: {path}")
    return path, load_config(path)
