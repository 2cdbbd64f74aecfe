"""The ASGI app: `uvicorn server.main:app`, or `rnnscope serve`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.routing import APIRoute

from . import errors
from .answered import KnownAnswers
from .board import Board
from .cache import PayloadCache
from .docs_page import docs_payload
from .engine import Engine, Heavy
from .jobs import JobStore
from .lessons import LessonService
from .memory import limit_arenas
from .pool import Pool, yield_to_compute
from .prefix import RelativeRedirects
from .routers import ROUTERS
from .routers.activations import activations_payload
from .routers.cells import cells_payload
from .security import SecurityHeaders
from .settings import Settings, data_home, get_settings
from .shared import SharedCache
from .slots import HEAVY_AGING, Slots
from .static import PageFiles
from .store import ModelStore
from .stored_views import StoredViews
from .tasks import TaskService
from .templating import make_templates
from .traces import TraceService
from .vendor import load_vendor
from .version import VERSION
from .warm import Warm


def check_dirs(settings: Settings) -> None:
    """Fail at start-up, not with a 500 on every page request, when the page files are missing."""
    for name, path in (
        ("TEMPLATES_DIR", settings.templates_dir / "index.html"),
        ("STATIC_DIR", settings.static_dir),
    ):
        if not path.exists():
            raise RuntimeError(f"{path} does not exist: check RNNSCOPE_{name} or the checkout")


def make_heavy(settings: Settings) -> Heavy | None:
    """The pool, the machine's slots and the shared cache, all under the data directory."""
    n = settings.compute_processes
    if n == 0:
        return None
    root = settings.data_dir or data_home()
    shared = settings.shared_cache_bytes
    return Heavy(
        Pool(n),
        Slots(n, Board(root, n, HEAVY_AGING), HEAVY_AGING),
        SharedCache(root, shared) if shared > 0 else None,
        settings.pool_above,
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; `settings` replaces `get_settings()` everywhere (tests pass their own)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        check_dirs(settings)
        limit_arenas(settings.malloc_arenas)
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.max_threads
        app.state.vendor = load_vendor()
        app.state.static = PageFiles(settings.static_dir)
        app.state.cells = cells_payload()
        app.state.activations = activations_payload()
        app.state.cache = cache = PayloadCache(settings.cache_entries, settings.cache_bytes)
        # /api/v1/cost's answers (about 1 KB, one per edit): apart, so as not to push out traces
        app.state.costs = PayloadCache(settings.cache_entries, settings.cache_bytes // 64)
        # the answers sent, by URL (server/answered.py): the same payloads, a quarter as many bytes
        app.state.answered = PayloadCache(settings.cache_entries, settings.cache_bytes // 4)
        app.state.heavy = heavy = make_heavy(settings)
        if heavy is not None and settings.compute_prestart:
            heavy.pool.start()
        if heavy is not None:
            yield_to_compute(settings.worker_nice)
        traces = Engine(cache, settings.max_concurrent_traces, heavy)
        stored = StoredViews(traces, app.state.store)  # model=<id>: stored weights
        app.state.traces = TraceService(traces, stored, app.state.costs)
        app.state.lessons = LessonService(Engine(cache, settings.max_concurrent_recalls, heavy))
        app.state.tasks = TaskService(traces)
        app.state.docs = docs_payload(app.openapi())
        app.state.warm = warm = Warm()
        if settings.warm_recall:
            warm.start(app.state.lessons)
        yield
        warm.stop.set()
        if heavy is not None:
            heavy.pool.close()

    app = FastAPI(
        title="rnnscope",
        version=VERSION,
        summary="RNN, LSTM and GRU internals and BPTT gradients as JSON.",
        lifespan=lifespan,
        docs_url=None,  # plain HTML from routers/docs.py, no JavaScript
        redoc_url=None,
    )
    app.dependency_overrides[get_settings] = lambda: settings
    app.state.settings = settings
    app.state.store = ModelStore(
        settings.data_dir or data_home(),
        settings.store_max_file_bytes,
        settings.store_max_bytes,
        settings.store_max_models,
    )  # nothing touches the disk before the first upload
    app.state.jobs = JobStore(settings.data_dir or data_home(), settings.max_training_jobs)
    app.state.templates = make_templates(settings.templates_dir)
    app.state.shells = PayloadCache(64, 8 * 2**20)  # the page shells, by template and root
    errors.install(app)
    for router in ROUTERS:
        for route in router.routes:  # the handler's one-line docstring is its OpenAPI summary
            if isinstance(route, APIRoute) and route.summary is None and route.endpoint.__doc__:
                route.summary = route.endpoint.__doc__.strip().partition("\n")[0]
        app.include_router(router)
    app.add_middleware(KnownAnswers)  # inside the others: their headers and prefix apply
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
    app.add_middleware(RelativeRedirects)  # /tasks/ -> tasks, under a proxy's prefix too
    return app


app = create_app()
