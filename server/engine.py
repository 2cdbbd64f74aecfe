"""Where deterministic answers are computed: once per key, a bounded number at a time."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel

from rnnscope.core.cancel import Cancelled, ShouldStop

from .cache import PayloadCache
from .jsonbytes import JSON, dumps
from .keeper import Keeper, Params
from .payload import Payload
from .pool import Pool
from .shared import SharedCache
from .slots import ClientGone, Slots, every
from .timing import part

__all__ = ["POLL_SECONDS", "ClientGone", "Engine", "Heavy", "Job", "every", "key"]


def key(kind: str, query: BaseModel | dict[str, Any]) -> str:
    """A cache key: the same normalized options in any order give the same key."""
    options = query.model_dump() if isinstance(query, BaseModel) else query
    return f"{kind}:" + json.dumps(options, sort_keys=True, allow_nan=False)


# How often a request waiting for a slot checks that its client is still there (it also does
# whenever a slot is handed on, and just before it takes one).
POLL_SECONDS = 0.25
# How often a computation checks it: one whose client left is stopped within this (its slot
# goes to the next request). `gone()` reads a flag (server/routers/common.py), so it is cheap.
STOP_POLL = 0.05


@dataclass(frozen=True)
class Job:
    """Work whose request is checked: its estimated seconds (its place in the slot queue) and
    the computation itself, given core's `should_stop`."""

    cost: float
    work: Callable[[ShouldStop], Any]
    # kept in the shared cache after every other answer (the recall lesson's runs)
    keep: bool = False
    # the key under which the trained model the work sends beside its answer is kept (its
    # Payload's `data`: the parameters, server/work.py trained_trace_work; server/keeper.py)
    trained: str | None = None


class Heavy:
    """Where trainings and recall runs go: a process pool (server/pool.py), the machine's
    slots shared by every worker (server/slots.py with server/board.py), and the answers
    shared by every worker on disk (server/shared.py).

    A job whose estimated cost is at least `above` seconds, given as a partial of a
    module-level function (what a child process can be sent), is heavy; smaller ones are
    computed in the worker's own threads, where a hop to a child would cost more than it saves.
    """

    def __init__(self, pool: Pool, slots: Slots, shared: SharedCache | None,
                 above: float) -> None:  # fmt: skip
        self.pool = pool
        self.slots = slots
        self.shared = shared
        self.above = above

    def takes(self, job: Job) -> bool:
        return job.cost >= self.above and Pool.accepts(job.work)

    def run(self, key: str, job: Job, gone: Callable[[], bool] | None,
            since: float | None) -> Payload:  # fmt: skip
        """Read from the shared cache, wait for another worker computing it, or compute it
        in a child once the machine has a slot for it; stored for every worker."""

        def compute() -> Payload:
            with part("slot"):
                self.slots.acquire(job.cost, gone, POLL_SECONDS, since)
            try:
                with part("compute"):
                    return self.pool.run(job.work, gone, STOP_POLL)
            finally:
                self.slots.release()

        if self.shared is None:
            return compute()
        return self.shared.get_or_build(key, compute, gone, job.keep)


class Engine:
    """A lane of compute slots in front of the shared payload cache.

    `run(key, job)`: on a cache miss, `job()` checks the request (limits, may raise) and
    prepares it, once; its work then runs in one of the lane's slots and is serialized once.
    Concurrent callers of one key wait for a single computation (PayloadCache); callers of
    other keys wait for a slot, cheapest first (server/slots.py): a small trace does not queue
    behind trainings. With `heavy`, trainings and recall runs go to child processes instead,
    through the machine's slots and the shared cache (Heavy).
    """

    def __init__(self, cache: PayloadCache, slots: int, heavy: Heavy | None = None) -> None:
        self.cache = cache
        self.slots = Slots(slots)
        self.heavy = heavy
        self.keeper = Keeper(self._store, self._find)

    def parallel(self, cost: float) -> bool:
        """Whether jobs of `cost` run in child processes, so that several of one request
        (a comparison's cells) are worth computing at once."""
        return self.heavy is not None and cost >= self.heavy.above

    def run(
        self,
        key: str,
        job: Callable[[], Job],
        gone: Callable[[], bool] | None = None,
        since: float | None = None,
    ) -> Payload:
        """`gone()` (optional) tells whether the client has left. It is asked while the
        request waits for a slot (server/slots.py), and then every STOP_POLL seconds while it
        computes (through the work's `should_stop` at core's checkpoints, or the pool). A
        request whose client has left is dropped (ClientGone) instead of computed, or stopped
        where it is: a student typing aborts the request of each previous prefix. Another
        caller of the same key, waiting for this build, then builds it itself. `since`: when
        the request arrived, if earlier than now (its age in the queue, server/slots.py)."""

        def build() -> Payload:
            todo = job()
            if self.heavy is not None and self.heavy.takes(todo):
                return self._kept(todo, self.heavy.run(key, todo, gone, since))
            with part("slot"):
                self.slots.acquire(todo.cost, gone, POLL_SECONDS, since)
            try:
                with part("compute"):
                    result = todo.work(every(STOP_POLL, gone))
            except Cancelled as exc:
                raise ClientGone from exc
            finally:
                self.slots.release()
            return self._kept(todo, as_payload(result))

        return self.cache.get_or_build(key, build)

    def _kept(self, todo: Job, payload: Payload) -> Payload:
        """The answer as cached: a trained model sent beside it is handed to the keeper,
        which writes it after the answer has left (server/keeper.py)."""
        if todo.trained is None or payload.data is None:
            return payload
        self.keeper.keep(todo.trained, payload.data)
        return replace(payload, data=None)

    def _store(self, key: str, model: Payload) -> None:
        """A trained model's bytes: on disk for every worker when there is a shared cache,
        else in this worker's cache."""
        if self.heavy is not None and self.heavy.shared is not None:
            self.heavy.shared.put(key, model)
        else:
            self.cache.get_or_build(key, lambda: model)

    def _find(self, key: str) -> Payload | None:
        if self.heavy is not None and self.heavy.shared is not None:
            return self.heavy.shared.get(key)
        return self.cache.get(key)

    def kept(self, key: str) -> Params | None:
        """The parameters of the trained model kept under `key` (by any worker), or None."""
        return self.keeper.kept(key)


def as_payload(result: Any) -> Payload:
    """A work's answer as a Payload: a dict is serialized here; a Payload (the work built it,
    with a trained model beside it) is taken as it is."""
    return result if isinstance(result, Payload) else Payload.build(dumps(result), JSON)
