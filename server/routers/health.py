"""GET /healthz: liveness for load balancers and the Docker HEALTHCHECK, with cache counters."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from ..models.health import CacheStats, Health
from ..version import VERSION

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz(request: Request, response: Response) -> Health:
    """Answers 200 while the process serves requests."""
    response.headers["Cache-Control"] = "no-store"
    cache = request.app.state.cache
    stats = CacheStats(entries=len(cache), bytes=cache.nbytes, hits=cache.hits, misses=cache.misses)
    return Health(status="ok", version=VERSION, cache=stats)


# HEAD for probes that do not want a body; kept out of OpenAPI (one operation per path).
router.add_api_route("/healthz", healthz, methods=["HEAD"], include_in_schema=False)
