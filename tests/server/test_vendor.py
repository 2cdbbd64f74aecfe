"""Plotly.js from the installed package: gzipped once, cached long, honouring Accept-Encoding."""

from __future__ import annotations

import gzip
import hashlib
import re
from importlib import resources

import pytest

from rnnscope.server.settings import Settings

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


# The page names Plotly with its digest (server/vendor.py versioned_url): a browser keeps it for
# good, and another `plotly` package is another URL, asked for at once.
PAGE_URL = re.compile(r'data-plotly="(/vendor/plotly\.min\.js\?v=([0-9a-f]+))"')


def test_the_page_names_plotly_with_the_digest_of_its_bytes(client):
    found = PAGE_URL.search(client.get("/").text)
    assert found is not None
    digest = found.group(2)
    assert len(digest) >= 16 and hashlib.sha256(PLOTLY).hexdigest().startswith(digest)


def test_plotly_at_its_digest_is_kept_for_good(client):
    url = PAGE_URL.search(client.get("/").text).group(1)  # type: ignore[union-attr]
    for accept in ("gzip", "identity"):
        r = client.get(url, headers={"Accept-Encoding": accept})
        assert r.status_code == 200 and r.content == PLOTLY
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.head(url).headers["cache-control"].endswith("immutable")


@pytest.mark.parametrize("digest", ["0" * 32, "", "old", hashlib.sha256(b"x").hexdigest()])
def test_another_digest_is_revalidated_on_every_use(client, digest):
    # a page shell from before an upgrade (or, behind a proxy, an instance not yet upgraded)
    r = client.get(f"{URL}?v={digest}", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.content == PLOTLY
    assert r.headers["cache-control"] == "no-cache"


def test_the_fixed_url_still_answers_with_a_short_max_age(client):
    r = client.get(URL)
    assert r.status_code == 200 and r.content == PLOTLY
    assert r.headers["cache-control"] == f"public, max-age={Settings().vendor_max_age}"
    assert Settings().vendor_max_age <= 3600  # an upgrade is seen within the hour
