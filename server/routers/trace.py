"""GET /api/v1/trace: one cell's trace (docs/trace-format.md)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from ..models.trace import TraceOut
from ..params import TraceQuery
from .common import LIMITS_NOTE, QUERY_RESPONSES, computed, fit, single_valued

router = APIRouter(prefix="/api/v1", tags=["trace"], dependencies=[Depends(single_valued)])


@router.get(
    "/trace",
    response_model=TraceOut,
    responses=QUERY_RESPONSES,
    description=LIMITS_NOTE,
)
async def get_trace(
    request: Request,
    query: Annotated[TraceQuery, Query()],
) -> Response:
    """Run one cell over `text`: every intermediate, gradient norm and weight."""
    traces = request.app.state.traces
    query, then = await fit(request, query)  # fit=true: the most training that fits
    return await computed(request, traces.cached(query), partial(traces.trace, query), then)
