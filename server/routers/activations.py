"""GET /api/v1/activations: tanh, sigmoid and relu and their derivatives on a grid."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from rnnscope.core.activations import curves

from ..jsonbytes import JSON, dumps
from ..models.lessons import ActivationsOut
from ..payload import Payload
from ..settings import Settings, get_settings
from .common import CACHED_RESPONSES, send_cached

router = APIRouter(prefix="/api/v1", tags=["lessons"])


def activations_payload() -> Payload:
    """Static for a given core: built once in the lifespan."""
    return Payload.build(dumps(ActivationsOut.model_validate(curves()).model_dump()), JSON)


@router.get("/activations", response_model=ActivationsOut, responses=CACHED_RESPONSES)
def get_activations(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> Response:
    """act(x) and act'(x) for x from -6 to 6: sigmoid' peaks at 0.25, tanh' at 1."""
    return send_cached(request, request.app.state.activations, settings)
