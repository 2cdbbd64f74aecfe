"""Do students asking the recall lesson for new seeds at once get their answers within 10 s?

    .venv/bin/python -m bench.load.recall                               # 2 workers
    .venv/bin/python -m bench.load.recall --against main~5 --rounds 2   # before and after

Starts `rnnscope serve --workers N` on a free 127.0.0.1 port (and always stops it), then sends
at once, each on a connection of its own, the recall runs of the lesson's panel
(core/recall_lesson.py, as static/js/lessons/panel-recall.js asks) for the seeds the lesson
offers (0-9), none asked before by a student:

- `10 requests`: ten runs, one per seed, the lesson's three cells in turn (RNN, LSTM, GRU, ...);
- `10 students`: what ten students changing the seed send, three runs each (30 requests).

The server computes the offered seeds' runs when it starts (server/warm.py,
RNNSCOPE_WARM_RECALL): the bench waits until /healthz says they are ready and prints how long
that took (a revision without it starts at once). This checkout's two servers share one data
directory, as one lecture hall's server restarted: the second finds the runs kept there.
`--unoffered` adds `10 requests` for seeds the lesson does not offer (100-109), computed live.

Prints per revision the seconds until each answer (p50, max), errors, and the server's CPU
time; with `--against REV` the revision REV too, from a temporary worktree, interleaved with
this checkout, and the ratio of their times.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from bench.load.against import interleaved, load, ratio, revisions
from bench.load.lecture import pct
from bench.load.server import served
from rnnscope.core.recall_lesson import RUNS, SEEDS, SETUP

TIMEOUT = 300.0
# (students, runs each, first seed)
CASES = {"10 requests": (10, 1, SEEDS.start), "10 students": (10, 3, SEEDS.start)}
UNOFFERED = {"10 requests, seeds not offered": (10, 1, 100)}
WARM = 1200.0  # seconds the offered seeds may take at start (524 s at a load average of 20)


def urls(students: int, runs_each: int, first_seed: int) -> list[str]:
    """The lesson's runs with a new seed per student (one run each: the cells in turn)."""
    out = []
    for i in range(students):
        seed = first_seed + i
        cells = RUNS if runs_each == 3 else (RUNS[i % len(RUNS)],)
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


def warmed(base: str) -> float:
    """Wait until the server says the lesson's offered runs are ready; seconds waited (0 for
    a revision that does not compute them)."""
    start = time.perf_counter()
    while time.perf_counter() - start < WARM:
        with urllib.request.urlopen(base + "/healthz", timeout=30) as r:
            ready = json.load(r).get("recall_lesson")
        if ready is None or not ready["warming"] or ready["kept"] == ready["of"]:
            return time.perf_counter() - start
        time.sleep(1.0)
    raise TimeoutError("the recall lesson's runs were not ready in time")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--against", metavar="REV", help="also serve git REV, interleaved")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--unoffered", action="store_true", help="also seeds the lesson does not offer")
    args = ap.parse_args()
    cases = {**CASES, **(UNOFFERED if args.unoffered else {})}
    kept = tempfile.TemporaryDirectory(prefix="rnnscope-kept-")  # this checkout's data dir
    print(f"`{os.cpu_count()} cores, load average {load()} at start; {args.workers} workers`\n")
    figures: dict[tuple[str, str], list[float]] = {}
    errors: dict[tuple[str, str], list[str]] = {}
    with revisions(args.against) as revs:
        for label, root in interleaved(revs, args.rounds):
            for case, (students, each, first) in cases.items():
                targets = urls(students, each, first)
                env = {"RNNSCOPE_WARM_RECALL": "1"}
                if label == "now" and first in SEEDS:  # the kept runs; others start afresh
                    env["RNNSCOPE_DATA_DIR"] = kept.name
                with served(workers=args.workers, root=Path(root), env=env) as srv:
                    warm = warmed(srv.base)
                    start_load, cpu0 = load(), srv.cpu_seconds()
                    secs, problems = burst(srv.base, targets)
                    cpu = srv.cpu_seconds() - cpu0
                print(f"- {label}, {case} ({len(targets)} runs): p50 {pct(secs, 0.5):.1f} s, "
                      f"max {max(secs):.1f} s, errors {len(problems)}, server CPU {cpu:.1f} s, "
                      f"load average {start_load} at its start; the offered seeds ready "
                      f"{warm:.0f} s after it answered")  # fmt: skip
                figures.setdefault((label, case), []).extend(secs)
                errors.setdefault((label, case), []).extend(problems)
        if len(revs) == 2:
            (b, _), (a, _) = revs
            print(f"\n| burst | max s {b} | max s {a} | ratio | p50 s {b} | p50 s {a} | ratio "
                  f"| errors {b} / {a} |")  # fmt: skip
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            for case in cases:
                before, after = figures[(b, case)], figures[(a, case)]
                worst = [max(before), max(after)]
                mid = [pct(before, 0.5), pct(after, 0.5)]
                print(f"| {case} | {worst[0]:.1f} | {worst[1]:.1f} | {ratio(*worst)} "
                      f"| {mid[0]:.1f} | {mid[1]:.1f} | {ratio(*mid)} "
                      f"| {len(errors[(b, case)])} / {len(errors[(a, case)])} |")  # fmt: skip
    kept.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
