"""Do students asking the recall lesson for new seeds at once get their answers within 10 s?

    .venv/bin/python -m bench.load.recall                               # 2 workers
    .venv/bin/python -m bench.load.recall --against main~5 --rounds 2   # before and after

Starts `rnnscope serve --workers N` on a free 127.0.0.1 port with a fresh data directory (and
always stops it), then sends at once, each on a connection of its own, the recall runs of the
lesson's panel (static/js/lessons/panel-recall.js, the settings of
bench/experiments/recall_seeds.py) for seeds no one has asked before:

- `10 requests`: ten runs, the lesson's three cells in turn (RNN, LSTM, GRU, RNN, ...);
- `10 students`: what ten students changing the seed send, three runs each (30 requests).

Prints per revision the seconds until each answer (p50, max), errors, and the server's CPU
time; with `--against REV` the revision REV too, from a temporary worktree, interleaved with
this checkout, and the ratio of their times.
"""

from __future__ import annotations

import argparse
import os
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from bench.experiments.recall_seeds import RUNS, SETUP
from bench.load.against import interleaved, load, ratio, revisions
from bench.load.lecture import pct
from bench.load.server import served

TIMEOUT = 300.0
CASES = {"10 requests": (10, 1), "10 students": (10, 3)}  # (students, runs each)


def urls(students: int, runs_each: int, first_seed: int) -> list[str]:
    """The lesson's runs with a new seed per student (one run each: the cells in turn)."""
    out = []
    for i in range(students):
        seed = first_seed + i
        cells = RUNS if runs_each == 3 else [RUNS[i % len(RUNS)]]
        out += [f"/api/v1/recall?{urlencode({**run, **SETUP, 'seed': seed})}" for run in cells]
    return out


def ask(base: str, target: str) -> tuple[float, str | None]:
    """Seconds until the whole answer arrived, and what went wrong if anything."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(base + target, timeout=TIMEOUT) as reply:
            reply.read()
            problem = None if reply.status == 200 else f"status {reply.status}"
    except OSError as exc:
        problem = type(exc).__name__
    return time.perf_counter() - start, problem


def burst(base: str, targets: list[str]) -> tuple[list[float], list[str]]:
    with ThreadPoolExecutor(len(targets)) as threads:
        results = list(threads.map(lambda t: ask(base, t), targets))
    return [s for s, _ in results], [p for _, p in results if p is not None]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--against", metavar="REV", help="also serve git REV, interleaved")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--seed", type=int, default=100, help="the first new seed")
    args = ap.parse_args()
    print(f"`{os.cpu_count()} cores, load average {load()} at start; {args.workers} workers`\n")
    figures: dict[tuple[str, str], list[float]] = {}
    errors: dict[tuple[str, str], list[str]] = {}
    with revisions(args.against) as revs:
        for label, root in interleaved(revs, args.rounds):
            for case, (students, each) in CASES.items():
                targets = urls(students, each, args.seed)
                with served(workers=args.workers, root=Path(root)) as srv:
                    start_load, cpu0 = load(), srv.cpu_seconds()
                    secs, problems = burst(srv.base, targets)
                    cpu = srv.cpu_seconds() - cpu0
                print(f"- {label}, {case} ({len(targets)} runs): p50 {pct(secs, 0.5):.1f} s, "
                      f"max {max(secs):.1f} s, errors {len(problems)}, server CPU {cpu:.1f} s, "
                      f"load average {start_load} at its start")  # fmt: skip
                figures.setdefault((label, case), []).extend(secs)
                errors.setdefault((label, case), []).extend(problems)
        if len(revs) == 2:
            (b, _), (a, _) = revs
            print(f"\n| burst | max s {b} | max s {a} | ratio | p50 s {b} | p50 s {a} | ratio "
                  f"| errors {b} / {a} |")  # fmt: skip
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            for case in CASES:
                before, after = figures[(b, case)], figures[(a, case)]
                worst = [max(before), max(after)]
                mid = [pct(before, 0.5), pct(after, 0.5)]
                print(f"| {case} | {worst[0]:.1f} | {worst[1]:.1f} | {ratio(*worst)} "
                      f"| {mid[0]:.1f} | {mid[1]:.1f} | {ratio(*mid)} "
                      f"| {len(errors[(b, case)])} / {len(errors[(a, case)])} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
