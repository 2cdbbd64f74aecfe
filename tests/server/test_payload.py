"""Units of the HTTP caching pieces: content negotiation, ETag matching, the bounded LRU."""

from __future__ import annotations

import threading

import pytest

from rnnscope.server.cache import PayloadCache
from rnnscope.server.jsonbytes import dumps
from rnnscope.server.payload import Payload, accepts_gzip, etag_matches
from tests.wait import wait_for


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, False),
        ("", False),
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("*", True),
        ("*;q=0", False),
        ("identity", False),
        ("gzip;q=abc", False),
        ("GZIP", True),
    ],
)
def test_accepts_gzip(header, expected):
    assert accepts_gzip(header) is expected


def test_etag_matches():
    assert etag_matches('"a"', '"a"')
    assert etag_matches('W/"a"', '"a"')
    assert etag_matches('"b", "a"', '"a"')
    assert etag_matches("*", '"a"')
    assert not etag_matches('"b"', '"a"')
    assert not etag_matches(None, '"a"')


def test_dumps_nulls_nonfinite_and_numpy():
    import numpy as np

    body = dumps({"a": [1.0, float("nan"), float("inf")], "b": np.array([1.5, np.inf]), "c": 2})
    assert body == b'{"a":[1.0,null,null],"b":[1.5,null],"c":2}'
    assert dumps({"x": np.int64(3), "y": np.float64(0.5)}) == b'{"x":3,"y":0.5}'


def _payload(n: int) -> Payload:
    return Payload.build(b"x" * n, "text/plain", level=0)


def test_lru_bounds_entries_and_bytes():
    cache = PayloadCache(max_entries=3, max_bytes=250)
    for key in "abcd":
        cache.get_or_build(key, lambda: _payload(50))
    assert len(cache) == 3  # "a" evicted
    cache.get_or_build("b", lambda: pytest.fail("b is cached"))  # touch b: now most recent
    cache.get_or_build("e", lambda: _payload(200))  # 350 bytes > 250: evicts c, d
    assert cache.nbytes <= 250
    cache.get_or_build("b", lambda: pytest.fail("b was used recently"))  # still there
    cache.get_or_build("huge", lambda: _payload(1000))  # larger than the cache: not kept
    assert cache.nbytes <= 250


def test_concurrent_misses_build_once():
    cache = PayloadCache(max_entries=8, max_bytes=10_000)
    builds: list[int] = []
    release = threading.Event()
    lookups: list[str] = []
    lookup = cache._lookup

    def counted(key: str) -> Payload | None:
        lookups.append(key)
        return lookup(key)

    def build() -> Payload:
        builds.append(1)
        release.wait(30)
        return _payload(10)

    cache._lookup = counted  # type: ignore[method-assign]
    threads = [threading.Thread(target=cache.get_or_build, args=("k", build)) for _ in range(8)]
    for t in threads:
        t.start()
    # the builder looked twice (before and after taking the key), the seven others once each,
    # and found nothing: all eight missed while the one build runs
    wait_for(lambda: builds and len(lookups) == 2 + 7, "eight misses during one build")
    release.set()
    for t in threads:
        t.join()
    assert len(builds) == 1
    assert len(lookups) == 2 + 7 + 7  # the seven others waited for the build, then found it


def test_failed_build_is_not_cached():
    cache = PayloadCache(max_entries=8, max_bytes=10_000)
    with pytest.raises(ValueError):
        cache.get_or_build("k", lambda: (_ for _ in ()).throw(ValueError("boom")))
    assert cache.get_or_build("k", lambda: _payload(5)).raw == b"xxxxx"


def test_a_payload_keeps_one_copy_and_gives_back_the_same_bytes():
    import gzip
    import hashlib

    body = dumps({"h": [[i / 7 for i in range(64)] for _ in range(32)]})
    p = Payload.build(body, "application/json")
    assert p.raw == body and gzip.decompress(p.gz) == body
    assert p.size == len(p.gz) < len(body) / 2  # only the gzip is held
    assert p.etag == f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    small = Payload.build(b"{}", "application/json")  # too small to gzip: kept plain
    assert small.gz is None and small.raw == b"{}" and small.size == 2
