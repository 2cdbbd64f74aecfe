"""GET /api/v1/trace and /api/v1/compare: contract, determinism, caching, overflow."""

from __future__ import annotations

import json

from rnnscope import core
from rnnscope.server.models.trace import CompareOut, TraceOut

TRACE = "/api/v1/trace"


def test_trace_matches_core_and_model(client):
    r = client.get(TRACE, params={"text": "hello", "cell": "gru", "hidden": 8, "seed": 3})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    TraceOut.model_validate(body)
    cost = body.pop("cost")  # what fits the budget (tests/server/test_fit.py)
    assert (
        cost == client.get("/api/v1/cost", params={"text": "hello", "hidden": 8, "seed": 3}).json()
    )
    assert body == json.loads(
        json.dumps(core.trace("hello", cell="gru", hidden=8, seed=3).to_dict())
    )
    assert body["tokens"] == list("hello") and body["vocab"] == ["h", "e", "l", "o"]
    assert set(body["layers"][0]["gates"]) == {"r", "z", "n"}


def test_request_echo_reproduces(client):
    first = client.get(TRACE, params={"text": "abcab", "layers": 2, "train_steps": 3})
    echo = {k: v for k, v in first.json()["request"].items() if v is not None}
    again = client.get(TRACE, params=echo)
    assert again.status_code == 200
    assert again.content == first.content


def test_byte_identical_without_cache(make_client):
    """Determinism of the computation itself: two fresh processes' worth of work, same bytes."""
    url = f"{TRACE}?text=determinism&cell=lstm&hidden=12&seed=7&train_steps=5"
    a = make_client(cache_entries=0).get(url)
    b = make_client(cache_entries=0).get(url)
    assert a.status_code == 200
    assert a.content == b.content
    assert a.headers["etag"] == b.headers["etag"]


def test_parameter_order_does_not_matter(client):
    a = client.get(f"{TRACE}?text=hello&cell=rnn&hidden=4")
    b = client.get(f"{TRACE}?hidden=4&cell=rnn&text=hello")
    assert a.content == b.content and a.headers["etag"] == b.headers["etag"]


