"""Classifications and sequence-to-sequence runs as cached JSON payloads, in the traces' lane.

A request is checked before any work (the pairs' structure, token and vocabulary limits, the
estimated cost against COST_BUDGET), then trained and traced in one of the lane's slots,
serialized once and cached under its normalized options: the same URL gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from rnnscope.core import classify as C
from rnnscope.core import seq2seq as S
from rnnscope.core.cost import check_budget
from rnnscope.core.task_options import classify_options, seq2seq_options

from .engine import Engine, Job, key
from .params import ClassifyQuery, Seq2SeqQuery
from .payload import Payload
from .work import task_work


class TaskService:
    """classify and seq2seq, computed in the engine's lane (the traces')."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def cached(self, kind: str, query: ClassifyQuery | Seq2SeqQuery) -> Payload | None:
        """The stored answer, if any: cheap enough for the event loop."""
        return self.engine.cache.get(key(kind, query))

    def classify(self, query: ClassifyQuery, gone: Callable[[], bool] | None = None) -> Payload:
        return self._run("classify", query, classify_options, C, gone)

    def seq2seq(self, query: Seq2SeqQuery, gone: Callable[[], bool] | None = None) -> Payload:
        return self._run("seq2seq", query, seq2seq_options, S, gone)

    def _run(
        self,
        kind: str,
        query: Any,
        options: Callable[[dict[str, Any]], Any],
        module: Any,
        gone: Callable[[], bool] | None,
    ) -> Payload:
        def job() -> Job:
            o = options(query.model_dump())
            batch = module.prepare(o)
            hint = "hidden, layers, train_steps, the number or the length of the texts"
            cost = module.estimate_cost(o, batch)
            check_budget(cost, dict, hint)  # no max_train_steps/max_hidden to offer here
            return Job(cost, partial(task_work, kind, o, batch))

        return self.engine.run(key(kind, query), job, gone)
