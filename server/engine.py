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
            ) -> Payload:  # fmt: skip
        def build() -> Payload:
            if check is not None:
                check()
            with self._slots:
                result = work()
            return Payload.build(dumps(result), JSON)

        return self.cache.get_or_build(key, build)
