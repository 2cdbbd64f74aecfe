"""GET /api/v1/compare: several cells on the same text, options and seed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from ..models.trace import CompareOut
from ..params import CompareQuery
from ..settings import Settings, get_settings
from .common import LIMITS_NOTE, QUERY_RESPONSES, client_gone, send_cached, single_valued

router = APIRouter(prefix="/api/v1", tags=["compare"], dependencies=[Depends(single_valued)])


@router.get(
    "/compare",
    response_model=CompareOut,
    responses=QUERY_RESPONSES,
    description=LIMITS_NOTE,
)
def get_compare(
    request: Request,
    query: Annotated[CompareQuery, Query()],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Response:
    """One trace per listed cell, all with the same settings and seed."""
    payload = request.app.state.traces.compare(query, client_gone(request))
    return send_cached(request, payload, settings)
