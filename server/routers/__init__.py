"""One APIRouter per resource; `ROUTERS` is the single list `server.main` mounts."""

from . import activations, cells, compare, docs, health, pages, recall, sample, trace, vendor

ROUTERS = [
    health.router,
    trace.router,
    compare.router,
    cells.router,
    recall.router,
    sample.router,
    activations.router,
    vendor.router,
    docs.router,
    pages.router,
]
