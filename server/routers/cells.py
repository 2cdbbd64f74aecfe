"""GET /api/v1/cells: gates, equations and parameter-count formulas of every cell."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from rnnscope import core
from rnnscope.core import limits

from ..jsonbytes import JSON, dumps
from ..models.cells import CellsOut
from ..payload import Payload
from ..settings import Settings, get_settings
from .common import CACHED_RESPONSES, send_cached

router = APIRouter(prefix="/api/v1", tags=["cells"])

LIMITS = {name: getattr(limits, name) for name in dir(limits) if name.isupper()}


def cells_payload() -> Payload:
    """Static for a given core: built once in the lifespan."""
    body = {"cells": {name: core.describe_cell(name) for name in core.CELLS}, "limits": LIMITS}
    return Payload.build(dumps(CellsOut.model_validate(body).model_dump()), JSON)


@router.get("/cells", response_model=CellsOut, responses=CACHED_RESPONSES)
def get_cells(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> Response:
    """Per cell: gates, equations, parameter-count formulas; and the option limits."""
    return send_cached(request, request.app.state.cells, settings)
