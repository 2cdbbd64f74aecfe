"""GET /docs: the API reference as plain HTML, rendered from /openapi.json (no JavaScript)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from ..payload import respond

router = APIRouter(tags=["docs"], include_in_schema=False)


@router.api_route("/docs", methods=["GET", "HEAD"])
def api_docs(request: Request) -> Response:
    """Every endpoint, its parameters with their limits, its response models, an example."""
    return respond(request, request.app.state.docs, "no-cache")
