"""What the server did during a lecture: where each kind of answer's time went (Server-Timing),
whether the machine's compute slots sat idle while requests waited for one, how much CPU the
workers and the compute processes used, and how much training the students asked for.

    board = BoardWatch(srv.data_dir, slots=2); board.start()    # a thread, 200 samples/s
    ... the lecture ...
    board.stop(); print(board.summary())
    print(timing_table(stats))            # per kind: thread, peer, slot, compute, total
    print(asked_work(stats, seconds))     # the trainings asked, against the cores

The board (server/board.py, `<data dir>/compute/board.json`) says which processes hold a slot
and which workers' best waiting request asked for one in the last BOARD_POLL seconds; it is
replaced whole (os.replace), so reading it needs no lock.
"""

from __future__ import annotations

import json
import math
import threading
import time
from pathlib import Path
from statistics import median
from urllib.parse import parse_qsl, urlsplit

from bench.load.stats import pct

PARTS = ("thread", "peer", "slot", "compute", "total")
# A head (a worker's best waiting request) that asked the board within this many seconds is
# waiting now (server/slots.py asks every BOARD_POLL = 0.02 s; a few polls of grace).
FRESH = 0.1


def timing_table(stats) -> str:  # type: ignore[no-untyped-def]
    """Per kind of API request, the server's own split of its computed answers' time (p50 /
    p99 ms), and next to it the students' p99 of the same answers: what the server did not see
    (the wait before its handler ran: the worker's event loop, the connection)."""
    rows = [
        "| request | computed / answered | " + " | ".join(f"{p} p50 / p99" for p in PARTS)
        + " | seen by the student p99 |",
        "| --- | ---: | " + " | ".join("---:" for _ in PARTS) + " | ---: |",
    ]  # fmt: skip
    for kind, timings in stats.timing.items():
        if not timings:
            continue
        cells = []
        for name in PARTS:
            values = [t.get(name, 0.0) * 1e3 for t in timings]
            cells.append(f"{pct(values, 0.5):.0f} / {pct(values, 0.99):.0f}")
        seen = [s * 1e3 for s in stats.timed_seconds.get(kind, [])]
        rows.append(
            f"| {kind} | {len(timings)} / {len(stats.seconds.get(kind, []))} | "
            + " | ".join(cells) + f" | {pct(seen, 0.99):.0f} |"
        )  # fmt: skip
    return "\n".join(rows)


class BoardWatch:
    """Samples the machine's board in a thread: slots held, and workers waiting for one."""

    def __init__(self, data_dir: Path, slots: int, every: float = 0.005) -> None:
        self.path = data_dir / "compute" / "board.json"
        self.slots = slots
        self.every = every
        self.samples: list[tuple[int, int]] = []  # (held, heads waiting now)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="board-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                state = json.loads(self.path.read_text())
            except (OSError, ValueError):
                continue
            now = time.monotonic()
            held = sum(state.get("held", {}).values())
            heads = sum(1 for h in state.get("heads", {}).values() if now - h[2] < FRESH)
            self.samples.append((held, heads))

    def summary(self) -> str:
        """The share of the time with 0, 1, ... slots held; and with a slot free while a
        worker's request was waiting for one (the hand-over between workers)."""
        if not self.samples:
            return "- board: no samples (no training asked, or a revision without a board)"
        n = len(self.samples)
        held = [sum(1 for h, _ in self.samples if h == k) / n for k in range(self.slots + 1)]
        waiting = sum(1 for _, w in self.samples if w) / n
        idle = sum(1 for h, w in self.samples if w and h < self.slots) / n
        shares = ", ".join(f"{k} {100 * s:.0f} %" for k, s in enumerate(held))
        return (
            f"- compute slots held, share of {n} samples: {shares}; mean "
            f"{sum(h for h, _ in self.samples) / n:.2f} of {self.slots}. A request waiting "
            f"for one {100 * waiting:.0f} % of the time, of which with a slot free "
            f"{100 * idle:.1f} % of the time"
        )


