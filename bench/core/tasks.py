"""Do the estimates of a classification and a seq2seq stay above their real cost?

    python -m bench.core.tasks          # measured/estimated for a grid of sizes

Each request is run through core (fit() and to_dict(), then json.dumps, as the server does)
3 times; the least CPU time of this process counts (process_time: other processes on the
shared machine barely change it). A ratio above 1 means the server would under-estimate that
request: raise the TASK_* constants in core/cost.py.
"""

from __future__ import annotations

import json
import time

from rnnscope.core import classify as C
from rnnscope.core import seq2seq as S
from rnnscope.core.task_options import ClassifyOptions, Seq2SeqOptions

WORDS = [
    "good",
    "bad",
    "film",
    "plot",
    "fun",
    "dull",
    "slow",
    "fine",
    "great",
    "awful",
    "acting",
    "music",
    "story",
    "ending",
]


def examples(n: int, length: int) -> list[list[str]]:
    return [
        [
            " ".join(WORDS[(i * 7 + j * 3) % len(WORDS)] for j in range(1 + (i + length) % length)),
            ["pos", "neg", "meh"][i % 3],
        ]
        for i in range(n)
    ]


def pairs(n: int, length: int) -> list[list[str]]:
    src = [("abcdefghij" * 8)[i % 7 : i % 7 + 1 + (i * 5) % length] for i in range(n)]
    return [[s, s[::-1]] for s in src]


GRID = [
    dict(n=8, length=8, hidden=16, train_steps=200),
    dict(n=16, length=16, hidden=32, train_steps=200),
    dict(n=64, length=32, hidden=64, train_steps=100),
    dict(n=64, length=64, hidden=16, train_steps=50),
    dict(n=8, length=8, hidden=128, train_steps=50, layers=2),
    dict(n=16, length=16, hidden=32, train_steps=100, layers=3),
]


def measure(kind: str, cell: str, n: int, length: int, bidirectional: bool, **kw):
    if kind == "classify":
        ex = tuple(map(tuple, examples(n, length)))  # past MAX_EXAMPLES_CHARS: no limits here
        o = ClassifyOptions(examples=ex, cell=cell, bidirectional=bidirectional, **kw)
        batch, mod = C.prepare(o), C
    else:
        ps = tuple(map(tuple, pairs(n, length)))
        o = Seq2SeqOptions(pairs=ps, cell=cell, bidirectional=bidirectional, **kw)
        batch, mod = S.prepare(o), S
    took = []
    for _ in range(3):
        t0 = time.process_time()
        json.dumps(mod.fit(o, batch).to_dict())
        took.append(time.process_time() - t0)
    return min(took), mod.estimate_cost(o, batch)


def main() -> None:
    print(f"{'task':9}{'cell':5}{'bi':3} {'size':44} {'measured':>9} {'estimate':>9} {'ratio':>6}")
    worst = 0.0
    measure("classify", "lstm", 2, 2, False, hidden=2, train_steps=1)  # warm-up
    for kind in ("classify", "seq2seq"):
        for cell in ("rnn", "lstm", "gru"):
            for bi in (False, True):
                for size in GRID:
                    took, est = measure(kind, cell, bidirectional=bi, **size)
                    worst = max(worst, took / est)
                    label = " ".join(f"{k}={v}" for k, v in size.items())
                    print(
                        f"{kind:9}{cell:5}{bi:3d} {label:44} {took:9.3f} {est:9.3f} "
                        f"{took / est:6.2f}",
                        flush=True,
                    )
    print(f"worst measured/estimated: {worst:.2f} (keep below 1)")


if __name__ == "__main__":
    main()