def test_etag_304_round_trip(client):
    r = client.get(TRACE, params={"text": "etag"})
    etag = r.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert "public" in r.headers["cache-control"] and "max-age=" in r.headers["cache-control"]
    again = client.get(TRACE, params={"text": "etag"}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = client.get(TRACE, params={"text": "etag"}, headers={"If-None-Match": '"other"'})
    assert other.status_code == 200


def test_gzip_trace_round_trip(client):
    r = client.get(TRACE, params={"text": "hello world"}, headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    TraceOut.model_validate(r.json())


def test_overflow_is_null_not_500(client):
    params = {
        "text": "abcdefgh" * 30,
        "cell": "rnn",
        "activation": "relu",
        "init_scale": 100,
        "w_hh_sigma": 100,
        "hidden": 16,
    }
    r = client.get(TRACE, params=params)
    assert r.status_code == 200
    body = json.loads(r.content)  # strict JSON: no NaN/Infinity tokens
    assert b"NaN" not in r.content and b"Infinity" not in r.content
    TraceOut.model_validate(body)
    nonfinite = body["nonfinite"]
    assert nonfinite["fields"], "overflow must be reported"
    assert nonfinite["forward"] and nonfinite["backward"]
    assert body["total_loss"] is None
    assert any(v is None for v in body["layers"][0]["h"][-1])


def test_compare_shares_settings(client):
    r = client.get("/api/v1/compare", params={"text": "hello", "cells": "rnn,gru", "hidden": 5})
    assert r.status_code == 200
    body = CompareOut.model_validate(r.json())
    assert list(body.traces) == ["rnn", "gru"]
    assert body.request.cells == ["rnn", "gru"] and body.request.hidden == 5
    single = client.get(TRACE, params={"text": "hello", "cell": "gru", "hidden": 5}).json()
    assert r.json()["traces"]["gru"] == single


def test_compare_defaults_to_all_cells_and_caches(client):
    r = client.get("/api/v1/compare", params={"text": "hi there"})
    assert list(r.json()["traces"]) == list(core.limits.CELL_NAMES)
    again = client.get(
        "/api/v1/compare", params={"text": "hi there"}, headers={"If-None-Match": r.headers["etag"]}
    )
    assert again.status_code == 304


def test_digits_gives_the_same_answer_rounded_and_smaller(client):
    """The page's compact answer: every float within half a unit of its 7th digit, the
    request as given (re-running it reproduces the trace), 2-3 times fewer bytes."""
    params = {"text": "the quick brown fox", "hidden": 16, "lr": 0.0123456789, "train_steps": 2}
    full = client.get(TRACE, params=params)
    compact = client.get(TRACE, params={**params, "digits": 7})
    assert compact.status_code == 200 and len(compact.content) < 0.6 * len(full.content)
    a, b = full.json(), compact.json()
    TraceOut.model_validate(b)
    assert b["request"] == {**a["request"], "digits": 7} and b["request"]["lr"] == 0.0123456789

    def close(x, y, path="$"):
        if isinstance(x, dict):
            assert x.keys() == y.keys(), path
            for k in x:
                close(x[k], y[k], f"{path}.{k}")
        elif isinstance(x, list):
            assert len(x) == len(y), path
            for i, (u, v) in enumerate(zip(x, y, strict=True)):
                close(u, v, f"{path}[{i}]")
        elif isinstance(x, float):
            assert abs(y - x) <= 5e-7 * abs(x) + 1e-300, (path, x, y)
            assert (
                len(repr(abs(y)).split("e")[0].replace(".", "").strip("0")) <= 7 or abs(y) < 1e-15
            )
        else:
            assert x == y, path

    assert b["cost"]["request"] == {**a["cost"]["request"], "digits": 7}  # the options as given
    close(
        {k: v for k, v in a.items() if k not in ("request", "cost")},
        {k: v for k, v in b.items() if k not in ("request", "cost")},
    )
    compare = client.get("/api/v1/compare", params={**params, "digits": 7})
    assert compare.json()["request"]["digits"] == 7
    assert compare.json()["traces"]["lstm"] == b  # the compare's cells are the traces


def timing_parts(response) -> dict[str, float]:
    return {p.split(";dur=")[0]: float(p.split(";dur=")[1])
            for p in response.headers["server-timing"].split(", ")}  # fmt: skip


def test_a_computed_answer_says_where_its_time_went(client):
    """Server-Timing: waiting for a thread, for a compute slot, computing, and in all
    (server/timing.py); an answer from the cache has none."""
    params = {"text": "where did it go", "cell": "gru", "seed": 11}
    parts = timing_parts(client.get("/api/v1/trace", params=params))
    assert set(parts) == {"thread", "slot", "compute", "total"}, parts
    assert parts["slot"] >= 0 and 0 < parts["compute"] <= parts["total"]
    assert 0 <= parts["thread"] <= parts["total"] - parts["compute"]
    assert "server-timing" not in client.get("/api/v1/trace", params=params).headers
    both = client.get("/api/v1/compare", params={"text": params["text"], "cells": "rnn,lstm"})
    assert both.status_code == 200 and "compute;dur=" in both.headers["server-timing"]


def test_a_comparisons_cells_in_compute_processes_are_timed_too(make_client, tmp_path):
    client = make_client(data_dir=tmp_path, pool_above=0)  # every cell in the pool, at once
    r = client.get("/api/v1/compare", params={"text": "timed cells", "train_steps": 5})
    assert r.status_code == 200 and client.app.state.heavy.pool.runs == 3
    assert (
        "slot;dur=" in r.headers["server-timing"] and "compute;dur=" in r.headers["server-timing"]
    )
