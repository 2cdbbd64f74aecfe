"""What the lessons ask of core beyond a trace: the recall experiment and sampling."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import core
from core import limits as L
from core import recall
from core.cancel import ShouldStop
from core.options import OptionError
from core.sample import sample
from core.tokens import encode

from .engine import Engine, key
from .params import RecallQuery, SampleQuery
from .payload import Payload
from .traces import check_limits


def check_recall(query: RecallQuery) -> float:
    """The estimated seconds of the training against RECALL_BUDGET."""
    cost = recall.estimate_cost(
        cell=query.cell,
        hidden=query.hidden,
        n_distract=query.n_distract,
        n_symbols=query.n_symbols,
        steps=query.steps,
        batch=query.batch,
    )
    if cost > L.RECALL_BUDGET:
        raise OptionError(
            "cost",
            f"estimated {cost:.1f} s of work exceeds RECALL_BUDGET = {L.RECALL_BUDGET} s; "
            "lower steps, batch, hidden or n_distract",
        )
    return cost


def start_index(query: SampleQuery) -> int:
    """Where `start` sits in the vocabulary of `text`; OptionError naming it if absent."""
    vocab = encode(query.text, query.tokens).vocab
    if query.start not in vocab:
        raise OptionError(
            "start", f"must be one of the {len(vocab)} distinct tokens ({query.tokens}) of text"
        )
    return vocab.index(query.start)


def generate(query: SampleQuery, should_stop: ShouldStop = None) -> dict:
    """Train as `core.trace` does with the query's options, then sample from `start`."""
    tr = core.trace(cell=query.cell, should_stop=should_stop, **query.core_kwargs())
    args = (start_index(query), query.length, query.temperature, query.sample_seed)
    try:
        with np.errstate(all="ignore"):  # overflow is answered below, not logged
            out = sample(tr.params, tr.spec, tr.enc.vocab, *args)
    except ValueError as exc:  # every argument is checked: only NaN probabilities remain
        raise OptionError(
            "sample",
            "the model overflowed (its probabilities are not finite); "
            "lower init_scale, w_hh_sigma or lr",
        ) from exc
    return {
        "request": query.model_dump(),
        "vocab": tr.enc.vocab,
        "tokens": out["tokens"],
        "probs": out["probs"],
    }


class LessonService:
    """Recall trainings in a lane of their own (seconds each); samples in the traces' lane."""

    def __init__(self, traces: Engine, recalls: Engine) -> None:
        self.traces = traces
        self.recalls = recalls

    def recall(self, query: RecallQuery, gone: Callable[[], bool] | None = None) -> Payload:
        def work(stop: ShouldStop) -> dict:
            return {"request": query.model_dump(),
                    **recall.train_recall(**query.model_dump(), should_stop=stop)}  # fmt: skip

        return self.recalls.run(key("recall", query), work, lambda: check_recall(query), gone)

    def sample(self, query: SampleQuery, gone: Callable[[], bool] | None = None) -> Payload:
        def check() -> float:
            cost = check_limits(query, [query.cell])
            start_index(query)
            return cost

        return self.traces.run(
            key("sample", query), lambda stop: generate(query, stop), check, gone
        )
