"""GET /healthz: liveness for load balancers and the Docker HEALTHCHECK, with cache counters."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from ..engine import Heavy
from ..models.health import CacheStats, ComputeStats, Health, SharedStats, WarmStats
from ..version import VERSION

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz(request: Request, response: Response) -> Health:
    """Answers 200 while the process serves requests."""
    response.headers["Cache-Control"] = "no-store"
    cache = request.app.state.cache
    hits = cache.hits + request.app.state.answered.hits  # server/answered.py: by URL, first
    stats = CacheStats(entries=len(cache), bytes=cache.nbytes, hits=hits, misses=cache.misses)
    warm = request.app.state.warm
    return Health(
        status="ok",
        version=VERSION,
        cache=stats,
        compute=compute(request.app.state.heavy),
        recall_lesson=WarmStats(kept=warm.kept, of=warm.of, warming=warm.started),
    )


def compute(heavy: Heavy | None) -> ComputeStats | None:
    if heavy is None:
        return None
    board = heavy.slots.board
    shared = None if heavy.shared is None else SharedStats(**heavy.shared.stats())
    return ComputeStats(
        processes=heavy.pool.processes,
        runs=heavy.pool.runs,
        stopped=heavy.pool.stopped,
        slots=heavy.pool.size if board is None else board.n,
        held=0 if board is None else board.held(),
        shared=shared,
    )


# HEAD for probes that do not want a body; kept out of OpenAPI (one operation per path).
router.add_api_route("/healthz", healthz, methods=["HEAD"], include_in_schema=False)
