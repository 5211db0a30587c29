"""Choosing rules on the command line, as ruff does: `--select` replaces the rules the config
leaves on, `--extend-select` adds to them, `--ignore` takes rules away. A rule named outright
beats `ALL` (`--ignore ALL --extend-select dead-link` runs dead-link); at the same level,
`--ignore` wins.

The choice is folded into the config itself (the rules it leaves out are turned off), so
everything that follows the config follows it too: `rules_for`, the workers, and the cache,
whose file is keyed by the config.
"""

from __future__ import annotations

import dataclasses

from msgspec import Struct

from notelint.config import ALL, Config, RuleLevel
from notelint.rules import RULE_IDS


class Selection(Struct, frozen=True):
    """Rule names (or ALL) as given on the command line, already checked."""

    select: tuple[str, ...] | None = None  # None: the rules the config leaves on
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


def select_rules(config: Config, selection: Selection) -> Config:
    """The config with every rule the selection leaves out turned off. A rule the config turns
    off but the command line chooses runs at its default severity."""
    if selection == Selection():
        return config
    chosen = _chosen(config, selection)
    rules: dict[str, RuleLevel] = {}
    for rule in RULE_IDS:
        level = config.rules.get(rule)
        if rule not in chosen:
            rules[rule] = "off"
        elif level is not None and level != "off":
            rules[rule] = level
    return dataclasses.replace(config, rules=rules)


def _chosen(config: Config, selection: Selection) -> set[str]:
    wanted = {*(selection.select or ()), *selection.extend_select}
    ignored = set(selection.ignore)
    chosen = _on(config) if selection.select is None else set()
    if ALL in wanted:
        chosen = set(RULE_IDS)
    if ALL in ignored:
        chosen = set()
    return (chosen | (wanted - {ALL})) - (ignored - {ALL})


def _on(config: Config) -> set[str]:
    return {rule for rule in RULE_IDS if config.rules.get(rule) != "off"}


def deselected(config: Config, chosen: Config) -> frozenset[str]:
    """Rules `config` leaves on that the selection (`chosen`) turned off."""
    return frozenset(_on(config) - _on(chosen))
