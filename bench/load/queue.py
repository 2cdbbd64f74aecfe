"""Which order of the machine's compute slots would answer a recorded lecture hall best?

    .venv/bin/python -m bench.load.lecture --workers 2 --dump hall.json   # record a hall
    .venv/bin/python -m bench.load.queue hall.json [--speed 1.0] [--slots 2]
    .venv/bin/python -m bench.load.queue hall.json --today --above 0.05 0.02 0.01

Replays the heavy requests the students sent (trainings; untrained traces estimated at
`pool_above` or more; a comparison's cells as one job each, its estimate split evenly) into
`--slots` slots, each job taking its estimate x `--speed` seconds, under several orders:
server/slots.py's (cheapest first, less HEAVY_AGING per second waited), first come first
served, and cheapest first with the cost counted at most CAP. A request its student aborted
(a newer keystroke) leaves the queue, or stops computing, when it was aborted; the same URL
is computed once. Prints per order the trained requests' p50 / p99 seconds and how many would
have been answered before their student moved on. Only the slots are modelled: not the
workers' own CPU, nor the machine's other load (the recorded run's Server-Timing tells those).
`--today`: each request's estimate as this checkout's core.cost gives it (a hall recorded
before a refit or a faster engine); `--above`: several thresholds, one table each.
"""

from __future__ import annotations

import argparse
import heapq
import json
from collections.abc import Callable
from pathlib import Path

from bench.load.stats import pct
from rnnscope.server.settings import Settings

Priority = Callable[[float, float, float], float]  # (estimate, arrival, now) -> lower first


def orders(aging: float) -> dict[str, Priority]:
    def cheapest(cap: float = float("inf"), rate: float = aging) -> Priority:
        return lambda c, t, now: min(c, cap) - rate * (now - t)

    return {
        f"cheapest first, aging {aging:g} (server/slots.py)": cheapest(),
        "first come first served": lambda c, t, now: t,
        "cheapest first, aging 2": cheapest(rate=2.0),
        "cheapest first, cost counted at most 0.25 s": cheapest(0.25),
        "cheapest first, cost counted at most 0.1 s": cheapest(0.1),
    }


def jobs(rows: list[list], above: float) -> list[dict]:
    """The heavy requests as jobs: arrival, estimate, URL (+ cell), trained, aborted at."""
    out = []
    for sent, kind, url, ended, outcome, est in rows:
        cells = 3 if kind.startswith("compare") else 1
        if est / cells < above:
            continue  # computed in the worker's own threads, not in the slots
        for cell in range(cells):
            out.append({"t": sent, "cost": est / cells, "key": f"{url}#{cell}", "url": url,
                        "trained": kind.endswith("+train"),
                        "abort": ended if outcome == "aborted" else None})  # fmt: skip
    return sorted(out, key=lambda j: j["t"])


def replay(todo: list[dict], slots: int, speed: float, priority: Priority) -> dict[str, float]:
    """Event-driven: at each arrival, abort or completion, free slots go to the best waiting
    job. Returns each request's (url, arrival) completion time, None if never answered."""
    done: dict[str, float] = {}  # key -> when computed
    running: list[tuple[float, int, dict]] = []  # (finish, seq, job)
    waiting: list[dict] = []
    i, now, seq = 0, 0.0, 0
    finished: dict[int, float] = {}
    while i < len(todo) or waiting or running:
        nexts = [todo[i]["t"]] if i < len(todo) else []
        nexts += [running[0][0]] if running else []
        nexts += [j["abort"] for j in waiting if j["abort"] is not None]
        nexts += [j["abort"] for _, _, j in running if j["abort"] is not None]
        now = max(now, min(nexts)) if nexts else now
        while i < len(todo) and todo[i]["t"] <= now:
            waiting.append(todo[i])
            i += 1
        while running and running[0][0] <= now:
            _, _, job = heapq.heappop(running)
            done[job["key"]] = now
            finished[id(job)] = now
        for job in [j for j in waiting if j["abort"] is not None and j["abort"] <= now]:
            waiting.remove(job)
        still = [r for r in running if r[2]["abort"] is None or r[2]["abort"] > now]
        if len(still) != len(running):
            running = still
            heapq.heapify(running)
        for job in [j for j in waiting if j["key"] in done]:  # the same URL, computed
            finished[id(job)] = now
            waiting.remove(job)
        while len(running) < slots:
            busy = {r[2]["key"] for r in running}  # the same URL computing: wait for it
            free = [j for j in waiting if j["key"] not in busy]
            if not free:
                break
            job = min(free, key=lambda j: priority(j["cost"], j["t"], now))
            waiting.remove(job)
            seq += 1
            heapq.heappush(running, (now + job["cost"] * speed, seq, job))
    return {f"{j['url']}@{j['t']}#{j['key']}": finished.get(id(j), float("nan")) for j in todo}


