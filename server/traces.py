"""Traces, comparisons and samples as cached JSON payloads.

A request is validated once, by its query model (server/params.py, from core/options.py). What
needs the tokens (their number, the vocabulary, the estimated cost against COST_BUDGET) is
checked by `prepare`, which tokenizes the text once for the whole request: a comparison's
three traces share it. core then runs on the checked options without checking them again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from rnnscope.core import limits as L
from rnnscope.core.cost import check_budget, options_cost, room
from rnnscope.core.options import PAGE_CHOICES, Options, check_tokens
from rnnscope.core.sample import start_index
from rnnscope.core.tokens import Encoded, encode

from .cache import PayloadCache
from .engine import Engine, Job, key
from .jsonbytes import JSON, dumps
from .params import CompareQuery, CostQuery, OptionsQuery, SampleQuery, TraceQuery
from .payload import Payload
from .stored_views import StoredViews, model_ids
from .timing import part
from .work import kept_sample_work, sample_work, trace_work, trained_trace_work

Gone = Callable[[], bool] | None


@dataclass(frozen=True)
class Prepared:
    """A request checked once: its tokens, and each cell's options and estimated seconds."""

    options: dict[str, Options]
    enc: Encoded
    costs: dict[str, float]

    def job(self, cell: str, extra: dict[str, Any]) -> Job:
        """The trace of `cell`, as the engine runs it, with `extra` fields in its answer; a
        training keeps its model (trained_key) for the samples of that training."""
        o = self.options[cell]
        if not o.train_steps:
            return Job(self.costs[cell], partial(trace_work, o, self.enc, extra))
        work = partial(trained_trace_work, o, self.enc, extra)
        return Job(self.costs[cell], work, trained=trained_key(o))

    def room(self, cells: list[str] | None = None) -> dict[str, int | None]:
        """The most training and the largest hidden size that fit the budget, for all the
        request's cells together or `cells` (core.cost.room)."""
        chosen = [self.options[c] for c in cells or self.options]
        return room(chosen, len(self.enc.tokens), len(self.enc.vocab), L.COST_BUDGET)


def prepare(query: OptionsQuery, cells: list[str], within_budget: bool = True,
            enc: Encoded | None = None) -> Prepared:  # fmt: skip
    """Tokenize once; the token and vocabulary limits, then (`within_budget`) the estimated
    cost of all `cells` against the budget. OptionError (a 422 naming `text` or `cost`, with
    what would fit) before any work."""
    options = {cell: query.trace_options(cell) for cell in cells}
    first = options[cells[0]]
    enc = enc or encode(first.text, first.tokens)  # `enc`: the same text, tokenized already
    check_tokens(len(enc.tokens), len(enc.vocab))
    prepared = Prepared(options, enc, {cell: cost(o, enc) for cell, o in options.items()})
    total = sum(prepared.costs.values())
    if within_budget:
        check_budget(total, prepared.room, "hidden, layers, train_steps or the length of text")
    return prepared


def cost(o: Options, enc: Encoded) -> float:
    """core.estimate_cost of one trace of `o` on the tokens `enc`."""
    return options_cost(o, len(enc.tokens), len(enc.vocab))


def budget(query: OptionsQuery, enc: Encoded | None = None) -> dict[str, Any]:
    """GET /api/v1/cost: what the comparison of these options (or one cell's trace:
    `per_cell`) would cost, against the budget, and the most training and the largest hidden
    size that fit. (A stored model's part, `model`, is TraceService.budget's.)"""
    cells = query.cell_list
    prepared = prepare(query, cells, within_budget=False, enc=enc)
    total = sum(prepared.costs.values())
    # the cells trained on the text: a stored model's part is `model` (TraceService.budget)
    request = {k: v for k, v in query.core_kwargs().items() if k != "model"}
    return {
        "request": {**request, "cells": cells},
        "tokens": len(prepared.enc.tokens),
        "vocab": len(prepared.enc.vocab),
        "estimate": round(total, 4),
        "budget": L.COST_BUDGET,
        "fits": total <= L.COST_BUDGET,
        **prepared.room(),
        "per_cell": {
            cell: {"estimate": round(prepared.costs[cell], 4), **prepared.room([cell])}
            for cell in cells
        },
    }


