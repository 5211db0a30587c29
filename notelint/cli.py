"""The command line: `notelint check`, `fix`, `rules`, `explain`, `init` and `schema`.

Parses the arguments, prints, and decides exit codes: 0 clean, 1 problems found or files
fixed (errors; warnings too with --strict), 2 usage, config, write or internal error, 123 a
fix the safety check refused. This module is the parser alone: what the commands do is in
`commands`, imported once the arguments are parsed, so `--version` and `--help` import
nothing else; each command's heavy parts are imported when that command runs.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from notelint import __version__
from notelint.formats import FORMATS


def main(argv: Sequence[str] | None = None) -> int:
    _make_output_safe()
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits on --help, --version and usage errors
        return int(exit_.code or 0)
    from notelint import commands  # what the commands need: not for --version or --help
    from notelint.parallel import WorkerLost

    # What the imports made lives until exit: the collector need not walk it again (a warm
    # run makes ~2% fewer instructions), and forked workers leave its pages shared. Undone on
    # return, for a process that calls main() again (the tests, a tool).
    gc.freeze()
    try:
        code = int(commands.COMMANDS[args.command](args))
        sys.stdout.flush()  # so that a full disk or a closed pipe is reported here
        return code
    except (commands.UsageError, commands.ConfigError) as error:
        print(commands.escape(f"notelint: error: {error}"), file=sys.stderr)
        return commands.EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except WorkerLost as error:
        print(f"notelint: error: {error}; NOTELINT_JOBS=1 checks in one process", file=sys.stderr)
        return commands.EXIT_ERROR
    except OSError as error:  # stdout is a closed pipe (`| head`) or a full disk
        _discard_stdout()
        if not isinstance(error, BrokenPipeError):
            print(f"notelint: error: cannot write the report: {error.strerror}", file=sys.stderr)
        return commands.EXIT_ERROR
    except Exception:
        import traceback  # only for a crash

        print("notelint: internal error; please report it with this output:", file=sys.stderr)
        traceback.print_exc()
        return commands.EXIT_ERROR
    finally:
        gc.unfreeze()


def run() -> NoReturn:
    """The `notelint` command: `main`, then an exit without the interpreter's teardown, which
    frees every object of the run one by one (a warm check of 10,000 notes spent 22 ms of its
    0.2 s on it) when nothing is left to do: the report is flushed, the cache and fixed notes
    were written before main returned, and the workers have been joined (mypy exits the same
    way)."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: main reported it
            stream.flush()
    os._exit(code)


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


class _Version(argparse.Action):
    """`--version`: the build is part of the answer, as black gives it, since the compiled
    build and the pure one differ in speed (and a bug report should say which ran). Worked
    out only when asked: other runs do not look for the compiled modules."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> NoReturn:
        import platform

        python = f"{platform.python_implementation()} {platform.python_version()}"
        print(f"notelint {__version__} ({_build()}, {python})")
        parser.exit()


def _build() -> str:
    """Which build is installed: setup.py compiles the per-note modules, the parser first
    among them, only when asked (NOTELINT_COMPILE=1)."""
    from importlib.util import find_spec

    spec = find_spec("notelint.markdown")
    origin = spec.origin if spec is not None else None
    compiled = origin is not None and origin.endswith((".so", ".pyd"))
    return "compiled with mypyc" if compiled else "pure Python"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notelint", description="Lint a vault of Markdown notes against its schema."
    )
    parser.add_argument("--version", action=_Version, help="show the version and build, and exit")
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
    check.set_defaults(command="check")

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
    fix.set_defaults(command="fix")

    rules = commands.add_parser("rules", help="list the rules")
    _add_listing_format(rules)
    rules.set_defaults(command="rules")

    explain = commands.add_parser("explain", help="explain a rule, with examples")
    explain.add_argument("rule", metavar="RULE")
    _add_listing_format(explain)
    explain.set_defaults(command="explain")

    init = commands.add_parser("init", help="write a notelint.yaml inferred from a vault")
    init.add_argument("vault", nargs="?", type=Path, default=Path("."), metavar="VAULT")
    init.add_argument("--stdout", action="store_true", help="print the schema; write nothing")
    init.set_defaults(command="init")

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
    schema.set_defaults(command="schema")
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
