"""Compute slots handed out cheapest request first, so a small trace never waits behind
trainings, with aging so that a training is not passed over for ever."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .board import Board

# A waiting request's priority improves by this many estimated seconds per second waited: in
# a worker's lane of small traces (all under `pool_above`, 0.02 s), a 0.02 s trace goes before
# new 0.01 s ones after waiting 0.1 s. (0.5 did worse in a 10-minute lecture soak, when
# trainings shared that lane: comparisons, which take a slot per cell, were passed over.)
AGING = 0.1
# The machine's lane of trainings and recall runs (server/board.py), 0.02 s to a few seconds
# each: a training is passed over by cheaper ones that arrive within its own estimate, not ten
# times it. With AGING there, trainings waited for a slot in proportion to their cost (a
# lecture hall at load 14: 0.3 s under 0.25 s estimated, 3.7 s at 0.25-0.5, 10 s at 0.5-0.75),
# and the trained p99 went to 21 s (docs/benchmarks.md, "A lecture hall on loopback").
HEAVY_AGING = 1.0
# How often the best waiting request of a process looks at the machine's board
# (server/board.py: a read without a lock while every slot is held); at 0.02 s a slot freed
# by another worker sat idle 10 ms on average, a share of each short computation's time.
BOARD_POLL = 0.005


def every(seconds: float, gone: Callable[[], bool] | None) -> Callable[[], bool] | None:
    """`gone`, asked at most once per `seconds`; in between it answers False. None stays
    None: nobody to ask. Core's `should_stop` while a request computes in a worker thread
    (core asks it at every checkpoint, far more often)."""
    if gone is None:
        return None
    last = time.monotonic()

    def throttled() -> bool:
        nonlocal last
        now = time.monotonic()
        if now - last < seconds:
            return False
        last = now
        return gone()

    return throttled


class ClientGone(Exception):
    """The client closed its connection before its answer was ready: nobody wants it."""


@dataclass(eq=False)
class _Ticket:
    cost: float
    seq: int
    wake: threading.Condition  # on the Slots' lock: woken alone when it is the next to go
    since: float = field(default_factory=time.monotonic)

    def priority(self, now: float, aging: float) -> tuple[float, int]:
        return self.cost - aging * (now - self.since), self.seq


class Slots:
    """`n` slots. `acquire(cost)` waits until a slot is free and this request is the waiting
    one with the best priority (lowest estimated cost, less `aging` (AGING) per second waited).

    With a `board` (server/board.py) the slots are the machine's, shared with the other
    worker processes: this process's best waiting request must also be granted one there.
    `n` then bounds this process's share (the size of its pool)."""

    def __init__(self, n: int, board: Board | None = None, aging: float | None = None) -> None:
        self.board = board
        self.aging = aging  # None: AGING
        self._free = n
        self._waiting: list[_Ticket] = []
        self._lock = threading.Lock()
        self._seq = itertools.count()

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def acquire(
        self,
        cost: float = 0.0,
        gone: Callable[[], bool] | None = None,
        poll: float = 0.25,
        since: float | None = None,
    ) -> None:
        """Block until this request holds a slot. `gone()` (a flag: it must not block) is
        asked each time the request wakes, at least every `poll` seconds, and just before it
        takes a slot; ClientGone if it says so. `since` (time.monotonic()) ages the request
        from then instead of from now: a comparison takes a slot per cell, and keeps its age
        from one to the next."""
        ticket = _Ticket(cost, next(self._seq), threading.Condition(self._lock))
        if since is not None:
            ticket.since = min(since, ticket.since)
        with self._lock:
            self._waiting.append(ticket)
        try:
            while True:
                if gone is not None and gone():  # never take a slot for a client that left
                    raise ClientGone
                with self._lock:
                    head = self._free > 0 and self._next() is ticket
                    if head and self._granted(ticket):
                        self._waiting.remove(ticket)
                        self._free -= 1
                        self._wake_next()  # it may take another free slot
                        return
                    if not head:
                        self._wake_next()  # the head may have changed as requests aged
                    # the head looks at the machine's board often; the others wake only when
                    # they are next (release, a request leaving) or to ask gone()
                    ticket.wake.wait(BOARD_POLL if head and self.board is not None else poll)
        except BaseException:
            with self._lock:
                if ticket in self._waiting:
                    self._waiting.remove(ticket)
                    self._wake_next()
                if self.board is not None and not self._waiting:
                    self.board.withdraw()
            raise

    def release(self) -> None:
        with self._lock:
            if self.board is not None:
                self.board.release()
            self._free += 1
            self._wake_next()

    def _wake_next(self) -> None:
        """Wake the waiting request that goes next, if a slot is free (under the lock). Only
        it: a release woke every waiting thread, hundreds in a lecture hall, each to find
        that it was not next."""
        if self._free > 0 and self._waiting:
            self._next().wake.notify()

    def _granted(self, ticket: _Ticket) -> bool:
        return self.board is None or self.board.take(ticket.cost, ticket.since)

    def _next(self) -> _Ticket:
        now = time.monotonic()
        aging = AGING if self.aging is None else self.aging
        return min(self._waiting, key=lambda t: t.priority(now, aging))