def cost_query(query: OptionsQuery) -> OptionsQuery:
    """The page's cost question for the state that asks `query` (static/js/budget.js costUrl):
    the options /api/v1/cost takes, every cell, the stored model if any, no training."""
    given = query.model_dump(include=set(CostQuery.model_fields) - {"cells", "train_steps"})
    return CostQuery.model_construct(**given)  # checked already: the same declarations


def fitting(most: int | None) -> int:
    """The largest of the page's training choices not above `most` (budget.js fitting)."""
    return int(
        max([0, *(n for n in PAGE_CHOICES["train_steps"] if most is not None and n <= most)])
    )


def trained_key(o: Options) -> str:
    """The key of the model a training gives: its options, whatever the answer's precision."""
    return key("trained", {**o.as_dict(), "digits": None})


def trace_key(cell: str, query: OptionsQuery) -> str:
    return key(f"trace:{cell}", query.core_kwargs())


def compare_key(query: CompareQuery) -> str:
    return key(f"compare:{query.cells}", query.core_kwargs())


def sample_key(query: SampleQuery) -> str:
    return key("sample", query)


class TraceService:
    """Traces, comparisons and samples of the character model, computed in the engine's lane."""

    def __init__(self, engine: Engine, stored: StoredViews, costs: PayloadCache) -> None:
        self.engine = engine
        self.stored = stored  # model=<id> and models=<id>,<id> (server/stored_views.py)
        self.costs = costs  # /api/v1/cost's answers, apart from the traces

    def budget(self, query: OptionsQuery, enc: Encoded | None = None) -> dict[str, Any]:
        """GET /api/v1/cost: the cells trained on the text (`budget`), and with `model` the
        stored model's trace on it too (the page's one-cell view of a picked model)."""
        answer = budget(query, enc)
        if query.model:
            answer["model"] = self.stored.budget(query, query.model)
        return answer

    def cost_cached(self, query: OptionsQuery) -> Payload | None:
        return self.costs.get(key("cost", query))

    def cost(self, query: OptionsQuery, enc: Encoded | None = None) -> Payload:
        """GET /api/v1/cost's answer to `query` (a CostQuery), computed once and kept; `enc`:
        its text tokenized already (a trace's: one tokenization per request)."""

        def build() -> Payload:
            with part("compute"):
                answer = self.budget(query, enc)
                return Payload.build(dumps(answer), JSON, data=answer)  # read by cost_of

        return self.costs.get_or_build(key("cost", query), build)

    def cost_of(self, query: OptionsQuery, enc: Encoded | None = None) -> dict[str, Any]:
        """What /api/v1/cost answers for the page's cost question of the state asking `query`:
        a trace's and a comparison's `cost` field, so that the page need not ask it. Asked on
        every fit=true request: the dict kept beside the bytes, not parsed again (not to be
        changed by the caller)."""
        answer: dict[str, Any] = self.cost(cost_query(query), enc).data
        return answer

    def fit(self, query: OptionsQuery) -> tuple[OptionsQuery, bool]:
        """`fit=true` over the budget: the query with the most training that fits (the largest
        page choice, as the page's budget.js `fitted`), and True; else the query as asked.
        Reads the stored model for `model`: not in the event loop then."""
        if not getattr(query, "fit", False) or query.train_steps == 0:
            return query, False
        if isinstance(query, CompareQuery) and query.models:
            rooms = [self.stored.estimate(query, m).what_fits() for m in model_ids(query)]
            found = [r["max_train_steps"] for r in rooms]
            most = None if None in found else min(n for n in found if n is not None)
        elif getattr(query, "model", None):
            most = self.cost_of(query)["model"]["max_train_steps"]
        elif isinstance(query, CompareQuery) and query.cell_list != list(L.CELL_NAMES):
            cells = query.cell_list  # not the page's comparison: its own room
            most = prepare(query, cells, within_budget=False).room()["max_train_steps"]
        else:
            answer = self.cost_of(query)
            fit = answer if isinstance(query, CompareQuery) else answer["per_cell"][query.cell]
            most = fit["max_train_steps"]
        if most is not None and query.train_steps <= most:
            return query, False
        return query.model_copy(update={"train_steps": fitting(most)}), True

    def fitted(self, payload: Payload) -> Payload:
        """The answer of a fitted request: `payload` with `"fitted": true` added (kept beside
        it: the answer itself is shared with the requests that asked for that training)."""
        return self.engine.cache.get_or_build(
            f"fitted:{payload.digest}",
            lambda: Payload.build(payload.raw[:-1] + b',"fitted":true}', JSON),
        )

    def cached(self, query: OptionsQuery) -> Payload | None:
        """The stored answer, if any: cheap enough for the event loop (no thread, no slot)."""
        stored = self.stored.cache_key(query)
        if stored is not None:
            found = self.engine.cache.get(stored)
        elif isinstance(query, CompareQuery):
            found = self.engine.cache.get(compare_key(query))
        elif isinstance(query, SampleQuery):
            found = self.engine.cache.get(sample_key(query))
        else:
            found = self.engine.cache.get(trace_key(query.cell, query))
        return found

    def trace(self, query: TraceQuery, gone: Gone = None) -> Payload:
        if query.model:
            return self.stored.trace(
                query, query.model, gone, extra=lambda: {"cost": self.cost_of(query)}
            )
        cell = str(query.cell)

        def job() -> Job:
            prepared = prepare(query, [cell])
            return prepared.job(cell, {"cost": self.cost_of(query, prepared.enc)})

        return self.engine.run(trace_key(cell, query), job, gone)

    def compare(self, query: CompareQuery, gone: Gone = None) -> Payload:
        if query.models:
            return self.stored.compare(query, gone)

        # Assembled from the cached traces; takes no slot itself (each trace takes one).
        def build() -> Payload:
            cells = query.cell_list
            prepared = prepare(query, cells)
            request = dumps({**query.core_kwargs(), "cells": cells})
            since = time.monotonic()  # each cell's trace waits for a slot with this age
            cost = self.cost(cost_query(query), prepared.enc)
            extra = {"cost": cost.data}  # each trace's answer carries it too

            def one(cell: str) -> Payload:
                job = partial(prepared.job, cell, extra)
                return self.engine.run(trace_key(cell, query), job, gone, since)

            if self.engine.parallel(max(prepared.costs.values())):  # on several cores
                with ThreadPoolExecutor(len(cells), thread_name_prefix="compare") as threads:
                    # each thread in a copy of this request's context (its Server-Timing)
                    contexts = [copy_context() for _ in cells]
                    answers = list(threads.map(lambda x, c: x.run(one, c), contexts, cells))
            else:
                answers = [one(cell) for cell in cells]
            parts = [dumps(c) + b":" + a.raw for c, a in zip(cells, answers, strict=True)]
            raw = b'{"request":' + request + b',"traces":{' + b",".join(parts) + b'},"cost":'
            raw += cost.raw + b"}"
            return Payload.build(raw, JSON)

        return self.engine.cache.get_or_build(compare_key(query), build)

    def sample(self, query: SampleQuery, gone: Gone = None) -> Payload:
        """Train as for a trace of the query's options, then sample from `start`; from the
        model a trace of the same training kept, if any (no second training)."""
        if query.model:
            return self.stored.sample(query, gone)

        def job() -> Job:
            cell = str(query.cell)
            prepared = prepare(query, [cell])
            o, enc = prepared.options[cell], prepared.enc
            start = start_index(enc.vocab, query.start, query.tokens)

            args = (query.model_dump(), start, query.length, query.temperature, query.sample_seed)
            model = self.engine.kept(trained_key(o)) if o.train_steps else None
            if model is not None:  # trained already, for a trace: only the generation is left
                untrained = cost(replace(o, train_steps=0), enc)
                return Job(untrained, partial(kept_sample_work, o, enc, model, *args))
            return Job(prepared.costs[cell], partial(sample_work, o, enc, *args))

        return self.engine.run(sample_key(query), job, gone)
