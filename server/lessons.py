"""The recall experiment (core.recall) for the lessons, in a lane of its own: seconds each."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rnnscope.core import limits as L
from rnnscope.core import recall
from rnnscope.core.options import OptionError

from .engine import Engine, Job, key
from .params import RecallQuery
from .payload import Payload
from .work import recall_work


def check_recall(query: RecallQuery) -> float:
    """The estimated seconds of the training against RECALL_BUDGET."""
    cost = recall.estimate_cost(recall.RecallWork.of(query.model_dump()))
    if cost > L.RECALL_BUDGET:
        raise OptionError(
            "cost",
            f"estimated {cost:.1f} s of work exceeds RECALL_BUDGET = {L.RECALL_BUDGET} s; "
            "lower steps, batch, hidden or n_distract",
            ctx={"rule": "recall_cost", "estimate": round(cost, 3), "budget": L.RECALL_BUDGET},
        )
    return float(cost)


def recall_key(query: RecallQuery) -> str:
    return key("recall", query)


class LessonService:
    """Recall trainings in their own lane, so that traces never wait for them."""

    def __init__(self, recalls: Engine) -> None:
        self.recalls = recalls

    def cached(self, query: RecallQuery) -> Payload | None:
        """The stored answer, if any: cheap enough for the event loop (no thread, no slot)."""
        return self.recalls.cache.get(recall_key(query))

    def recall(self, query: RecallQuery, gone: Callable[[], bool] | None = None) -> Payload:
        def job() -> Job:
            cost = check_recall(query)
            return Job(cost, partial(recall_work, query.model_dump()), keep=True)

        return self.recalls.run(recall_key(query), job, gone)
