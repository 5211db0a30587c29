"""The rule registry: one module per rule, listed once here."""

from __future__ import annotations

from notelint.rule import Rule
from notelint.rules import (
    ambiguous_link,
    bad_date,
    bad_value,
    dead_anchor,
    dead_link,
    dead_transclusion,
    dead_wikilink,
    duplicate_key,
    duplicate_section,
    duplicate_value,
    frontmatter_syntax,
    heading_level,
    misread_yaml,
    missing_field,
    missing_section,
    not_canonical,
    out_of_range,
    section_order,
    unexpected_section,
    unknown_field,
    unknown_type,
    unreadable_file,
    unused_suppression,
    wrong_type,
)

RULES: tuple[Rule, ...] = (
    unreadable_file,
    frontmatter_syntax,
    duplicate_key,
    misread_yaml,
    unknown_type,
    missing_field,
    unknown_field,
    wrong_type,
    out_of_range,
    bad_date,
    bad_value,
    duplicate_value,
    missing_section,
    section_order,
    heading_level,
    duplicate_section,
    unexpected_section,
    dead_transclusion,
    dead_wikilink,
    dead_anchor,
    dead_link,
    ambiguous_link,
    not_canonical,
    unused_suppression,
)
RULES_BY_ID: dict[str, Rule] = {rule.ID: rule for rule in RULES}
