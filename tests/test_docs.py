"""README stays in sync with the rule registry."""

from __future__ import annotations

import re
from pathlib import Path

from notelint.rules import RULES

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
ROWS = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \| ([^|]*) \|", README, re.MULTILINE)


def test_readme_rule_table_lists_every_rule_with_its_default_severity():
    assert [(name, severity) for name, severity, _ in ROWS] == [
        (rule.ID, str(rule.SEVERITY)) for rule in RULES
    ]


def test_readme_says_which_rules_fix():
    assert {name for name, _, fix in ROWS if fix.strip()} == {
        rule.ID for rule in RULES if rule.FIXABLE
    }


def test_the_pre_commit_hooks_in_readme_exist():
    hooks = (Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    for hook in re.findall(r"- id: (notelint[-a-z]*)", README):
        assert f"- id: {hook}\n" in hooks


def test_each_rule_id_is_its_module_name_with_dashes():
    # The registry lists module names, so that the IDs are known without importing the rules.
    from notelint.rules import RULE_IDS

    assert tuple(rule.ID for rule in RULES) == RULE_IDS
    assert all(rule.__name__ == "notelint.rules." + rule.ID.replace("-", "_") for rule in RULES)
