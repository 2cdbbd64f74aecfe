"""Stopping a computation nobody waits for any more: `should_stop` is asked at checkpoints.

A caller (the server, when a student has typed on and aborted the request) passes
`should_stop`, a callable returning True once the answer is no longer wanted. Long
computations ask it between units of work (each training step, each pass of a trace) and
raise Cancelled; nothing partial is returned. Asking is the caller's cost: keep it cheap.
"""

from __future__ import annotations

from collections.abc import Callable

ShouldStop = Callable[[], bool] | None


class Cancelled(Exception):
    """`should_stop()` returned True: the computation was abandoned."""


def checkpoint(should_stop: ShouldStop) -> None:
    """Raise Cancelled if the caller no longer wants the answer."""
    if should_stop is not None and should_stop():
        raise Cancelled
