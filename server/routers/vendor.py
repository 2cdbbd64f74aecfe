"""GET /vendor/{name}: Plotly.js, from the installed plotly package."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from ..payload import respond
from ..vendor import cache_control

router = APIRouter(prefix="/vendor", tags=["vendor"])


@router.api_route("/{name}", methods=["GET", "HEAD"], include_in_schema=False)
async def vendor_file(name: str, request: Request) -> Response:
    """A file of `server.vendor.FILES`, gzipped at start-up; kept for good when asked for with
    its digest (`?v=`, as the page asks), else `vendor_max_age` seconds (`cache_control`).

    Async and without dependencies: answered in the event loop, never waiting for a thread.
    """
    payload = request.app.state.vendor.get(name)
    if payload is None:
        raise HTTPException(status_code=404)
    max_age = request.app.state.settings.vendor_max_age
    return respond(request, payload, cache_control(payload, request.query_params.get("v"), max_age))
