"""Where deterministic answers are computed: once per key, a bounded number at a time."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from .cache import PayloadCache
from .jsonbytes import JSON, dumps
from .payload import Payload


def key(kind: str, query: BaseModel | dict) -> str:
    """A cache key: the same normalized options in any order give the same key."""
    options = query.model_dump() if isinstance(query, BaseModel) else query
    return f"{kind}:" + json.dumps(options, sort_keys=True, allow_nan=False)


# How often a request waiting for a slot checks that its client is still connected.
POLL_SECONDS = 0.25


class ClientGone(Exception):
    """The client closed its connection while its request waited: nobody wants the answer."""


class Engine:
    """A lane of compute slots in front of the shared payload cache.

    `run(key, work, check)`: on a cache miss, `check()` (limits, may raise) then `work()`
    in one of the lane's slots, serialized once. Concurrent callers of one key wait for a
    single computation (PayloadCache); callers of other keys wait only for a free slot.
    """

    def __init__(self, cache: PayloadCache, slots: int) -> None:
        self.cache = cache
        self._slots = threading.BoundedSemaphore(slots)

    def run(self, key: str, work: Callable[[], Any], check: Callable[[], None] | None = None,
            gone: Callable[[], bool] | None = None) -> Payload:  # fmt: skip
        """`gone()` (optional) tells whether the client has left; while waiting for a slot it is
        asked every POLL_SECONDS, and a request whose client has left is dropped (ClientGone)
        instead of computed: a student typing aborts the request of each previous prefix."""

        def build() -> Payload:
            if check is not None:
                check()
            self._acquire(gone)
            try:
                result = work()
            finally:
                self._slots.release()
            return Payload.build(dumps(result), JSON)

        return self.cache.get_or_build(key, build)

    def _acquire(self, gone: Callable[[], bool] | None) -> None:
        if gone is None:
            self._slots.acquire()
            return
        while not self._slots.acquire(timeout=POLL_SECONDS):
            if gone():
                raise ClientGone
