"""GET /api/v1/cost: what a trace or comparison would cost, and the most training that fits."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from rnnscope.core import limits as L

from ..answered import remember
from ..models.cost import CostOut
from ..params import CostQuery
from ..timing import Timing
from .common import QUERY_RESPONSES, send_cached, single_valued

router = APIRouter(prefix="/api/v1", tags=["trace"], dependencies=[Depends(single_valued)])

NOTE = (
    "The same options as /api/v1/compare, answered at once without any work: the estimated "
    f"seconds against COST_BUDGET = {L.COST_BUDGET} s of the comparison of `cells` and (in "
    "`per_cell`) of each cell's /api/v1/trace, with `max_train_steps` and `max_hidden`, the "
    "largest values that fit with every other option as given. With `model`, `model` says the "
    "same of that stored model's /api/v1/trace on the text (its own cell and sizes). The page "
    "offers only the training choices that fit and says why the others are off. A text with "
    "too few or too many tokens gets a 422 naming `text`, as on /api/v1/trace; an unknown "
    "model, or a text outside its vocabulary, a 422 as there."
)


@router.get("/cost", response_model=CostOut, responses=QUERY_RESPONSES, description=NOTE)
async def get_cost(request: Request, query: Annotated[CostQuery, Query()]) -> Response:
    """Estimated cost of a trace or comparison, the budget, and the most training that fits."""
    traces = request.app.state.traces
    timing = Timing.start()
    # asked on every edit: the lecture's texts are asked again and again
    payload = traces.cost_cached(query)
    if payload is None:
        # a stored model is loaded from the store (disk) the first time: not in the event loop
        if query.model:
            payload = await run_in_threadpool(traces.cost, query)
        else:
            payload = traces.cost(query)
    remember(request, payload)  # asked again: answered before routing (server/answered.py)
    response = send_cached(request, payload, request.app.state.settings)
    response.headers["Server-Timing"] = timing.header()
    return response
