"""A thread-safe LRU of payloads, bounded in entries and bytes, computing each key once."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from .payload import Payload
from .timing import part


class PayloadCache:
    """`get_or_build(key, build)`: concurrent callers of a missing key wait for one build."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, Payload] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def nbytes(self) -> int:
        return self._bytes

    @property
    def in_progress(self) -> int:
        """Keys being built right now."""
        return len(self._building)

    def __contains__(self, key: str) -> bool:
        """Whether `key` is stored (not a use: no hit, no change of its place)."""
        with self._lock:
            return key in self._items

    def get(self, key: str) -> Payload | None:
        """The payload of `key` if it is stored; never builds."""
        with self._lock:
            return self._lookup(key)

    def get_or_build(self, key: str, build: Callable[[], Payload]) -> Payload:
        with self._lock:
            found = self._lookup(key)
            if found is not None:
                return found
            key_lock = self._building.setdefault(key, threading.Lock())
        if not key_lock.acquire(blocking=False):
            with part("peer"):  # another request of this worker is building it
                key_lock.acquire()
        try:
            with self._lock:
                found = self._lookup(key)
            if found is not None:
                return found
            try:
                payload = build()
                with self._lock:
                    self.misses += 1
                    self._store(key, payload)
            finally:
                with self._lock:
                    self._building.pop(key, None)
        finally:
            key_lock.release()
        return payload

    def _lookup(self, key: str) -> Payload | None:
        payload = self._items.get(key)
        if payload is not None:
            self._items.move_to_end(key)
            self.hits += 1
        return payload

    def _store(self, key: str, payload: Payload) -> None:
        if payload.size > self.max_bytes or self.max_entries == 0 or key in self._items:
            return
        self._items[key] = payload
        self._bytes += payload.size
        while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
            _, old = self._items.popitem(last=False)
            self._bytes -= old.size
