"""Does RNNSCOPE_POOL_ABOVE still send the trainings to the compute processes and keep the small
traces in the worker, and what does the hop to a compute process cost?

    .venv/bin/python -m bench.server.pool_split [--rounds 7]

A job estimated at `pool_above` seconds or more (core.cost) is computed in a child process
(server/pool.py), where it takes neither the worker's interpreter lock nor its core; a smaller
one runs in a thread of the worker, where a hop would cost more than it saves (docs/
architecture.md, D14). For the page's states at lecture sizes: first each one's estimate,
trained or not, against the threshold; then, side by side in one run (rounds interleaved),
jobs around it computed as the engine computes them, in a thread of this process and through a
started Pool of one child: the request's wall time each way (median) and the worker's own CPU
time in the pool (sending the work, reading the answer's bytes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from functools import partial
from pathlib import Path

from rnnscope.core import limits as L
from rnnscope.core.options import PAGE_CHOICES, normalize
from rnnscope.core.tokens import encode
from rnnscope.server.engine import as_payload
from rnnscope.server.pool import Pool
from rnnscope.server.settings import Settings
from rnnscope.server.traces import cost
from rnnscope.server.work import trace_work, trained_trace_work

TEXTS = ["hello", "hello world", "the quick brown fox jumps over the lazy dog"]
HIDDEN = [8, 16, 32]
# jobs timed both ways: (text, cell, hidden, train_steps)
LADDER = [
    ("hello", "lstm", 8, 0),
    ("hello world", "lstm", 32, 0),
    ("the quick brown fox jumps over the lazy dog", "lstm", 32, 0),
    ("hello", "rnn", 8, 50),
    ("hello", "lstm", 8, 50),
    ("hello", "lstm", 8, 200),
    ("hello world", "gru", 16, 200),
    ("hello", "lstm", 8, 500),
]


def job(text: str, cell: str, hidden: int, steps: int):
    o = normalize(text, cell=cell, hidden=hidden, train_steps=steps, digits=7)
    enc = encode(o.text, o.tokens)
    work = trained_trace_work if steps else trace_work
    return cost(o, enc), partial(work, o, enc, {"cost": None})


def estimates(thresholds: list[float]) -> None:
    """Every page state's estimate, untrained and trained, against each threshold."""
    rows: dict[int, list[float]] = {}
    for text in TEXTS:
        for cell in L.CELL_NAMES:
            for hidden in HIDDEN:
                for steps in PAGE_CHOICES["train_steps"]:
                    estimate, _ = job(text, cell, hidden, steps)
                    if estimate <= L.COST_BUDGET:
                        rows.setdefault(steps, []).append(estimate)
    states = f"{len(TEXTS)} texts x {len(L.CELL_NAMES)} cells x hidden {HIDDEN}"
    print(f"the page's states ({states}, within the budget): each threshold's share\n")
    heads = "".join(f" | at or over {t:g} s" for t in thresholds)
    print(f"| train_steps | states | least s | median s | most s{heads} |")
    print("| ---: | ---: | ---: | ---: | ---: |" + " ---: |" * len(thresholds))
    for steps, found in sorted(rows.items()):
        over = "".join(f" | {sum(e >= t for e in found)}" for t in thresholds)
        print(f"| {steps} | {len(found)} | {min(found):.4f} | {statistics.median(found):.4f} "
              f"| {max(found):.4f}{over} |")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--above", default="0.05,0.02,0.01", help="thresholds to count (seconds)")
    args = ap.parse_args()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"{len(os.sched_getaffinity(0))} cores, load average {load} at start\n")
    print(f"pool_above now: {Settings().pool_above} s")
    estimates([float(t) for t in args.above.split(",")])
    pool = Pool(1)
    pool.run(job(*LADDER[0])[1], None)  # the child started and warm
    never = lambda: False  # noqa: E731
    times: dict[tuple, dict[str, list[float]]] = {t: {} for t in LADDER}
    for r in range(args.rounds):
        for t in LADDER if r % 2 == 0 else LADDER[::-1]:
            _, work = job(*t)
            ways = [("thread", lambda w=work: as_payload(w(never))),
                    ("pool", lambda w=work: pool.run(w, never))]  # fmt: skip
            for way, run in ways if r % 2 == 0 else ways[::-1]:
                c0, w0 = time.process_time(), time.perf_counter()
                run()
                times[t].setdefault(way, []).append(time.perf_counter() - w0)
                times[t].setdefault(way + " cpu", []).append(time.process_time() - c0)
    pool.close()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"\nthe same jobs in a thread and through the pool, {args.rounds} rounds "
          f"(load average {load} at the end)\n")  # fmt: skip
    print(
        "| text | cell | H | train_steps | estimate s | thread ms | pool ms | pool / thread "
        "| worker CPU in the pool ms | hop ms |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for t, f in times.items():
        m = {k: statistics.median(v) * 1e3 for k, v in f.items()}
        text, cell, hidden, steps = t
        estimate, _ = job(*t)
        print(f"| {text[:16]} | {cell} | {hidden} | {steps} | {estimate:.4f} "
              f"| {m['thread']:.1f} | {m['pool']:.1f} | {m['pool'] / m['thread']:.2f} "
              f"| {m['pool cpu']:.2f} | {m['pool'] - m['thread']:.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
