"""Traces, comparisons and samples of stored models (`model=<id>`, `models=<id>,<id>`).

The stored weights and vocabulary replace the model trained on `text`: core.stored runs them,
`train_steps` fine-tunes them. The answers are cached like any trace, keyed by the model's id
(the hash of its file, so an id always means the same weights) and the options that still
matter: those that make a model (cell, hidden, seed, ...) are the model's and left out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from rnnscope.core import limits as L
from rnnscope.core.checkpoints import Imported
from rnnscope.core.cost import check_budget, options_cost, room
from rnnscope.core.jsonable import jsonable
from rnnscope.core.options import OptionError, Options
from rnnscope.core.stored import FROM_MODEL, UNUSED, model_request, sample_model
from rnnscope.core.tokens import Encoded
from rnnscope.core.trace import run

from .engine import Engine, Job, key
from .jsonbytes import JSON, dumps
from .params import CompareQuery, OptionsQuery, SampleQuery
from .payload import Payload
from .store import ModelStore


@dataclass(frozen=True)
class Estimate:
    """A stored model's request before any work: its cost, options, tokens, what fits."""

    cost: float
    options: Options
    enc: Encoded
    what_fits: Callable[[], dict[str, int | None]]


IGNORED = set(FROM_MODEL) | set(UNUSED) | {"model", "models", "cells"}
SAMPLE_ONLY = ("start", "length", "temperature", "sample_seed")


def model_ids(query: CompareQuery) -> list[str]:
    """The `models` of a comparison: distinct ids, at most MAX_COMPARE_MODELS."""
    ids = str(query.models).split(",")
    if len(set(ids)) != len(ids) or len(ids) > L.MAX_COMPARE_MODELS:
        raise OptionError("models", f"up to {L.MAX_COMPARE_MODELS} distinct model ids")
    return ids


