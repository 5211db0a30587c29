"""The rule registry: one module per rule, listed once here.

Listed by module name: a rule's ID is its module's name with dashes. The modules (and the
parser, Markdown and YAML code they import) load on first use of RULES, so a run answered
from the cache, which needs only the IDs, imports none of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notelint.rule import Rule

    RULES: tuple[Rule, ...]
    RULES_BY_ID: dict[str, Rule]

_MODULES = (
    "unreadable_file",
    "frontmatter_syntax",
    "duplicate_key",
    "misread_yaml",
    "unknown_type",
    "missing_field",
    "unknown_field",
    "wrong_type",
    "out_of_range",
    "bad_date",
    "bad_value",
    "duplicate_value",
    "missing_section",
    "section_order",
    "heading_level",
    "duplicate_section",
    "unexpected_section",
    "dead_transclusion",
    "dead_wikilink",
    "dead_anchor",
    "dead_link",
    "ambiguous_link",
    "not_canonical",
    "unused_suppression",
)
RULE_IDS: tuple[str, ...] = tuple(name.replace("_", "-") for name in _MODULES)


def unknown_rule(name: str, known: Iterable[str] = RULE_IDS) -> str:
    """`unknown rule 'dead-links'; did you mean dead-link, dead-wikilink?`, wherever a rule is
    named: the command line, the config, suppressions. Case is folded, so `all` finds `ALL`."""
    import difflib  # only for a mistake

    folded = {choice.lower(): choice for choice in known}
    close = [folded[match] for match in difflib.get_close_matches(name.lower(), folded, 3)]
    hint = f"; did you mean {', '.join(close)}?" if close else "; see `notelint rules`"
    return f"unknown rule {name!r}{hint}"


def __getattr__(name: str) -> Any:
    """RULES and RULES_BY_ID, imported on first use (PEP 562)."""
    if name not in ("RULES", "RULES_BY_ID"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    rules = tuple(importlib.import_module(f"{__name__}.{module}") for module in _MODULES)
    globals().update(RULES=rules, RULES_BY_ID={rule.ID: rule for rule in rules})
    return globals()[name]
