"""What each command of the command line does, once `cli` has parsed its arguments."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from notelint import rules as registry
from notelint.config import ALL, Config, ConfigError, find_config, load_config
from notelint.diagnostics import Diagnostic, Severity
from notelint.files import DEFAULT_MAX_FILE_SIZE
from notelint.formats.context import Context
from notelint.formats.sources import Sources
from notelint.report import FORMATS, escape, render_report
from notelint.rules import RULE_IDS, unknown_rule
from notelint.run import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_PROBLEMS,
    CacheChoice,
    UsageError,
    check_selected,
    start_runs,
)
from notelint.selection import Selection
from notelint.write import create_new, replace_file

if TYPE_CHECKING:
    from notelint.rule import Rule

__all__ = ["COMMANDS", "EXIT_ERROR", "ConfigError", "UsageError", "escape"]  # what `cli` takes


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
        if name != ALL and name not in RULE_IDS:
            raise UsageError(f"{option}: {unknown_rule(name, [*RULE_IDS, ALL])}")
    return names


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


def run_fix(args: argparse.Namespace) -> int:
    from notelint import fix_command  # the fixer and the safety check: only for `fix`

    color = _use_color(args.color)
    return fix_command.run_fix(args, _selection(args), _cache_choice(args), color)


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def run_rules(args: argparse.Namespace) -> int:
    from notelint.rule import summary as rule_summary  # with the rules it lists

    if args.output_format == "json":
        print(json.dumps([_rule_json(rule) for rule in registry.RULES], indent=2))
        return EXIT_CLEAN
    width = max(len(rule.ID) for rule in registry.RULES)
    for rule in registry.RULES:
        fixable = "fixable" if rule.FIXABLE else ""
        print(f"{rule.ID:<{width}}  {rule.SEVERITY:<7}  {fixable:<7}  {rule_summary(rule)}")
    return EXIT_CLEAN


def _rule_json(rule: Rule) -> dict[str, object]:
    from notelint.rule import summary as rule_summary

    return {
        "id": rule.ID,
        "severity": str(rule.SEVERITY),
        "fixable": rule.FIXABLE,
        "summary": rule_summary(rule),
    }


def run_explain(args: argparse.Namespace) -> int:
    rule = registry.RULES_BY_ID.get(args.rule)
    if rule is None:
        raise UsageError(unknown_rule(args.rule))
    from notelint.rule import documentation, split_examples  # with the rule it explains

    if args.output_format == "json":
        text = documentation(rule)
        explained = {**_rule_json(rule), "documentation": text, "examples": split_examples(text)}
        print(json.dumps(explained, indent=2))
        return EXIT_CLEAN
    fixable = "fixable" if rule.FIXABLE else "not fixable"
    print(f"{rule.ID} ({rule.SEVERITY} by default, {fixable})\n")
    print(documentation(rule))
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


# What `cli` dispatches to, by the command's name.
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": run_check,
    "fix": run_fix,
    "rules": run_rules,
    "explain": run_explain,
    "init": run_init,
    "schema": run_schema,
}