def trained_seconds(todo: list[dict], finished: dict[str, float]) -> tuple[list[float], int]:
    """Per trained request answered (all its cells done before its student moved on): seconds
    from its arrival; and how many were aborted before."""
    by_request: dict[tuple[str, float], list[float]] = {}
    for j in todo:
        if j["trained"]:
            end = finished[f"{j['url']}@{j['t']}#{j['key']}"]
            by_request.setdefault((j["url"], j["t"]), []).append(end)
    seconds, aborted = [], 0
    for (_, t), ends in by_request.items():
        if any(e != e for e in ends):
            aborted += 1
        else:
            seconds.append(max(ends) - t)
    return seconds, aborted


def today(rows: list[list]) -> list[list]:
    """The rows with each trace, comparison and sample estimated by this checkout."""
    from urllib.parse import parse_qsl, urlsplit

    from rnnscope.core.tokens import encode
    from rnnscope.server.params import CompareQuery, SampleQuery, TraceQuery
    from rnnscope.server.traces import cost

    models = {"trace": TraceQuery, "compare": CompareQuery, "sample": SampleQuery}
    known: dict[str, float] = {}
    out = []
    for sent, kind, url, ended, outcome, est in rows:
        parts = urlsplit(url)
        model = models.get(parts.path.rsplit("/", 1)[-1])
        if model is not None and url not in known:
            query = model.model_validate(dict(parse_qsl(parts.query)))
            cells = query.cell_list if model is CompareQuery else [query.cell]
            options = [query.trace_options(cell) for cell in cells]
            known[url] = sum(cost(o, encode(o.text, o.tokens)) for o in options)
        out.append([sent, kind, url, ended, outcome, known.get(url, est)])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("hall", type=Path, help="bench.load.lecture --dump's file")
    ap.add_argument("--slots", type=int, default=2)
    ap.add_argument("--speed", type=float, nargs="+", default=[0.8, 1.5],
                    help="seconds computed per estimated second (0.8: quiet)")  # fmt: skip
    ap.add_argument("--above", type=float, nargs="+", default=[Settings().pool_above],
                    help="RNNSCOPE_POOL_ABOVE (its default)")  # fmt: skip
    ap.add_argument("--aging", type=float, default=1.0, help="server/slots.py HEAVY_AGING")
    ap.add_argument("--today", action="store_true", help="estimates by this checkout's cost")
    args = ap.parse_args()
    rows = json.loads(args.hall.read_text())
    rows = today(rows) if args.today else rows
    for above in args.above:
        todo = jobs(rows, above)
        span = max(j["t"] for j in todo) - min(j["t"] for j in todo)
        work = sum(j["cost"] for j in todo)
        print(f"pool_above {above:g} s: {len(todo)} jobs over {span:.0f} s, {work:.0f} estimated "
              f"seconds ({work / span:.2f} cores at speed 1, if none were aborted)\n")  # fmt: skip
        print("| order | speed | trained answered | aborted | p50 s | p99 s | max s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for speed in args.speed:
            for name, priority in orders(args.aging).items():
                seconds, aborted = trained_seconds(todo, replay(todo, args.slots, speed, priority))
                print(f"| {name} | {speed:g} | {len(seconds)} | {aborted} "
                      f"| {pct(seconds, 0.5):.2f} | {pct(seconds, 0.99):.2f} "
                      f"| {max(seconds, default=0):.2f} |")  # fmt: skip
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
