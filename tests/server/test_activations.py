"""GET /api/v1/activations: core.activations.curves over HTTP, cached with an ETag."""

from __future__ import annotations

import json

from rnnscope.core.activations import curves
from rnnscope.core.jsonable import jsonable
from rnnscope.server.models.lessons import ActivationsOut

from .modelcheck import undeclared

URL = "/api/v1/activations"


def test_matches_core_and_model(client):
    r = client.get(URL)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    assert body == json.loads(json.dumps(jsonable(curves())))
    assert undeclared(ActivationsOut.model_validate(body)) == []
    assert len(body["x"]) == 241 and body["x"][120] == 0.0
    assert body["functions"]["sigmoid"]["derivative"][120] == 0.25
    assert body["functions"]["tanh"]["max_derivative"] == 1.0


def test_etag_304_and_gzip(client):
    r = client.get(URL, headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip" and "public" in r.headers["cache-control"]
    again = client.get(URL, headers={"Accept-Encoding": "gzip", "If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
