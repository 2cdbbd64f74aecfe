"""Write the example traces the page paints before the API answers (static/examples/).

Each example is exactly what the API would send for one page state, computed by `core.trace`;
index.json lists them with the page state (static/js/state.js names) that asks for it.
Run after any change to core that changes traces:  python scripts/make_examples.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from rnnscope import core  # noqa: E402
from rnnscope.core.options import PAGE_DEFAULTS  # noqa: E402

OUT = ROOT / "static" / "examples"
CELLS = ("rnn", "lstm", "gru")
# The page's starting state (PAGE_DEFAULTS in core/options.py: hello, 8 hidden units), LSTM, seed 0.
HELLO = {**PAGE_DEFAULTS, "seed": 0}
EXAMPLES = [
    {"file": "hello-lstm.json", "state": {**HELLO, "cell": "lstm"}},
    {"file": "hello-compare.json", "state": {**HELLO, "cell": "compare"}},
]


def body(state: dict) -> dict:
    """The JSON body of /api/v1/trace (one cell) or /api/v1/compare (cell "compare")."""
    options = {k: v for k, v in state.items() if k != "cell"}
    if state["cell"] != "compare":
        return core.trace(cell=state["cell"], **options).to_dict()
    traces = {cell: core.trace(cell=cell, **options).to_dict() for cell in CELLS}
    request = {**traces["lstm"]["request"], "cells": list(CELLS)}
    request.pop("cell")
    return {"request": request, "traces": traces}


def dump(data: object) -> str:
    return json.dumps(data, separators=(",", ":"), allow_nan=False, ensure_ascii=False)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for example in EXAMPLES:
        (OUT / example["file"]).write_text(dump(body(example["state"])) + "\n", encoding="utf-8")
    (OUT / "index.json").write_text(json.dumps(EXAMPLES, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(EXAMPLES)} examples to {OUT}")


if __name__ == "__main__":
    main()