class StoredViews:
    """Stored models in the traces' lane: a per-process cache of loaded models by id."""

    def __init__(self, engine: Engine, store: ModelStore) -> None:
        self.engine = engine
        self.store = store
        self.loaded: dict[str, Imported] = {}

    def model(self, model_id: str) -> Imported:
        """The stored model; OptionError on `model` when there is none with this id."""
        if model_id not in self.loaded:
            record = self.store.get(model_id)
            if record is None:
                raise OptionError("model", f"no stored model {model_id} (GET /api/v1/models)")
            if len(self.loaded) >= 8:
                self.loaded.pop(next(iter(self.loaded)))
            self.loaded[model_id] = self.store.load(record)
        return self.loaded[model_id]

    def estimate(self, options: OptionsQuery, model_id: str) -> Estimate:
        """The model's options and the text in its vocabulary (once for the request), the
        estimated cost, and the most training that fits the budget (the hidden size is the
        model's). OptionError on `model` or `text` only."""
        try:
            o, enc = model_request(self.model(model_id), **self._kwargs(options))
        except OptionError as exc:
            raise self._named(exc, model_id) from None
        tokens, vocab = len(enc.tokens), len(enc.vocab)
        what_fits = partial(room, [o], tokens, vocab, L.COST_BUDGET, hidden_fixed=True)
        return Estimate(options_cost(o, tokens, vocab), o, enc, what_fits)

    def _named(self, exc: OptionError, model_id: str) -> OptionError:
        """A text the model cannot read, refused naming the model: of several compared, which."""
        ctx = exc.ctx or {}
        if ctx.get("rule") != "model_vocab":
            return exc
        record = self.store.get(model_id)
        name = record.name if record is not None else model_id
        said = f"the vocabulary of model {name} ({model_id}) lacks {ctx['n']} of its tokens: "
        return OptionError("text", said + ctx["tokens"], ctx={**ctx, "model": name, "id": model_id})

    def check(self, options: OptionsQuery, model_id: str) -> tuple[float, Options, Encoded]:
        """`estimate`, then the estimated cost against the budget; a refusal says the most
        training that fits."""
        est = self.estimate(options, model_id)
        check_budget(est.cost, est.what_fits, "train_steps or the length of text")
        return est.cost, est.options, est.enc

    def budget(self, options: OptionsQuery, model_id: str) -> dict[str, Any]:
        """GET /api/v1/cost's `model`: what the trace of the stored model on the query's text
        (fine-tuned for its train_steps) would cost, and the most training that fits."""
        est = self.estimate(options, model_id)
        return {
            "id": model_id,
            "cell": est.options.cell,
            "tokens": len(est.enc.tokens),
            "vocab": len(est.enc.vocab),
            "estimate": round(est.cost, 4),
            "fits": est.cost <= L.COST_BUDGET,
            **est.what_fits(),
        }

    @staticmethod
    def _kwargs(options: OptionsQuery) -> dict[str, Any]:
        return {
            k: v
            for k, v in options.core_kwargs().items()
            if k not in IGNORED and k not in SAMPLE_ONLY
        }

    def cache_key(self, query: OptionsQuery) -> str | None:
        """The cache key of a query about stored models; None for any other query."""
        if isinstance(query, CompareQuery):
            return self.compare_key(query) if query.models else None
        if not query.model:
            return None
        if isinstance(query, SampleQuery):
            return key(f"sample:model:{query.model}", query)
        return self.key(query, query.model)

    def key(self, options: OptionsQuery, model_id: str) -> str:
        return key(f"trace:model:{model_id}", self._kwargs(options))

    def compare_key(self, query: CompareQuery) -> str:
        return key(f"compare:models:{query.models}", self._kwargs(query))

    def trace(
        self,
        options: OptionsQuery,
        model_id: str,
        gone: Callable[[], bool] | None = None,
        since: float | None = None,
        extra: Callable[[], dict[str, Any]] | None = None,
    ) -> Payload:
        """`extra()`: fields added to the answer (a trace's `cost`, server/traces.py)."""

        def job() -> Job:
            cost, o, enc = self.check(options, model_id)
            params = self.model(model_id).params
            more = extra() if extra is not None else {}

            def work(stop: Callable[[], bool] | None) -> dict[str, Any]:
                out = run(o, enc, params, stop).to_dict()
                out["request"]["model"] = model_id
                return {**out, **more}

            return Job(cost, work)

        return self.engine.run(self.key(options, model_id), job, gone, since)

    def compare(self, query: CompareQuery, gone: Callable[[], bool] | None = None) -> Payload:
        ids = model_ids(query)

        def build() -> Payload:
            for model_id in ids:
                self.check(query, model_id)
            # the query as given; each trace's own request has its model's cell and sizes
            request = dumps({**query.core_kwargs(), "cells": [], "models": ids})
            since = time.monotonic()
            parts = [dumps(i) + b":" + self.trace(query, i, gone, since).raw for i in ids]
            raw = b'{"request":' + request + b',"traces":{' + b",".join(parts) + b"}}"
            return Payload.build(raw, JSON)

        return self.engine.cache.get_or_build(self.compare_key(query), build)

    def sample(self, query: SampleQuery, gone: Callable[[], bool] | None = None) -> Payload:
        model_id = str(query.model)
        made: dict[str, Any] = {}  # the options the model makes, for the answer's request

        def check() -> float:
            cost, o, _ = self.check(query, model_id)
            made.update((k, getattr(o, k)) for k in FROM_MODEL)
            if query.start not in self.model(model_id).vocab:
                n = self.model(model_id).spec.vocab
                raise OptionError(
                    "start",
                    f"must be one of the {n} tokens of the model",
                    ctx={"rule": "start_token", "n": n},
                )
            return cost

        def work(stop: Callable[[], bool] | None) -> dict[str, Any]:
            args = (query.start, query.length, query.temperature, query.sample_seed)
            try:
                with np.errstate(all="ignore"):
                    kwargs = {k: v for k, v in self._kwargs(query).items() if k != "text"}
                    model = self.model(model_id)
                    out = sample_model(model, query.text, *args, should_stop=stop, **kwargs)
            except ValueError as exc:  # NaN probabilities of a fine-tuning that overflowed
                raise OptionError("sample", "the model overflowed; lower lr") from exc
            digits = query.model_dump().get("digits")  # the page's compact answer
            return {
                "request": {**query.model_dump(), **made, "model": model_id},
                **jsonable(out, digits=digits),
            }

        def job() -> Job:
            return Job(check(), work)

        return self.engine.run(key(f"sample:model:{model_id}", query), job, gone)
