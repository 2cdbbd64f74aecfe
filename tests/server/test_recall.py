"""GET /api/v1/recall: core.recall.train_recall over HTTP, limits, caching, concurrency."""

from __future__ import annotations

import json
import threading

import pytest

from rnnscope.core import limits as L
from rnnscope.core import recall
from rnnscope.core.jsonable import jsonable
from rnnscope.server.models.lessons import RecallOut
from tests.wait import wait_for

from .modelcheck import undeclared

URL = "/api/v1/recall"
SMALL = {"hidden": 4, "n_distract": 3, "n_symbols": 3, "steps": 4, "batch": 4}


def _error(response) -> dict:
    assert response.status_code == 422, response.text[:300]
    return response.json()["detail"][0]


@pytest.mark.parametrize(
    ("cell", "bias"), [("rnn", {}), ("lstm", {"forget_bias": 5}), ("gru", {"update_bias": 2})]
)
def test_matches_core_and_model(client, cell, bias):
    r = client.get(URL, params={"cell": cell, **SMALL, **bias})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    expected = recall.train_recall(cell=cell, **SMALL, **bias)
    assert body == json.loads(json.dumps(jsonable({"request": body["request"], **expected})))
    assert undeclared(RecallOut.model_validate(body)) == []
    defaults = {
        "lr": 0.01,
        "seed": 0,
        "optimizer": "adam",
        "clip": 1.0,
        "forget_bias": None,
        "update_bias": None,
    }
    assert body["request"] == {"cell": cell, **SMALL, **defaults, **bias}
    assert body["T"] == SMALL["n_distract"] + 2 and len(body["start"]["grad_norms"]) == body["T"]
    assert [p["step"] for p in body["curve"]][-1] == SMALL["steps"]


def test_request_echo_reproduces(client):
    first = client.get(URL, params={**SMALL, "cell": "lstm", "seed": 9})
    again = client.get(URL, params={k: v for k, v in first.json()["request"].items() if v})
    assert again.content == first.content


def test_blank_means_null(client):
    """The page may write `forget_bias=`: the same request as leaving it out."""
    left_out = client.get(URL, params=SMALL)
    blank = client.get(URL, params={**SMALL, "forget_bias": "", "update_bias": ""})
    assert blank.content == left_out.content
    no_clip = client.get(URL, params={**SMALL, "clip": ""})
    assert no_clip.json()["request"]["clip"] is None


def test_byte_identical_without_cache(make_client):
    url = f"{URL}?cell=gru&hidden=6&n_distract=5&steps=6&batch=5&seed=3"
    a = make_client(cache_entries=0).get(url)
    b = make_client(cache_entries=0).get(url)
    assert a.status_code == 200 and a.content == b.content
    assert a.headers["etag"] == b.headers["etag"]


def test_etag_304(client):
    r = client.get(URL, params=SMALL)
    assert "public" in r.headers["cache-control"]
    again = client.get(URL, params=SMALL, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


BIG = {
    "hidden": L.MAX_RECALL_HIDDEN,
    "steps": L.MAX_RECALL_STEPS,
    "batch": L.MAX_RECALL_BATCH,
    "n_distract": L.MAX_RECALL_DISTRACT,
}  # every limit at once: far over the budget
CASES = [
    ({"cell": "transformer"}, "cell", "'gru'"),
    ({"hidden": 0}, "hidden", "1"),
    ({"hidden": L.MAX_RECALL_HIDDEN + 1}, "hidden", str(L.MAX_RECALL_HIDDEN)),
    ({"n_distract": 0}, "n_distract", "1"),
    ({"n_distract": L.MAX_RECALL_DISTRACT + 1}, "n_distract", str(L.MAX_RECALL_DISTRACT)),
    ({"n_symbols": L.MIN_RECALL_SYMBOLS - 1}, "n_symbols", str(L.MIN_RECALL_SYMBOLS)),
    ({"n_symbols": L.MAX_RECALL_SYMBOLS + 1}, "n_symbols", str(L.MAX_RECALL_SYMBOLS)),
    ({"steps": -1}, "steps", "0"),
    ({"steps": L.MAX_RECALL_STEPS + 1}, "steps", str(L.MAX_RECALL_STEPS)),
    ({"batch": 0}, "batch", "1"),
    ({"batch": L.MAX_RECALL_BATCH + 1}, "batch", str(L.MAX_RECALL_BATCH)),
    ({"lr": 0}, "lr", "0"),
    ({"lr": "nan"}, "lr", "finite"),
    ({"lr": L.MAX_LR + 1}, "lr", str(int(L.MAX_LR))),
    ({"seed": -1}, "seed", "0"),
    ({"seed": L.MAX_SEED + 1}, "seed", str(L.MAX_SEED)),
    ({"optimizer": "rmsprop"}, "optimizer", "'adagrad'"),
    ({"clip": 0}, "clip", "0"),
    ({"clip": "inf"}, "clip", "finite"),
    ({"forget_bias": L.MAX_GATE_BIAS + 1}, "forget_bias", str(int(L.MAX_GATE_BIAS))),
    ({"update_bias": "-inf"}, "update_bias", "finite"),
    ({"hidden": "4.5"}, "hidden", "integer"),
    ({"text": "hello"}, "text", "unknown query parameter"),
    ({"steps": ["1", "2"]}, "steps", "more than once"),
    (BIG, "cost", "RECALL_BUDGET"),
]


@pytest.mark.parametrize(("query", "param", "limit"), CASES, ids=lambda v: str(v)[:40])
def test_422_names_parameter_and_limit(client, query, param, limit):
    error = _error(client.get(URL, params={**SMALL, **query}))
    assert error["loc"][-1] == param and error["msg"].startswith(f"{param}: ")
    assert limit in error["msg"]


def test_budget_is_core_estimate():
    """The refused query above is over budget by core's estimate; the lesson's run is not."""
    assert recall.estimate_cost(recall.RecallWork("gru", **BIG)) > L.RECALL_BUDGET
    for cell in L.CELL_NAMES:
        assert recall.estimate_cost(recall.RecallWork(cell)) < L.RECALL_BUDGET, cell


def test_slow_recall_computes_once_and_blocks_nothing(make_client):
    """Identical recalls at once are computed once (in their own lane, in the threadpool),
    and traces are answered while it trains."""
    c = make_client()
    answers: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: answers.append(c.get(f"{URL}?steps=60").content))
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    wait_for(lambda: c.app.state.cache.in_progress > 0, "the recall to start")
    for text in ("while", "training", "goes on"):
        assert c.get("/api/v1/trace", params={"text": text}).status_code == 200
    assert any(t.is_alive() for t in threads), "the recall finished first: the test proved nothing"
    for t in threads:
        t.join()
    assert len(answers) == 3 and len(set(answers)) == 1
    stats = c.get("/healthz").json()["cache"]
    assert (stats["misses"], stats["hits"]) == (1 + 3, 2)  # one recall and three traces built
