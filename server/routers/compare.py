"""GET /api/v1/compare: several cells on the same text, options and seed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from ..models.trace import CompareOut
from ..params import CompareQuery
from .common import LIMITS_NOTE, QUERY_RESPONSES, client_gone, send_cached, single_valued

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
    payload = traces.cached(query) or await run_in_threadpool(
        traces.compare, query, client_gone(request)
    )
    return send_cached(request, payload, request.app.state.settings)
