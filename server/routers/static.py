"""GET /static/{path}: the page's ES modules, stylesheets and examples (server/static.py)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from ..payload import respond

router = APIRouter(tags=["page"], include_in_schema=False)


@router.api_route("/static/{path:path}", methods=["GET", "HEAD"])
async def static_file(path: str, request: Request) -> Response:
    """A file of the page, gzipped when the browser takes it; revalidated on every load."""
    payload = request.app.state.static.get(path)
    if payload is None:
        raise HTTPException(status_code=404)
    return respond(request, payload, "no-cache")
