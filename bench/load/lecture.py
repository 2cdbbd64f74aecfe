"""A lecture hall on loopback: 200 students open the page, then type and click for 60 s.

    .venv/bin/python -m bench.load.lecture                     # 1 worker, then 2 workers
    .venv/bin/python -m bench.load.lecture --workers 2 --duration 30 --students 100
    .venv/bin/python -m bench.load.lecture --workers 2 --profile artifacts/   # + py-spy
    .venv/bin/python -m bench.load.lecture --workers 2 --against main~5 --rounds 2

For each worker count it starts `rnnscope serve --workers N` on a free 127.0.0.1 port (and
always stops it), runs the students of bench/load/students.py, and prints per kind of
request: answered requests, requests/s, p50/p99/max latency, errors (5xx, broken or timed-out
connections, wrong bodies; the goal is 0), 422 refusals over the cost budget, requests aborted by
a newer keystroke, and the bytes received (gzip where the server sends it, as to a browser).
Then the page's first load per student, and the CPU time of the server and of this generator.
With `--against REV`, git REV is served too, from a temporary worktree (bench/load/against.py),
its runs interleaved with this checkout's (`--rounds`), and a table puts the two side by side
with the ratio of their latencies: on a shared machine only the ratio means something.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.load import students as lecture_students
from bench.load.against import interleaved, load, ratio, revisions
from bench.load.client import Pool
from bench.load.server import ROOT, served
from bench.load.stats import Stats, pct
from bench.load.students import KINDS, Student, page_plan, probe
from bench.load.watch import BoardWatch, asked_work, by_estimate, estimate, timing_table

ARRIVAL = 10.0  # students open the link within this many seconds of the lecturer showing it


async def lecture(base: str, students: int, duration: float, seed: int = 0) -> tuple[Stats, float]:
    """Run the students against `base` until `duration` s have passed; (stats, wall seconds)."""
    url = urlsplit(base)
    planner = Pool(url.hostname or "", url.port or 80)
    plan = await page_plan(planner)
    planner.close()
    stats = Stats()
    start = time.perf_counter()
    deadline = start + duration
    rng = random.Random(seed)
    crowd = [
        Student(i, url.hostname or "", url.port or 80, stats, deadline, seed)
        for i in range(students)
    ]
    await asyncio.gather(
        probe(url.hostname or "", url.port or 80, stats, deadline),
        *(s.run(plan, rng.uniform(0, ARRIVAL)) for s in crowd),
    )
    return stats, time.perf_counter() - start


def table(stats: Stats, duration: float) -> str:
    rows = [
        "| request | answered | req/s | p50 ms | p99 ms | max ms | errors | refused (cost) "
        "| aborted | MB received |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    every: list[float] = []
    for kind in KINDS:
        secs = stats.seconds.get(kind, [])
        if kind != "probe":  # the students' requests only
            every += secs
        errors = sum(stats.errors.get(kind, {}).values())
        rows.append(
            f"| {kind} | {len(secs)} | {len(secs) / duration:.1f} | {pct(secs, 0.5) * 1e3:.1f} "
            f"| {pct(secs, 0.99) * 1e3:.1f} | {max(secs, default=0) * 1e3:.1f} | {errors} "
            f"| {stats.refused.get(kind, 0)} | {stats.aborted.get(kind, 0)} "
            f"| {stats.nbytes.get(kind, 0) / 1e6:.1f} |"
        )
    errors = sum(sum(e.values()) for k, e in stats.errors.items() if k != "probe")
    rows.append(
        f"| **all** | {len(every)} | {len(every) / duration:.1f} | {pct(every, 0.5) * 1e3:.1f} "
        f"| {pct(every, 0.99) * 1e3:.1f} | {max(every, default=0) * 1e3:.1f} | {errors} "
        f"| {sum(stats.refused.values())} | {sum(stats.aborted.values())} "
        f"| {sum(stats.nbytes.values()) / 1e6:.1f} |"
    )
    return "\n".join(rows)


def health(base: str) -> dict:
    with urllib.request.urlopen(base + "/healthz", timeout=10) as r:
        return json.load(r)


def summary(
    stats: Stats, duration: float, server_cpu: float, client_cpu: float, cache: dict | None = None
) -> str:
    loads, nbytes = stats.first_load, stats.first_load_bytes
    lines = [
        table(stats, duration),
        "",
        f"- first load of the page ({len(loads)} students): p50 {pct(loads, 0.5):.2f} s, "
        f"p99 {pct(loads, 0.99):.2f} s, {pct(nbytes, 0.5) / 1e6:.2f} MB received each",
        f"- answered from the browser's cache instead of asking again: {stats.browser_cached}",
        f"- CPU seconds over {duration:.0f} s: server {server_cpu:.1f}, this generator "
        f"{client_cpu:.1f} (2 cores = {2 * duration:.0f} available)",
    ]
    if cache is not None:
        lines.append(
            f"- the server computed {cache['misses']} answers (cache misses; a comparison counts "
            f"once more than its traces) and answered {cache['hits']} from its cache; students "
            f"received {len(stats.delivered)} distinct traces and comparisons"
        )
    waits = [w for kind in TRAINED for w in stats.waited.get(kind, [])]
    if waits:
        lines.append(
            f"- trained, as the student waits (from the end of the typing pause to the answer; "
            f"the cost question first where the page asks it): p50 {pct(waits, 0.5):.2f} s, p99 "
            f"{pct(waits, 0.99):.2f} s ({len(waits)} answers)"
        )
    if any(stats.errors.values()):
        lines.append(f"- errors by kind and reason: {dict(stats.errors)}")
    if any(stats.timing.values()):
        lines += ["", "Where the computed answers' time went on the server (Server-Timing, ms; "
                  "a comparison's cells summed):", "", timing_table(stats)]  # fmt: skip
    return "\n".join(lines)


def profile(pids: list[int], seconds: float, out: Path) -> list[subprocess.Popen]:
    """py-spy record of each worker in the background (collapsed stacks, for `top_frames`)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    out.mkdir(parents=True, exist_ok=True)
    return [
        subprocess.Popen(
            [
                spy,
                "record",
                "--pid",
                str(pid),
                "--duration",
                str(int(seconds)),
                "--rate",
                "50",
                "--format",
                "raw",
                "--nonblocking",  # only threads on the CPU: where the workers' CPU goes
                "--output",
                str(out / f"pyspy-{pid}.txt"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in pids
    ]


def top_frames(paths: list[Path], n: int = 25) -> str:
    """Share of busy samples (idle waits left out) spent in each function, inclusive."""
    inclusive: dict[str, int] = {}
    busy = 0
    for path in paths:
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            frames = stack.split(";")
            if any(idle in frames[-1] for idle in IDLE):
                continue
            busy += int(count)
            for name in {f.split(" (")[0] for f in frames}:
                inclusive[name] = inclusive.get(name, 0) + int(count)
    top = sorted(inclusive.items(), key=lambda kv: -kv[1])[:n]
    return "\n".join(f"{100 * c / max(busy, 1):5.1f}%  {name}" for name, c in top)


# leaf frames of a thread that waits (py-spy --idle keeps them; they are not work)
IDLE = ("select (", "wait (", "acquire (", "_worker (", "sleep (", "epoll", "poll (")


@dataclass
class Run:
    """One lecture against one server: what the students saw, and the machine meanwhile."""

    stats: Stats
    wall: float
    server_cpu: float
    client_cpu: float
    load: str  # load average at the start
    cache: dict | None = None
    notes: list[str] | None = None  # the slots, the compute processes, the work asked


def one_run(root: Path, workers: int, args: argparse.Namespace, before: bool = False) -> Run:
    """`rnnscope serve --workers N` of the checkout `root` (a fresh data directory), the
    lecture against it, its CPU time; py-spy stacks too with --profile."""
    start_load = load()
    env = dict(e.split("=", 1) for e in args.env + (args.before_env if before else []))
    with served(workers=workers, root=root, env=env) as srv:
        spies = profile(srv.worker_pids(), args.duration, args.profile) if args.profile else []
        cpu0, own0 = srv.cpu_seconds(), resource.getrusage(resource.RUSAGE_SELF)
        compute0 = srv.compute_cpu_seconds()
        board = BoardWatch(srv.data_dir or Path(), os.cpu_count() or 1)
        board.start()
        stats, wall = asyncio.run(lecture(srv.base, args.students, args.duration, args.seed))
        board.stop()
        own1 = resource.getrusage(resource.RUSAGE_SELF)
        server_cpu = srv.cpu_seconds() - cpu0
        compute = srv.compute_cpu_seconds() - compute0
        cache = health(srv.base)["cache"] if workers == 1 else None  # one worker: exact
        client_cpu = own1.ru_utime + own1.ru_stime - own0.ru_utime - own0.ru_stime
        for spy in spies:
            spy.wait(timeout=60)
    if spies:
        files = [args.profile / f"pyspy-{pid}.txt" for pid in (s.args[3] for s in spies)]
        print("\npy-spy, share of the workers' busy samples per function (inclusive):\n")
        print(top_frames([f for f in files if f.exists()]))
    notes = [
        f"- of the server's CPU seconds, its compute processes (trainings, heavier traces) "
        f"{compute:.1f}",
        board.summary(),
        asked_work(stats, wall, os.cpu_count() or 1),
        "",
        "Trained answers computed, by their estimate (ms):",
        "",
        by_estimate(stats),
    ]
    if args.dump:  # every API request sent, with its estimate: for bench/load/queue.py
        t0 = min((a[0] for a in stats.asked), default=0.0)
        rows = [[a[0] - t0, a[1], a[2], a[3] and a[3] - t0, a[4], estimate(a[2])]
                for a in stats.asked]  # fmt: skip
        args.dump.write_text(json.dumps(rows))
    return Run(stats, wall, server_cpu, client_cpu, start_load, cache, notes)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--students", type=int, default=200)
    ap.add_argument("--duration", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", type=Path, help="write py-spy stacks of each worker here")
    ap.add_argument(
        "--root", type=Path, default=ROOT, help="the checkout to serve (default: this one)"
    )
    ap.add_argument(
        "--against",
        metavar="REV",
        help="also serve git REV (a temporary worktree), interleaved with this checkout",
    )
    ap.add_argument("--rounds", type=int, default=1, help="runs of each revision, interleaved")
    ap.add_argument(
        "--before-env",
        nargs="*",
        default=[],
        metavar="X=V",
        help="settings for the --against revision only (PYTHONPATH=DIR: modules it lacked)",
    )
    ap.add_argument("--dump", type=Path, help="write the API requests sent here (JSON)")
    ap.add_argument(
        "--env",
        nargs="*",
        default=[],
        metavar="RNNSCOPE_X=V",
        help="settings for the servers (an experiment: RNNSCOPE_POOL_ABOVE=0.1)",
    )
    ap.add_argument(
        "--training-debounce",
        type=float,
        default=lecture_students.TRAINING_DEBOUNCE,
        help="seconds of pause before a request that trains (the page's; 0.12 before e4c7aba)",
    )
    args = ap.parse_args()
    lecture_students.TRAINING_DEBOUNCE = args.training_debounce
    if not 1 <= args.students <= 1000 or not 1 <= args.duration <= 3600:
        ap.error("students in 1..1000 and duration in 1..3600 s: the load stays bounded")
    if not 1 <= args.rounds <= 10:
        ap.error("rounds in 1..10")

    print(
        f"`{os.cpu_count()} cores, load average {load()} at start; {args.students} students, "
        f"{args.duration:.0f} s`"
    )
    with revisions(args.against) as revs:
        if not args.against:
            revs = [(str(args.root), args.root)]
        for workers in args.workers:
            runs: dict[str, list[Run]] = {label: [] for label, _ in revs}
            for label, root in interleaved(revs, args.rounds):
                run = one_run(root, workers, args, before=label == args.against)
                runs[label].append(run)
                print(f"\n### {workers} worker{'s' if workers > 1 else ''}: {label} "
                      f"(load average {run.load} at its start)\n")  # fmt: skip
                print(summary(run.stats, run.wall, run.server_cpu, run.client_cpu, run.cache))
                print("\n" + "\n".join(run.notes or []))
            if len(revs) == 2:
                print(f"\n### {workers} worker{'s' if workers > 1 else ''}: side by side, "
                      f"{args.rounds} round{'s' if args.rounds > 1 else ''} each\n")  # fmt: skip
                both = [merged(runs[label]) for label, _ in revs]
                print(side_by_side(both[0], both[1], revs))
                for (label, _), stats in zip(revs, both, strict=True):
                    if any(stats.timing.values()):
                        print(f"\n{label}, Server-Timing (ms):\n\n{timing_table(stats)}")
    return 0


def merged(runs: list[Run]) -> Stats:
    """The rounds of one revision as one set of figures."""
    out = Stats()
    for run in runs:
        for kind, secs in run.stats.seconds.items():
            out.seconds[kind] += secs
        for table in ("nbytes", "refused", "aborted"):
            for kind, n in getattr(run.stats, table).items():
                getattr(out, table)[kind] += n
        for kind, reasons in run.stats.errors.items():
            for reason, n in reasons.items():
                out.errors[kind][reason] = out.errors[kind].get(reason, 0) + n
        for table in ("timing", "timed_seconds", "timed_urls", "waited"):
            for kind, values in getattr(run.stats, table).items():
                getattr(out, table)[kind] += values
    return out


TRAINED = ("trace+train", "compare+train")


def side_by_side(before: Stats, after: Stats, revs: list[tuple[str, Path]]) -> str:
    """Per kind of request: p50 and p99 of each revision and their ratio (after / before),
    errors and cost refusals; `trained` is trace+train and compare+train together."""
    b, a = revs[0][0], revs[1][0]
    rows = [
        f"| request | answered {b} / {a} | p50 ms {b} | p50 ms {a} | ratio | p99 ms {b} "
        f"| p99 ms {a} | ratio | errors {b} / {a} | refused {b} / {a} |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in [*KINDS, "trained"]:
        kinds = TRAINED if kind == "trained" else (kind,)
        secs = [[x for k in kinds for x in s.seconds.get(k, [])] for s in (before, after)]
        errs = [sum(sum(s.errors.get(k, {}).values()) for k in kinds) for s in (before, after)]
        refused = [sum(s.refused.get(k, 0) for k in kinds) for s in (before, after)]
        p50 = [pct(x, 0.5) * 1e3 for x in secs]
        p99 = [pct(x, 0.99) * 1e3 for x in secs]
        name = f"**{kind}**" if kind == "trained" else kind
        rows.append(
            f"| {name} | {len(secs[0])} / {len(secs[1])} | {p50[0]:.1f} | {p50[1]:.1f} "
            f"| {ratio(*p50)} | {p99[0]:.1f} | {p99[1]:.1f} | {ratio(*p99)} "
            f"| {errs[0]} / {errs[1]} | {refused[0]} / {refused[1]} |"
        )
    waits = [[w for k in TRAINED for w in s.waited.get(k, [])] for s in (before, after)]
    p50 = [pct(x, 0.5) * 1e3 for x in waits]
    p99 = [pct(x, 0.99) * 1e3 for x in waits]
    rows.append(
        f"| **trained, as the student waits** | {len(waits[0])} / {len(waits[1])} "
        f"| {p50[0]:.1f} | {p50[1]:.1f} | {ratio(*p50)} | {p99[0]:.1f} | {p99[1]:.1f} "
        f"| {ratio(*p99)} | | |"
    )
    return "\n".join(rows)


if __name__ == "__main__":
    raise SystemExit(main())
