"""The README's limits table says what core/limits.py says."""

from __future__ import annotations

import re
from pathlib import Path

from rnnscope.core import limits

README = Path(__file__).resolve().parents[2] / "README.md"
ROW = re.compile(r"^\| `([A-Z_]+)` \| ([^|]+) \|", re.M)


def test_limits_table_matches_core():
    rows = dict(ROW.findall(README.read_text()))
    numeric = {k: v for k, v in vars(limits).items() if k.isupper() and isinstance(v, int | float)}
    assert set(rows) == set(numeric), set(rows) ^ set(numeric)
    for name, value in numeric.items():
        assert float(rows[name]) == value, name


def test_readme_names_the_two_commands_and_screenshot():
    text = README.read_text()
    assert "make run" in text and "make test" in text
    assert "docs/screenshot.png" in text
