"""Does one maximal request slow everyone else down? And is one just over the budget refused
before any work?

    .venv/bin/python -m bench.load.responsiveness              # rnnscope serve --workers 1
    .venv/bin/python -m bench.load.responsiveness --workers 2

Starts `rnnscope serve` on a free 127.0.0.1 port (and always stops it). The maximal trace is an
LSTM with hidden 64 over 64 characters, trained for the most steps whose `core.estimate_cost`
stays within COST_BUDGET; the maximal recall is an LSTM with hidden 64 and 100 distractors,
trained for the most steps within RECALL_BUDGET. While each runs, two other clients ask every
50 ms: one for a trace already computed (the lecturer's example) and one for a new small trace
(`hello`, H = 8, a new seed each time). Then the same requests one step over the budget: their
422 time, and the server's CPU time for them.
"""

from __future__ import annotations

import argparse
import itertools
import os
import threading
import time

import httpx

from bench.load.server import served
from rnnscope import core
from rnnscope.core import limits as L
from rnnscope.core import recall
from rnnscope.core.cost import Work

TEXT = ("the quick brown fox jumps over the lazy dog " * 2)[:65]  # 64 steps
CACHED = "/api/v1/trace?text=hello&cell=lstm&hidden=8"
SEEDS = itertools.count(1000)  # a seed never asked before: the server must compute


def max_trace_steps() -> int:
    """The largest train_steps whose estimate is within COST_BUDGET (bisection)."""
    enc_vocab = len(set(TEXT))

    def cost(s: int) -> float:
        return core.estimate_cost(
            Work(steps=len(TEXT) - 1, hidden=64, cell="lstm", vocab=enc_vocab, train_steps=s)
        )

    lo, hi = 0, L.MAX_TRAIN_STEPS
    if cost(lo) > L.COST_BUDGET:
        raise SystemExit("even an untrained trace of this size is over the budget")
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if cost(mid) <= L.COST_BUDGET else (lo, mid - 1)
    return lo


def max_recall_steps() -> int:
    def cost(s: int) -> float:
        return recall.estimate_cost(
            recall.RecallWork("lstm", hidden=64, n_distract=100, steps=s, batch=32)
        )

    lo, hi = 0, L.MAX_RECALL_STEPS
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if cost(mid) <= L.RECALL_BUDGET else (lo, mid - 1)
    return lo


def trace_url(steps: int, seed: int = 0) -> str:
    """A seed of its own for each run, so that no run is answered from the cache."""
    return f"/api/v1/trace?text={TEXT}&cell=lstm&hidden=64&train_steps={steps}&seed={seed}"


def recall_url(steps: int, seed: int = 0) -> str:
    return f"/api/v1/recall?cell=lstm&hidden=64&n_distract=100&batch=32&steps={steps}&seed={seed}"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] if ordered else 0.0


def probe(base: str, stop: threading.Event, new: bool, out: list[float]) -> None:
    """Ask every 50 ms until `stop`: the cached trace, or a new small one each time."""
    with httpx.Client(base_url=base, timeout=120) as client:
        while not stop.is_set():
            small = f"/api/v1/trace?text=hello&cell=lstm&hidden=8&seed={next(SEEDS)}"
            url = small if new else CACHED
            start = time.perf_counter()
            r = client.get(url)
            out.append(time.perf_counter() - start)
            assert r.status_code == 200, (url, r.status_code)
            stop.wait(0.05)


def during(base: str, big: list[str]) -> tuple[float, dict[str, list[float]]]:
    """Run the `big` requests at once; probe meanwhile; (seconds of the big ones, latencies)."""
    stop = threading.Event()
    lat: dict[str, list[float]] = {"cached trace": [], "new small trace": []}
    probes = [
        threading.Thread(target=probe, args=(base, stop, name == "new small trace", out))
        for name, out in lat.items()
    ]
    status: list[int] = []

    def one(url: str) -> None:
        status.append(httpx.get(base + url, timeout=600).status_code)

    bigs = [threading.Thread(target=one, args=(url,)) for url in big]
    start = time.perf_counter()
    for t in bigs:
        t.start()
    time.sleep(0.2)  # the big requests have taken their slots
    for t in probes:
        t.start()
    for t in bigs:
        t.join()
    seconds = time.perf_counter() - start
    stop.set()
    for t in probes:
        t.join()
    assert status == [200] * len(big), status
    return seconds, lat


