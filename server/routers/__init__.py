"""One APIRouter per resource; `ROUTERS` is the single list `server.main` mounts."""

from . import (
    activations,
    cells,
    compare,
    cost,
    docs,
    health,
    jobs,
    models,
    pages,
    recall,
    sample,
    static,
    trace,
    units,
    vendor,
)

ROUTERS = [
    health.router,
    trace.router,
    compare.router,
    cost.router,
    cells.router,
    recall.router,
    sample.router,
    models.router,
    units.router,
    jobs.router,
    activations.router,
    vendor.router,
    static.router,
    docs.router,
    pages.router,
]
