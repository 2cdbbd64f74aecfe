"""Security headers on every response, whatever its status or origin."""

from __future__ import annotations

import pytest

PATHS = [
    "/",
    "/healthz",
    "/api/v1/trace?text=hello",
    "/api/v1/compare?text=hello",
    "/api/v1/cells",
    "/api/v1/trace?text=h",  # 422 from core's limits
    "/api/v1/trace?text=hello&hidden=nan",  # 422 from validation
    "/vendor/plotly.min.js",
    "/openapi.json",
    "/docs",
    "/no/such/page",  # 404
]


def _directives(csp: str) -> dict[str, list[str]]:
    parts = (d.split() for d in csp.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("path", PATHS)
def test_security_headers(client, path):
    r = client.get(path)
    assert r.status_code < 500
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] in ("no-referrer", "same-origin")
    csp = _directives(r.headers["content-security-policy"])
    assert "'unsafe-eval'" not in r.headers["content-security-policy"]
    assert csp["default-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]  # no inline script anywhere, /docs included


def test_post_is_refused_with_headers(client):
    r = client.post("/api/v1/trace?text=hello")
    assert r.status_code == 405
    assert r.headers["x-content-type-options"] == "nosniff"


def test_head_for_health_checks(client):
    r = client.head("/healthz")
    assert r.status_code == 200 and r.content == b""
