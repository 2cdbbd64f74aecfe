"""Traces as cached JSON payloads: validate against the limits, run core, serialize once."""

from __future__ import annotations

import json
import threading

import core
from core import limits as L
from core.options import OptionError, check_tokens
from core.tokens import encode

from .cache import PayloadCache
from .jsonbytes import JSON, dumps
from .params import CompareQuery, TraceOptions, TraceQuery
from .payload import Payload


def check_limits(options: TraceOptions, cells: list[str]) -> float:
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


class TraceService:
    """Owns the cache and bounds how many traces run at once in this process."""

    def __init__(self, cache: PayloadCache, max_concurrent: int) -> None:
        self.cache = cache
        self._slots = threading.BoundedSemaphore(max_concurrent)

    def trace(self, query: TraceQuery) -> Payload:
        return self._trace(query.cell, query)

    def compare(self, query: CompareQuery) -> Payload:
        key = f"compare:{query.cells}:" + _key(query)

        def build() -> Payload:
            check_limits(query, query.cell_list)
            request = dumps({**query.core_kwargs(), "cells": query.cell_list})
            parts = [dumps(c) + b":" + self._trace(c, query).raw for c in query.cell_list]
            raw = b'{"request":' + request + b',"traces":{' + b",".join(parts) + b"}}"
            return Payload.build(raw, JSON)

        return self.cache.get_or_build(key, build)

    def _trace(self, cell: str, options: TraceOptions) -> Payload:
        key = f"trace:{cell}:" + _key(options)

        def build() -> Payload:
            check_limits(options, [cell])
            with self._slots:
                result = core.trace(cell=cell, **options.core_kwargs()).to_dict()
            return Payload.build(dumps(result), JSON)

        return self.cache.get_or_build(key, build)


def _key(options: TraceOptions) -> str:
    return json.dumps(options.core_kwargs(), sort_keys=True, allow_nan=False)
