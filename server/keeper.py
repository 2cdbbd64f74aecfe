"""Trained models kept beside their traces, written after the answer has left.

A trained trace sends its model's parameters beside its answer (server/work.py
trained_trace_work), so that a sample of the same training (the generation panel, one cell or
each cell of a comparison; the one-to-many lesson) generates from them without training again
(server/traces.py TraceService.sample). Most trainings are never sampled, so keeping one costs
its request nothing: the request hands the parameters over and its answer leaves at once; one
thread per worker then writes them as .npz (NumPy's own format, no pickle) where every worker
finds them: the shared cache on disk (one plain write: nothing is claimed, nothing computed), or
this worker's cache when there is none. Until written they are found here, in memory.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .payload import Payload

# A trained model's parameters as NumPy's .npz.
MODEL = "application/x-npz"

Params = dict[str, np.ndarray]
log = logging.getLogger(__name__)


def model_bytes(params: Params) -> bytes:
    out = io.BytesIO()
    np.savez(out, allow_pickle=False, **params)
    return out.getvalue()


def model_params(model: bytes) -> Params:
    with np.load(io.BytesIO(model), allow_pickle=False) as kept:
        return {name: kept[name] for name in kept.files}


class Keeper:
    """`keep(key, params)` returns at once; `kept(key)` finds them, written or not yet."""

    def __init__(self, store: Callable[[str, Payload], None],
                 find: Callable[[str], Payload | None]) -> None:  # fmt: skip
        self._store = store
        self._find = find
        self._pending: dict[str, Params] = {}
        self._lock = threading.Lock()
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="keeper")

    def keep(self, key: str, params: Params) -> None:
        with self._lock:
            self._pending[key] = params
        self._writer.submit(self._write, key, params)

    def _write(self, key: str, params: Params) -> None:
        try:
            self._store(key, Payload.build(model_bytes(params), MODEL, level=0))
        except Exception:  # a sample of this training will train again: nothing is wrong
            log.exception("a trained model could not be kept")
        finally:
            with self._lock:  # after the store: a reader finds it in one place or the other
                self._pending.pop(key, None)

    def kept(self, key: str) -> Params | None:
        with self._lock:
            found = self._pending.get(key)
        if found is not None:
            return found
        stored = self._find(key)
        return None if stored is None else model_params(stored.raw)

    def written(self) -> None:
        """Wait until every model handed over so far is written (tests, benchmarks)."""
        self._writer.submit(int).result()
