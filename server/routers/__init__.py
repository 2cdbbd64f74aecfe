"""One APIRouter per resource; `ROUTERS` is the single list `server.main` mounts."""

from . import compare, health, pages, trace, vendor

ROUTERS = [health.router, trace.router, compare.router, vendor.router, pages.router]
