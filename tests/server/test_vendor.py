"""Plotly.js from the installed package: gzipped once, cached long, honouring Accept-Encoding."""

from __future__ import annotations

import gzip
from importlib import resources

PLOTLY = (resources.files("plotly") / "package_data" / "plotly.min.js").read_bytes()
URL = "/vendor/plotly.min.js"


def test_gzip_when_accepted(client):
    r = client.get(URL, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert int(r.headers["content-length"]) < len(PLOTLY) / 2
    assert r.content == PLOTLY  # httpx decodes; the bytes are plotly's own
    assert "javascript" in r.headers["content-type"]
    assert "max-age=" in r.headers["cache-control"]
    assert r.headers["vary"] == "Accept-Encoding"


def test_identity_when_gzip_refused(client):
    for accept in ("identity", "gzip;q=0", "br"):
        r = client.get(URL, headers={"Accept-Encoding": accept})
        assert "content-encoding" not in r.headers, accept
        assert r.content == PLOTLY


def test_raw_bytes_are_gzip(client):
    with client.stream("GET", URL, headers={"Accept-Encoding": "gzip"}) as r:
        body = b"".join(r.iter_raw())
    assert gzip.decompress(body) == PLOTLY


def test_etag_round_trip(client):
    first = client.get(URL, headers={"Accept-Encoding": "gzip"})
    again = client.get(
        URL, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""
    plain = client.get(URL, headers={"Accept-Encoding": "identity"})
    assert plain.headers["etag"] != first.headers["etag"]  # one tag per representation
