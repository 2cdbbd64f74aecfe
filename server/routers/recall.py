"""GET /api/v1/recall: train a cell on "remember the first symbol after N distractors"."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from rnnscope.core import limits as L

from ..models.lessons import RecallOut
from ..params import RecallQuery
from .common import QUERY_RESPONSES, computed, single_valued

router = APIRouter(prefix="/api/v1", tags=["lessons"], dependencies=[Depends(single_valued)])

NOTE = (
    f"Refused with 422 before any work when `core.recall.estimate_cost` exceeds "
    f"RECALL_BUDGET = {L.RECALL_BUDGET} s, and on unknown or repeated parameters. "
    "Gate biases left out (or empty) keep PyTorch's initialisation; the lessons pass "
    "forget_bias=5 (LSTM) and update_bias=2 (GRU) explicitly. `clip=` (empty) trains without "
    "clipping. Takes seconds; deterministic: the same URL gives the same bytes, with a strong ETag."
)


@router.get(
    "/recall",
    response_model=RecallOut,
    responses=QUERY_RESPONSES,
    description=NOTE,
)
async def get_recall(
    request: Request,
    query: Annotated[RecallQuery, Query()],
) -> Response:
    """Train one cell on the recall task: accuracy and gradient ratio before, during, after."""
    lessons = request.app.state.lessons
    return await computed(request, lessons.cached(query), partial(lessons.recall, query))
