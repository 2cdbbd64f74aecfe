"""GET /api/v1/recall: train a cell on "remember the first symbol after N distractors"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from core import limits as L

from ..models.lessons import RecallOut
from ..params import RecallQuery
from ..settings import Settings, get_settings
from .common import QUERY_RESPONSES, client_gone, send_cached, single_valued

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
def get_recall(
    request: Request,
    query: Annotated[RecallQuery, Query()],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Response:
    """Train one cell on the recall task: accuracy and gradient ratio before, during, after."""
    return send_cached(
        request, request.app.state.lessons.recall(query, client_gone(request)), settings
    )
