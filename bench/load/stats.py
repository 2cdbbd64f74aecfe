"""What the simulated students saw (bench/load/students.py), per kind of request."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bench.load.client import Reply


def server_timing(header: str) -> dict[str, float]:
    """`slot;dur=1.2, compute;dur=30.5, total;dur=40.1` (ms) -> seconds by name."""
    parts = (p.strip().split(";dur=") for p in header.split(","))
    return {name: float(ms) / 1e3 for name, ms in parts}


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by nearest rank; nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


@dataclass
class Stats:
    """Per kind of request: latencies of answered requests, bytes, errors and their reasons."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    nbytes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # 422 cost
    aborted: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # newer keystroke
    browser_cached: int = 0
    delivered: set[str] = field(default_factory=set)  # distinct API URLs answered 200
    # the server's Server-Timing of computed answers ({slot, compute, total...} in seconds),
    # with the student's seconds and the URL of each (bench/load/watch.py)
    timing: dict[str, list[dict[str, float]]] = field(default_factory=lambda: defaultdict(list))
    timed_seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    timed_urls: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # answered API requests: seconds from the end of the typing pause (the cost question
    # included: a training waits for its answer) to the answer
    waited: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # every API request sent: [sent, kind, URL, ended, "answered" | "aborted" | "failed"]
    asked: list[list] = field(default_factory=list)
    first_load: list[float] = field(default_factory=list)  # page open .. last wave answered
    first_load_bytes: list[int] = field(default_factory=list)

    def error(self, kind: str, reason: str) -> None:
        self.errors[kind][reason] = self.errors[kind].get(reason, 0) + 1

    def answered(self, kind: str, target: str, reply: Reply) -> None:
        self.seconds[kind].append(reply.seconds)
        self.nbytes[kind] += reply.nbytes
        if "server-timing" in reply.headers:
            self.timing[kind].append(server_timing(reply.headers["server-timing"]))
            self.timed_seconds[kind].append(reply.seconds)
            self.timed_urls[kind].append(target)
