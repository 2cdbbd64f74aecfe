"""What the engine computes, as module-level functions of checked arguments and core's
`should_stop`: a worker thread calls them, or a compute process (server/pool.py) unpickles a
`functools.partial` of one. This module imports core only, so that a compute process starts
in a fraction of a second.
"""

from __future__ import annotations

from typing import Any

from rnnscope.core import classify, recall, seq2seq
from rnnscope.core.cancel import ShouldStop
from rnnscope.core.jsonable import jsonable
from rnnscope.core.options import Options
from rnnscope.core.sample import generate
from rnnscope.core.tokens import Encoded
from rnnscope.core.trace import run


def trace_work(options: Options, enc: Encoded, extra: dict[str, Any],
               stop: ShouldStop) -> dict[str, Any]:  # fmt: skip
    """One trace as a dict, with `extra` fields (its `cost`, server/traces.py)."""
    return {**run(options, enc, None, stop).to_dict(), **extra}


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
