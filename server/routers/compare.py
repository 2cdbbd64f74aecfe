"""GET /api/v1/compare: several cells on the same text, options and seed."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from ..models.trace import CompareOut
from ..params import CompareQuery
from .common import LIMITS_NOTE, QUERY_RESPONSES, computed, fit, single_valued

router = APIRouter(prefix="/api/v1", tags=["compare"], dependencies=[Depends(single_valued)])


@router.get(
    "/compare",
    response_model=CompareOut,
    responses=QUERY_RESPONSES,
    description=LIMITS_NOTE,
)
async def get_compare(
    request: Request,
    query: Annotated[CompareQuery, Query()],
) -> Response:
    """One trace per listed cell, all with the same settings and seed."""
    traces = request.app.state.traces
    query, then = await fit(request, query)  # fit=true: the most training that fits
    return await computed(request, traces.cached(query), partial(traces.compare, query), then)
