"""GET /api/v1/trace: one cell's trace (docs/trace-format.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from ..models.trace import TraceOut
from ..params import TraceQuery
from ..settings import Settings, get_settings
from .common import LIMITS_NOTE, QUERY_RESPONSES, client_gone, send_cached, single_valued

router = APIRouter(prefix="/api/v1", tags=["trace"], dependencies=[Depends(single_valued)])


@router.get(
    "/trace",
    response_model=TraceOut,
    responses=QUERY_RESPONSES,
    description=LIMITS_NOTE,
)
def get_trace(
    request: Request,
    query: Annotated[TraceQuery, Query()],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Response:
    """Run one cell over `text`: every intermediate, gradient norm and weight."""
    payload = request.app.state.traces.trace(query, client_gone(request))
    return send_cached(request, payload, settings)
