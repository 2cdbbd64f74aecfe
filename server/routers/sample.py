"""GET /api/v1/sample: train a character model as for a trace, then generate text from it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from ..models.lessons import SampleOut
from ..params import SampleQuery
from ..settings import Settings, get_settings
from .common import LIMITS_NOTE, QUERY_RESPONSES, client_gone, send_cached, single_valued

router = APIRouter(prefix="/api/v1", tags=["lessons"], dependencies=[Depends(single_valued)])

NOTE = (
    "`start` must be a token of `text` (422 naming it otherwise). A model whose probabilities "
    "overflow gets a 422 on `sample`. " + LIMITS_NOTE
)


@router.get(
    "/sample",
    response_model=SampleOut,
    responses=QUERY_RESPONSES,
    description=NOTE,
)
def get_sample(
    request: Request,
    query: Annotated[SampleQuery, Query()],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Response:
    """Train on `text` (every trace option), then sample `length` tokens after `start`."""
    return send_cached(
        request, request.app.state.lessons.sample(query, client_gone(request)), settings
    )
