"""README stays in sync with the rule registry."""

from __future__ import annotations

import re
from pathlib import Path

from notelint.rules import RULES

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_rule_table_lists_every_rule_with_its_default_severity():
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|", README, re.MULTILINE)
    assert rows == [(rule.ID, str(rule.SEVERITY)) for rule in RULES]
