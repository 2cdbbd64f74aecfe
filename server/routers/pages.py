"""GET /: the page shell (templates/index.html); the page itself lives in static/."""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from rnnscope.core.options import table

from ..cache import PayloadCache
from ..payload import Payload, respond
from ..prefix import root
from ..vendor import plotly_version, versioned_url
from ..version import VERSION
from .cells import LIMITS

router = APIRouter(tags=["page"])

# The page's option table (static/js/state.js reads it from the shell): every declaration of
# core/options.py and every limit of core/limits.py.
OPTIONS = {"options": table(), "limits": LIMITS}


# `import ... from "./x.js"`, `import "./x.js"` and `export ... from "./x.js"`: the imports a
# module waits for (a dynamic import("./x.js") loads later, when asked).
STATIC_IMPORT = re.compile(
    r"""^(?:import|export)\b(?:[^;("']*?\bfrom)?\s*["'](\.\.?/[^"']+)["']""", re.M
)


@functools.cache
def static_modules(static_dir: Path, entry: str) -> tuple[str, ...]:
    """Every module `entry` (a path under static/) imports, directly or not, without `entry`: the
    page shell names them for <link rel="modulepreload">, so that the browser asks for all of
    them at once instead of finding them one level of imports at a time."""
    found: dict[str, None] = {}
    todo = [entry]
    while todo:
        path = todo.pop(0)
        source = (static_dir / path).read_text(encoding="utf-8")
        for spec in STATIC_IMPORT.findall(source):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), spec))
            if target not in found and target != entry:
                found[target] = None
                todo.append(target)
    return tuple(found)


def page_context(request: Request) -> dict[str, Any]:
    """What every template may use: the page's root, the app paths of the API and vendor
    files (static/js/paths.js puts the root in front), the limits, and the option table the
    page builds its controls and URL state from (core/options.py)."""
    return {
        "root": root(request),
        "preload": static_modules(request.app.state.static.directory, "js/main.js"),
        "version": VERSION,
        "plotly_url": versioned_url(request.app.state.vendor, "plotly.min.js"),
        "plotly_version": plotly_version(),
        "api": {
            "trace": "/api/v1/trace",
            "compare": "/api/v1/compare",
            "cells": "/api/v1/cells",
            "recall": "/api/v1/recall",
            "sample": "/api/v1/sample",
            "activations": "/api/v1/activations",
        },
        "limits": LIMITS,
        "options": OPTIONS,
    }


def render(request: Request, template: str) -> Response:
    """A page shell from templates/, revalidated on every visit (its modules are versioned).
    Of the request it holds only the root: built once per root (a few at most), gzipped and
    with an ETag, so that a visit again is a 304 and a first one takes a quarter of the bytes
    (a hall of students opening the link at once)."""
    context = page_context(request)
    shells: PayloadCache = request.app.state.shells

    def build() -> Payload:
        templates: Jinja2Templates = request.app.state.templates
        html = templates.get_template(template).render({**context, "request": request})
        return Payload.build(html.encode(), "text/html; charset=utf-8")

    response = respond(request, shells.get_or_build(f"{template}\0{context['root']}", build),
                       "no-cache")  # fmt: skip
    response.headers["Vary"] = "X-Forwarded-Prefix, Accept-Encoding"  # the root is in the shell
    return response


@router.api_route(
    "/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False
)
async def index(request: Request) -> Response:
    """The visualizer page."""
    return render(request, "index.html")


@router.api_route(
    "/corpus", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False
)
async def corpus_page(request: Request) -> Response:
    """Real text: train on a corpus live, and colour a long text by one unit."""
    return render(request, "corpus.html")


@router.api_route(
    "/tasks", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False
)
async def tasks_page(request: Request) -> Response:
    """Classification (padding, masking) and sequence to sequence, on sentences one types."""
    return render(request, "tasks.html")


# An unrolled RNN: three cells joined by recurrent arrows (browsers ask for it on every page).
FAVICON = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<path d="M8 16h16" stroke="#d95f02" stroke-width="3"/>
<g fill="#1b9e77"><rect x="1" y="10" width="8" height="12" rx="2"/>
<rect x="12" y="10" width="8" height="12" rx="2"/><rect x="23" y="10" width="8" height="12" rx="2"/>
</g></svg>"""


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """The tab icon, so browsers do not log a 404."""
    headers = {"Cache-Control": "public, max-age=86400"}
    return Response(FAVICON, media_type="image/svg+xml", headers=headers)
