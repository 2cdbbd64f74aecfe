"""Where deterministic answers are computed: once per key, a bounded number at a time."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from core.cancel import Cancelled, ShouldStop

from .cache import PayloadCache
from .jsonbytes import JSON, dumps
from .payload import Payload
from .slots import ClientGone, Slots, every

__all__ = ["POLL_SECONDS", "ClientGone", "Engine", "Job", "every", "key"]


def key(kind: str, query: BaseModel | dict[str, Any]) -> str:
    """A cache key: the same normalized options in any order give the same key."""
    options = query.model_dump() if isinstance(query, BaseModel) else query
    return f"{kind}:" + json.dumps(options, sort_keys=True, allow_nan=False)


# How often a request waiting for a slot, or computing, checks that its client is still there.
POLL_SECONDS = 0.25


@dataclass(frozen=True)
class Job:
    """Work whose request is checked: its estimated seconds (its place in the slot queue) and
    the computation itself, given core's `should_stop`."""

    cost: float
    work: Callable[[ShouldStop], Any]


class Engine:
    """A lane of compute slots in front of the shared payload cache.

    `run(key, job)`: on a cache miss, `job()` checks the request (limits, may raise) and
    prepares it, once; its work then runs in one of the lane's slots and is serialized once.
    Concurrent callers of one key wait for a single computation (PayloadCache); callers of
    other keys wait for a slot, cheapest first (server/slots.py): a small trace does not queue
    behind trainings.
    """

    def __init__(self, cache: PayloadCache, slots: int) -> None:
        self.cache = cache
        self.slots = Slots(slots)

    def run(
        self,
        key: str,
        job: Callable[[], Job],
        gone: Callable[[], bool] | None = None,
        since: float | None = None,
    ) -> Payload:
        """`gone()` (optional) tells whether the client has left. It is asked every POLL_SECONDS
        while the request waits for a slot, and then, through the work's `should_stop` (core's
        checkpoints: each training step, each pass), at most as often while it computes. A
        request whose client has left is dropped (ClientGone) instead of computed, or stopped
        where it is: a student typing aborts the request of each previous prefix. Another
        caller of the same key, waiting for this build, then builds it itself. `since`: when
        the request arrived, if earlier than now (its age in the queue, server/slots.py)."""

        def build() -> Payload:
            todo = job()
            self.slots.acquire(todo.cost, gone, POLL_SECONDS, since)
            try:
                result = todo.work(every(POLL_SECONDS, gone))
            except Cancelled as exc:
                raise ClientGone from exc
            finally:
                self.slots.release()
            return Payload.build(dumps(result), JSON)

        return self.cache.get_or_build(key, build)