def estimate(target: str) -> float:
    """The server's estimated seconds (core.estimate_cost, this checkout's) of an API URL."""
    from rnnscope.server.params import CompareQuery, TraceQuery
    from rnnscope.server.traces import fitting, prepare

    url = urlsplit(target)
    params = dict(parse_qsl(url.query, keep_blank_values=True))
    if url.path.endswith("/compare"):
        query = CompareQuery.model_validate(params)
        cells = query.cell_list
    else:
        query = TraceQuery.model_validate(params)
        cells = [str(query.cell)]
    prepared = prepare(query, cells, within_budget=False)
    most = prepared.room()["max_train_steps"]
    if params.get("fit") == "true" and (most is None or query.train_steps > most):
        fitted = query.model_copy(update={"train_steps": fitting(most)})  # what it trains
        prepared = prepare(fitted, cells, within_budget=False)
    return sum(prepared.costs.values())


def asked_work(stats, seconds: float, cores: int) -> str:  # type: ignore[no-untyped-def]
    """The training the students asked the server for, in estimated seconds of one core (each
    distinct URL once: the server computes one once), against what the cores can give in the
    run; and how the computed answers' real time compared with their estimates."""
    lines = []
    for kinds in (("trace+train", "compare+train"), ("trace", "compare")):
        sent = [t for t in stats.asked if t[1] in kinds]
        distinct = {t[2] for t in sent}
        work = sum(estimate(url) for url in distinct)
        lines.append(
            f"- {' and '.join(kinds)} sent: {len(sent)} ({len(distinct)} distinct URLs), "
            f"estimated {work:.0f} s of one core for the distinct ones, "
            f"{work / seconds:.2f} cores over the {seconds:.0f} s (the machine has {cores})"
        )
    ratios = [
        t["compute"] / est
        for kind in ("trace+train", "compare+train")
        for t, url in zip(stats.timing.get(kind, []), stats.timed_urls.get(kind, []), strict=True)
        if "compute" in t and (est := estimate(url)) > 0
    ]
    if ratios:
        lines.append(
            f"- trained answers computed, computing time / estimate: median {median(ratios):.2f}"
            f", max {max(ratios):.2f} ({len(ratios)} answers; a comparison's cells summed)"
        )
    return "\n".join(lines) if not math.isnan(seconds) else ""


BUCKETS = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0)  # estimated seconds of a trained request


def by_estimate(stats) -> str:  # type: ignore[no-untyped-def]
    """The trained answers computed, by their estimated seconds: how long they waited for a
    slot and took in all on the server, and as the student saw it (p50 / p99 ms)."""
    rows = [
        "| estimate s | answers | slot p50 / p99 | compute p50 / p99 | total p50 / p99 "
        "| seen p50 / p99 |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    found: dict[int, list[tuple[dict[str, float], float]]] = {}
    for kind in ("trace+train", "compare+train"):
        rows_of = zip(stats.timing.get(kind, []), stats.timed_urls.get(kind, []),
                      stats.timed_seconds.get(kind, []), strict=True)  # fmt: skip
        for t, url, seen in rows_of:
            est = estimate(url)
            at = max(i for i, low in enumerate(BUCKETS) if est >= low)
            found.setdefault(at, []).append((t, seen))
    for at in sorted(found):
        got = found[at]
        high = f"{BUCKETS[at + 1]}" if at + 1 < len(BUCKETS) else ""
        cells = []
        for name in ("slot", "compute", "total"):
            values = [t.get(name, 0.0) * 1e3 for t, _ in got]
            cells.append(f"{pct(values, 0.5):.0f} / {pct(values, 0.99):.0f}")
        seen = [s for _, s in got]
        rows.append(
            f"| {BUCKETS[at]}-{high} | {len(got)} | " + " | ".join(cells)
            + f" | {pct(seen, 0.5) * 1e3:.0f} / {pct(seen, 0.99) * 1e3:.0f} |"
        )  # fmt: skip
    return "\n".join(rows)
