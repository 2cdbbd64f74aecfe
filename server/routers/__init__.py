"""One APIRouter per resource; `ROUTERS` is the single list `server.main` mounts."""

from . import cells, compare, docs, health, pages, trace, vendor

ROUTERS = [
    health.router,
    trace.router,
    compare.router,
    cells.router,
    vendor.router,
    docs.router,
    pages.router,
]
