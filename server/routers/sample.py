"""GET /api/v1/sample: train a character model as for a trace, then generate text from it."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from ..models.lessons import SampleOut
from ..params import SampleQuery
from .common import LIMITS_NOTE, QUERY_RESPONSES, computed, single_valued

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
async def get_sample(
    request: Request,
    query: Annotated[SampleQuery, Query()],
) -> Response:
    """Train on `text` (every trace option), then sample `length` tokens after `start`."""
    traces = request.app.state.traces
    return await computed(request, traces.cached(query), partial(traces.sample, query))
