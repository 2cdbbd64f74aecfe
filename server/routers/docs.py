"""GET /docs: Swagger UI, offline, with its one inline script allowed by hash in the CSP."""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from ..security import CSP

router = APIRouter(tags=["docs"], include_in_schema=False)

TITLE = "rnnscope API"
OPENAPI_URL = "/openapi.json"
INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


def _with_script_hashes(page: HTMLResponse) -> HTMLResponse:
    """Allow exactly the page's inline scripts (by sha256), nothing else inline."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(page.body)
    ]
    csp = CSP.replace("script-src 'self'", " ".join(["script-src 'self'", *hashes]))
    page.headers["Content-Security-Policy"] = csp
    return page


SWAGGER = _with_script_hashes(
    get_swagger_ui_html(
        openapi_url=OPENAPI_URL,
        title=TITLE,
        swagger_js_url="/vendor/swagger-ui-bundle.js",
        swagger_css_url="/vendor/swagger-ui.css",
        swagger_favicon_url="/vendor/favicon.png",
    )
)


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui() -> HTMLResponse:
    """Swagger UI for trying the API."""
    return SWAGGER
