"""Where a computed answer's time went, sent as the Server-Timing header (browsers' developer
tools show it; bench/load reads it):

- `thread`: from the handler to the start of the thread that computes it (the worker's
  threads are all busy: requests waiting for a slot hold theirs);
- `peer`: waiting for the same answer that another request of this worker, or another
  worker, is computing (server/cache.py, server/shared.py);
- `slot`: waiting for a compute slot (server/slots.py; the machine's board for trainings);
- `compute`: computing in the slot (a worker thread or a compute process);
- `total`: from the request's handler to its answer.

A comparison adds up its cells' parts (they may overlap). An answer found in a cache has
none; /api/v1/cost has `total` (and `compute` when it was not kept).

    timing = Timing.start()      # in the handler, before its thread: threads inherit it
    with part("slot"): ...       # anywhere below, in this request's threads
    response.headers["Server-Timing"] = timing.header()
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager

_current: contextvars.ContextVar[Timing | None] = contextvars.ContextVar("timing", default=None)


class Timing:
    """The parts of one request's time, in seconds."""

    def __init__(self) -> None:
        self.begun = time.perf_counter()
        self.parts: dict[str, float] = {}

    @classmethod
    def start(cls) -> Timing:
        """A new timing for the current request (this context and the threads it starts)."""
        timing = cls()
        _current.set(timing)
        return timing

    def since_start(self, name: str) -> None:
        """`name` is the time from the start to now (`thread`: when the thread began)."""
        self.parts[name] = time.perf_counter() - self.begun

    def header(self) -> str:
        parts = {**self.parts, "total": time.perf_counter() - self.begun}
        return ", ".join(f"{name};dur={seconds * 1e3:.1f}" for name, seconds in parts.items())


@contextmanager
def part(name: str) -> Iterator[None]:
    """Add the time spent in the block to the current request's `name` (if it is timed)."""
    begun = time.perf_counter()
    try:
        yield
    finally:
        timing = _current.get()
        if timing is not None:
            timing.parts[name] = timing.parts.get(name, 0.0) + time.perf_counter() - begun
