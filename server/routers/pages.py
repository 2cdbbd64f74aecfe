"""GET /: the page shell (templates/index.html); the page itself lives in static/."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from core import limits

from ..vendor import plotly_version
from ..version import VERSION

router = APIRouter(tags=["page"])

LIMITS = {name: getattr(limits, name) for name in dir(limits) if name.isupper()}


def page_context() -> dict:
    """What every template may use: URLs of the API and vendor files, and the limits."""
    return {
        "version": VERSION,
        "plotly_url": "/vendor/plotly.min.js",
        "plotly_version": plotly_version(),
        "api": {
            "trace": "/api/v1/trace",
            "compare": "/api/v1/compare",
            "cells": "/api/v1/cells",
        },
        "limits": LIMITS,
    }


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(request: Request) -> HTMLResponse:
    """The visualizer page."""
    response = request.app.state.templates.TemplateResponse(request, "index.html", page_context())
    response.headers["Cache-Control"] = "no-cache"
    return response