def refusal(base: str, url: str, srv, n: int = 20) -> tuple[float, float, float, str]:
    """(p50 s, max s, server CPU s per request, message) for a request over the budget."""
    times = []
    with httpx.Client(base_url=base, timeout=60) as client:
        client.get(CACHED)
        cpu0 = srv.cpu_seconds()
        for _ in range(n):
            start = time.perf_counter()
            r = client.get(url)
            times.append(time.perf_counter() - start)
            assert r.status_code == 422, r.status_code
        cpu = (srv.cpu_seconds() - cpu0) / n
    return pct(times, 0.5), max(times), cpu, r.json()["detail"][0]["msg"]


def rows(name: str, lat: dict[str, list[float]]) -> list[str]:
    return [
        f"| {name} | {probe_name} | {len(v)} | {pct(v, 0.5) * 1e3:.1f} | "
        f"{pct(v, 0.99) * 1e3:.1f} | {max(v, default=0) * 1e3:.1f} |"
        for probe_name, v in lat.items()
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    t_steps, r_steps = max_trace_steps(), max_recall_steps()
    enc_vocab = len(set(TEXT))
    t_est = core.estimate_cost(
        Work(steps=len(TEXT) - 1, hidden=64, cell="lstm", vocab=enc_vocab, train_steps=t_steps)
    )
    r_est = recall.estimate_cost(
        recall.RecallWork("lstm", hidden=64, n_distract=100, steps=r_steps, batch=32)
    )
    print(
        f"`{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        f" at start; rnnscope serve --workers {args.workers}`\n"
    )
    with served(workers=args.workers) as srv:
        base = srv.base
        httpx.get(base + CACHED, timeout=60)  # computed once: from now on a cache hit
        idle: dict[str, list[float]] = {"cached trace": [], "new small trace": []}
        for name, out in idle.items():  # 3 s each, alone
            stop = threading.Event()
            threading.Timer(3.0, stop.set).start()
            probe(base, stop, name == "new small trace", out)
        t_secs, t_lat = during(base, [trace_url(t_steps)])
        r_secs, r_lat = during(base, [recall_url(r_steps)])
        two_secs, two_lat = during(base, [trace_url(t_steps, 1), trace_url(t_steps, 2)])
        t_over = refusal(base, trace_url(t_steps + 1), srv)
        r_over = refusal(base, recall_url(r_steps + 1), srv)

    print("| while | another client asks for | requests | p50 ms | p99 ms | max ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for line in [
        *rows("nothing else runs", idle),
        *rows(f"a maximal trace runs ({t_secs:.1f} s)", t_lat),
        *rows(f"a maximal recall runs ({r_secs:.1f} s)", r_lat),
        *rows(f"two maximal traces run ({two_secs:.1f} s)", two_lat),
    ]:
        print(line)
    print()
    print(
        f"- maximal trace: LSTM, hidden 64, 64 steps, train_steps={t_steps}: estimate "
        f"{t_est:.2f} s of COST_BUDGET {L.COST_BUDGET} s, took {t_secs:.1f} s"
    )
    print(
        f"- maximal recall: LSTM, hidden 64, n_distract 100, batch 32, steps={r_steps}: "
        f"estimate {r_est:.1f} s of RECALL_BUDGET {L.RECALL_BUDGET} s, took {r_secs:.1f} s"
    )
    for name, (p50, worst, cpu, msg) in (("trace", t_over), ("recall", r_over)):
        print(
            f"- one step over ({name}): 422 in {p50 * 1e3:.1f} ms (p50 of 20, max "
            f'{worst * 1e3:.1f} ms), server CPU {cpu * 1e3:.1f} ms a request: "{msg}"'
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
