"""GET /healthz: liveness for load balancers and the Docker HEALTHCHECK."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ..models.health import Health
from ..version import VERSION

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz(response: Response) -> Health:
    """Answers 200 while the process serves requests."""
    response.headers["Cache-Control"] = "no-store"
    return Health(status="ok", version=VERSION)


# HEAD for probes that do not want a body; kept out of OpenAPI (one operation per path).
router.add_api_route("/healthz", healthz, methods=["HEAD"], include_in_schema=False)
