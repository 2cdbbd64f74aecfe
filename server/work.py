"""What the engine computes, as module-level functions of checked arguments and core's
`should_stop`: a worker thread calls them, or a compute process (server/pool.py) unpickles a
`functools.partial` of one. This module imports core and the answer's bytes only (what a
compute process imports anyway), so that a compute process starts in a fraction of a second.

A training's model is kept beside its trace (`trained_trace_work`: the answer's Payload with
the trained parameters as its `data`, written by server/keeper.py after the answer has left),
so that a sample of the same training (`kept_sample_work`) generates from it without training
again (server/traces.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rnnscope.core import classify, recall, seq2seq
from rnnscope.core.cancel import ShouldStop
from rnnscope.core.jsonable import jsonable
from rnnscope.core.options import Options
from rnnscope.core.sample import generate, generate_from
from rnnscope.core.tokens import Encoded
from rnnscope.core.trace import run, spec_of

from .jsonbytes import JSON, dumps
from .payload import Payload


def trace_work(options: Options, enc: Encoded, extra: dict[str, Any],
               stop: ShouldStop) -> dict[str, Any]:  # fmt: skip
    """One trace as a dict, with `extra` fields (its `cost`, server/traces.py)."""
    return {**run(options, enc, None, stop).to_dict(), **extra}


def trained_trace_work(options: Options, enc: Encoded, extra: dict[str, Any],
                       stop: ShouldStop) -> Payload:  # fmt: skip
    """trace_work's answer, with the trained parameters beside its bytes (`data`)."""
    tr = run(options, enc, None, stop)
    return Payload.build(dumps({**tr.to_dict(), **extra}), JSON, data=tr.params)


def kept_sample_work(options: Options, enc: Encoded, params: dict[str, np.ndarray],
                     request: dict[str, Any], start: int, length: int, temperature: float,
                     seed: int, stop: ShouldStop) -> dict[str, Any]:  # fmt: skip
    """sample_work's answer from the model a trace of the same training kept."""
    out = generate_from(params, spec_of(options, enc), enc.vocab, start, length, temperature,
                        seed)  # fmt: skip
    return {"request": request, **jsonable(out, digits=options.digits)}


def sample_work(options: Options, enc: Encoded, request: dict[str, Any], start: int,
                length: int, temperature: float, seed: int,
                stop: ShouldStop) -> dict[str, Any]:  # fmt: skip
    """Train as for the trace of `options`, then sample `length` tokens from `start`."""
    tr = run(options, enc, None, stop)
    out = generate(tr, start, length, temperature, seed)
    return {"request": request, **jsonable(out, digits=options.digits)}


def recall_work(options: dict[str, Any], stop: ShouldStop) -> dict[str, Any]:
    """One recall training (core.recall.train_recall of the checked query) as a dict."""
    return {"request": options, **recall.train_recall(**options, should_stop=stop)}


def task_work(kind: str, options: Any, batch: Any, stop: ShouldStop) -> dict[str, Any]:
    """One classification or sequence-to-sequence run (trained, then traced) as a dict."""
    module: Any = classify if kind == "classify" else seq2seq
    result: dict[str, Any] = module.fit(options, batch, should_stop=stop).to_dict()
    return result
