"""Traces as cached JSON payloads: validate against the limits, run core, serialize once."""

from __future__ import annotations

import time
from collections.abc import Callable

import core
from core import limits as L
from core.options import OptionError, check_tokens
from core.tokens import encode

from .engine import Engine, key
from .jsonbytes import JSON, dumps
from .params import CompareQuery, OptionsQuery, TraceQuery
from .payload import Payload


def check_limits(options: OptionsQuery, cells: list[str]) -> float:
    """Token and vocabulary limits, then the estimated cost of all `cells` against the budget."""
    enc = encode(options.text, options.tokens)
    check_tokens(len(enc.tokens), len(enc.vocab))
    cost = sum(
        core.estimate_cost(
            steps=len(enc.tokens) - 1,
            hidden=options.hidden,
            layers=options.layers,
            cell=cell,
            vocab=len(enc.vocab),
            embedding=options.embedding,
            train_steps=options.train_steps,
            truncate=options.truncate,
        )
        for cell in cells
    )
    if cost > L.COST_BUDGET:
        raise OptionError(
            "cost",
            f"estimated {cost:.2f} s of work exceeds COST_BUDGET = {L.COST_BUDGET} s; "
            "lower hidden, layers, train_steps or the length of text",
        )
    return cost


def trace_key(cell: str, options: OptionsQuery) -> str:
    return key(f"trace:{cell}", options.core_kwargs())


def compare_key(query: CompareQuery) -> str:
    return key(f"compare:{query.cells}", query.core_kwargs())


class TraceService:
    """Traces and comparisons, computed in the engine's lane."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def cached(self, query: TraceQuery | CompareQuery) -> Payload | None:
        """The stored answer, if any: cheap enough for the event loop (no thread, no slot)."""
        if isinstance(query, CompareQuery):
            return self.engine.cache.get(compare_key(query))
        return self.engine.cache.get(trace_key(query.cell, query))

    def trace(self, query: TraceQuery, gone: Callable[[], bool] | None = None) -> Payload:
        return self._trace(query.cell, query, gone)

    def compare(self, query: CompareQuery, gone: Callable[[], bool] | None = None) -> Payload:
        # Assembled from the cached traces; takes no slot itself (each trace takes one).
        def build() -> Payload:
            check_limits(query, query.cell_list)
            request = dumps({**query.core_kwargs(), "cells": query.cell_list})
            since = time.monotonic()  # each cell's trace waits for a slot with this age
            parts = [dumps(c) + b":" + self._trace(c, query, gone, since).raw
                     for c in query.cell_list]  # fmt: skip
            raw = b'{"request":' + request + b',"traces":{' + b",".join(parts) + b"}}"
            return Payload.build(raw, JSON)

        return self.engine.cache.get_or_build(compare_key(query), build)

    def _trace(self, cell: str, options: OptionsQuery, gone: Callable[[], bool] | None,
               since: float | None = None) -> Payload:  # fmt: skip
        return self.engine.run(
            trace_key(cell, options),
            lambda stop: core.trace(cell=cell, should_stop=stop, **options.core_kwargs()).to_dict(),
            lambda: check_limits(options, [cell]),
            gone,
            since,
        )
