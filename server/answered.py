"""Answers already sent, by their URL: a request asked again, byte for byte, is answered before
routing, from the same payload, with no query validation and no cache key to build.

In a lecture hall most requests are ones another student sent a moment ago (state.js builds
the same URL for the same state), and answering a kept answer went mostly to FastAPI's reading
of the query model and to building its cache keys (python -m bench.load.cached). The answers
of these endpoints are functions of their URL while the server runs (docs/trace-format.md: the
same URL gives the same bytes), except those naming a stored model (one may be deleted): those
are never remembered here. Only a 200 is remembered, so a URL answered here would have got that
same answer through its route (a refusal, a repeated parameter, goes the whole way each time).

`app.state.answered` is bounded in entries and bytes (a PayloadCache of the same payloads the
caches hold: it keeps alive at most its bound of answers the engine's cache has let go).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from .cache import PayloadCache
from .payload import Payload, respond
from .timing import Timing

# The endpoints whose answer is a function of the URL (a stored model's aside).
ENDPOINTS = ("trace", "compare", "sample", "cost", "classify", "seq2seq", "recall")
REMEMBERED = frozenset(f"/api/v1/{name}" for name in ENDPOINTS)
MODEL_PARAMETERS = frozenset({"model", "models"})
COST = "/api/v1/cost?"  # its answers say their time, kept or not (routers/cost.py)


def url_of(scope: Scope) -> str | None:
    """The key of a GET of a remembered endpoint: its path and its query as sent, or None."""
    path = str(scope["path"]).removeprefix(scope.get("root_path", ""))
    if scope["method"] != "GET" or path not in REMEMBERED:
        return None
    query: bytes = scope["query_string"]
    return path + "?" + query.decode("latin-1")


def remember(request: Request, payload: Payload) -> None:
    """Remember the 200 `payload` sent for this request's URL (not one naming a stored model)."""
    answered: PayloadCache | None = getattr(request.app.state, "answered", None)
    url = url_of(request.scope)
    if answered is None or url is None or url in answered:
        return
    query = url.partition("?")[2]
    if MODEL_PARAMETERS.isdisjoint(name for name, _ in parse_qsl(query, keep_blank_values=True)):
        answered.get_or_build(url, lambda: payload)


def cache_control(max_age: int) -> str:
    """What every deterministic answer says of its caching (routers/common.py send_cached).

    An answer is a function of its URL and of the server's code (a trace's numbers, the cost
    constants behind a fitted answer or /api/v1/cost), and the URL names no version: after an
    upgrade the same URL may answer otherwise. So a browser revalidates every time
    (`max-age=0`: its copy is used after a 304, which the ETag, a digest of the bytes, gives
    while they are the same), and a shared cache (nginx in deploy/) keeps it `max_age`
    seconds (`s-maxage`) before it revalidates: an upgrade is seen within that."""
    return f"public, max-age=0, s-maxage={max_age}"


class KnownAnswers:
    """ASGI middleware: a GET whose URL was answered before gets that answer at once."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state: Any = scope["app"].state if scope["type"] == "http" else None
        answered: PayloadCache | None = getattr(state, "answered", None)
        url = url_of(scope) if answered is not None else None
        payload = answered.get(url) if answered is not None and url is not None else None
        if payload is None or url is None:
            await self.app(scope, receive, send)
            return
        timing = Timing()
        response = respond(Request(scope), payload, cache_control(state.settings.api_max_age))
        if url.startswith(COST):  # as its route says it (server/timing.py)
            response.headers["Server-Timing"] = timing.header()
        await response(scope, receive, send)
