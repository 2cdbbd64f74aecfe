"""What the cached JSON endpoints share: repeated-parameter check, 304 docs, cache headers."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from rnnscope.core import limits as L
from rnnscope.core.options import OptionError

from ..answered import cache_control, remember
from ..errors import ErrorBody
from ..params import OptionsQuery
from ..payload import Payload, respond
from ..settings import Settings
from ..timing import Timing

CACHED_RESPONSES: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not Modified: the `If-None-Match` ETag is still current."},
}
# Endpoints with query options: a 422 names the parameter and the limit.
QUERY_RESPONSES: dict[int | str, dict[str, Any]] = {422: {"model": ErrorBody}, **CACHED_RESPONSES}


LIMITS_NOTE = (
    f"Refused with 422 before any work when `core.estimate_cost` exceeds COST_BUDGET = "
    f"{L.COST_BUDGET} s, when `text` has fewer than {L.MIN_TOKENS} or more than {L.MAX_TOKENS} "
    f"tokens or more than {L.MAX_VOCAB} distinct ones, on unknown or repeated parameters."
    " Deterministic: the same URL gives the same bytes, with a strong ETag."
)

TASK_NOTE = (
    f"Refused with 422 before any work when the estimated cost exceeds COST_BUDGET = "
    f"{L.COST_BUDGET} s, when the pairs are not a JSON array of {L.MIN_EXAMPLES}..{L.MAX_EXAMPLES} "
    f"[text, label] (or [source, target]) string pairs within the character limits, when a text "
    f"has more than {L.MAX_SEQ_TOKENS} tokens, on unknown or repeated parameters."
    " Deterministic: the same URL gives the same bytes, with a strong ETag."
)


async def single_valued(request: Request) -> None:
    """A parameter given twice is ambiguous (which one wins?): refuse it.

    Async, as every dependency of the trace and compare routes: FastAPI runs a sync one in a
    worker thread, and a cached answer must not wait for a thread while computations hold them.
    """
    seen: set[str] = set()
    for name, _ in request.query_params.multi_items():
        if name in seen:
            raise OptionError(name[:64], "given more than once; give each parameter once")
        seen.add(name)


def send_cached(request: Request, payload: Payload, settings: Settings) -> Response:
    """Deterministic answers: any HTTP cache may keep them, revalidating by ETag."""
    return respond(request, payload, cache_control(settings.api_max_age))


async def _watch(request: Request, left: threading.Event) -> None:
    """Set `left` when the client closes its connection (an aborted fetch): the server says
    so on `receive()` as soon as it happens, with no polling (Starlette's streaming answers
    listen the same way)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass
    left.set()


async def fit(
    request: Request, query: OptionsQuery
) -> tuple[OptionsQuery, Callable[[Payload], Payload] | None]:
    """`fit=true` (server/traces.py TraceService.fit): the query to answer, and what marks its
    answer as fitted (None when it is answered as asked). A stored model is read from disk the
    first time: not in the event loop."""
    traces = request.app.state.traces
    if getattr(query, "model", None) or getattr(query, "models", None):
        query, fitted = await run_in_threadpool(traces.fit, query)
    else:
        query, fitted = traces.fit(query)  # the cost answer, kept: as /api/v1/cost does
    return query, traces.fitted if fitted else None


async def computed(
    request: Request,
    cached: Payload | None,
    compute: Callable[[Callable[[], bool]], Payload],
    then: Callable[[Payload], Payload] | None = None,
) -> Response:
    """Every compute endpoint's answer. A stored answer is sent from the event loop, with no
    thread; otherwise `compute(gone)` runs in a worker thread, where it waits for a compute
    slot (server/engine.py) and asks `gone()` whether the client has left; its answer
    says where its time went (Server-Timing, server/timing.py). `then`: what the answer
    becomes before it is sent (a fitted request's mark)."""
    if cached is not None:
        answer = then(cached) if then else cached
        remember(request, answer)  # asked again: answered before routing (server/answered.py)
        return send_cached(request, answer, request.app.state.settings)
    timing = Timing.start()  # the thread runs in a copy of this context: its parts are ours

    def in_thread(gone: Callable[[], bool]) -> Payload:
        timing.since_start("thread")
        payload = compute(gone)
        return then(payload) if then else payload

    # `gone()` reads a flag, from any thread: a request waiting for a slot, or the hand-back
    # of a finished computation, never waits for this event loop to answer it (under a
    # lecture's load that took up to seconds, and the slot sat idle meanwhile)
    left = threading.Event()
    watcher = asyncio.create_task(_watch(request, left))
    try:
        payload = await run_in_threadpool(in_thread, left.is_set)
    finally:
        watcher.cancel()
    remember(request, payload)
    response = send_cached(request, payload, request.app.state.settings)
    response.headers["Server-Timing"] = timing.header()
    return response
