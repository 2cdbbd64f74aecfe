"""GET /vendor/plotly.min.js: Plotly.js from the installed `plotly` package."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from ..payload import respond
from ..settings import Settings, get_settings

router = APIRouter(prefix="/vendor", tags=["vendor"])


@router.get("/plotly.min.js", response_class=Response)
def plotly_js(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> Response:
    """Plotly.js, gzipped at start-up, cacheable for `vendor_max_age` seconds."""
    return respond(request, request.app.state.plotly, f"public, max-age={settings.vendor_max_age}")
