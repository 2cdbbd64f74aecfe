"""GET /api/v1/cost: what a trace or comparison would cost, and the most training that fits."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from rnnscope.core import limits as L

from ..jsonbytes import JSON, dumps
from ..models.cost import CostOut
from ..params import CostQuery
from ..payload import Payload
from ..traces import budget
from .common import QUERY_RESPONSES, send_cached, single_valued

router = APIRouter(prefix="/api/v1", tags=["trace"], dependencies=[Depends(single_valued)])

NOTE = (
    "The same options as /api/v1/compare, answered at once without any work: the estimated "
    f"seconds against COST_BUDGET = {L.COST_BUDGET} s of the comparison of `cells` and (in "
    "`per_cell`) of each cell's /api/v1/trace, with `max_train_steps` and `max_hidden`, the "
    "largest values that fit with every other option as given. The page offers only the "
    "training choices that fit and says why the others are off. A text with too few or too "
    "many tokens gets a 422 naming `text`, as on /api/v1/trace."
)


@router.get("/cost", response_model=CostOut, responses=QUERY_RESPONSES, description=NOTE)
async def get_cost(request: Request, query: Annotated[CostQuery, Query()]) -> Response:
    """Estimated cost of a trace or comparison, the budget, and the most training that fits."""
    payload = Payload.build(dumps(budget(query)), JSON)
    return send_cached(request, payload, request.app.state.settings)
