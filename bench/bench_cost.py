"""Does core.estimate_cost stay above the real cost? Prints measured/estimated per size.

    python bench/bench_cost.py

A ratio above 1 means the server would under-estimate that request: raise the constants
in core/cost.py. Ratios are taken in one run, on one machine, side by side.
"""

from __future__ import annotations

import json
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core import estimate_cost
from core.options import Options
from core.tokens import encode
from core.trace import run

GRID = [
    dict(steps=4, hidden=16),
    dict(steps=64, hidden=64),
    dict(steps=256, hidden=64),
    dict(steps=64, hidden=256),
    dict(steps=256, hidden=256),
    dict(steps=128, hidden=32, layers=3),
    dict(steps=64, hidden=32, truncate=8),
    dict(steps=16, hidden=16, train_steps=200),
]


def measure(cell: str, steps: int, hidden: int, **kw) -> tuple[float, float]:
    text = (string.ascii_lowercase * 20)[: steps + 1]
    o = Options(text=text, cell=cell, hidden=hidden, **kw)
    enc = encode(text)
    t0 = time.perf_counter()
    body = json.dumps(run(o, enc).to_dict(), allow_nan=False, separators=(",", ":"))
    took = time.perf_counter() - t0
    est = estimate_cost(steps, hidden, kw.get("layers", 1), cell, len(enc.vocab), 0,
                        kw.get("train_steps", 0), kw.get("truncate"))  # fmt: skip
    assert body
    return took, est


def main() -> None:
    print(f"{'cell':5} {'size':40} {'measured s':>10} {'estimate s':>10} {'ratio':>6}")
    worst = 0.0
    measure("lstm", 4, 4)  # warm-up: imports and first-call costs are not a request's
    for cell in ("rnn", "lstm", "gru"):
        for size in GRID:
            took, est = measure(cell, **size)
            worst = max(worst, took / est)
            label = " ".join(f"{k}={v}" for k, v in size.items())
            print(f"{cell:5} {label:40} {took:10.3f} {est:10.3f} {took / est:6.2f}")
    print(f"worst measured/estimated: {worst:.2f} (keep below 1)")


if __name__ == "__main__":
    main()
