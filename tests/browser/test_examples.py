"""The stored example traces (static/examples/) are what core computes today.

They paint the page before the first API answer, so a stale one would show numbers core no
longer gives. Regenerate with: python scripts/make_examples.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import make_examples  # noqa: E402


def differences(a, b, path="$"):
    """Where two JSON values differ (floats to 1e-9 relative: another CPU may round apart)."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys {sorted(a.keys() ^ b.keys())}"]
        return [d for k in a for d in differences(a[k], b[k], f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: length {len(a)} != {len(b)}"]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{path}[{i}]")
        ]
    if isinstance(a, float) and isinstance(b, float):
        return [] if a == pytest.approx(b, rel=1e-9, abs=1e-12) else [f"{path}: {a} != {b}"]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


@pytest.mark.parametrize("example", make_examples.EXAMPLES, ids=lambda e: e["file"])
def test_example_matches_core(example):
    stored = json.loads((make_examples.OUT / example["file"]).read_text(encoding="utf-8"))
    fresh = json.loads(make_examples.dump(make_examples.body(example["state"])))
    diff = differences(stored, fresh)
    assert not diff, f"{example['file']} is stale (run python scripts/make_examples.py): {diff[:5]}"


def test_index_lists_every_example():
    index = json.loads((make_examples.OUT / "index.json").read_text(encoding="utf-8"))
    assert index == make_examples.EXAMPLES
