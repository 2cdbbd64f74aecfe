"""GET /vendor/{name}: Plotly.js, from the installed plotly package."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response

from ..payload import respond
from ..settings import Settings, get_settings

router = APIRouter(prefix="/vendor", tags=["vendor"])


@router.api_route("/{name}", methods=["GET", "HEAD"], include_in_schema=False)
def vendor_file(
    name: str, request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> Response:
    """A file of `server.vendor.FILES`, gzipped at start-up, cached `vendor_max_age` seconds."""
    payload = request.app.state.vendor.get(name)
    if payload is None:
        raise HTTPException(status_code=404)
    return respond(request, payload, f"public, max-age={settings.vendor_max_age}")
