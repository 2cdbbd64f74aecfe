"""Bad input: 422 naming the parameter and the limit; malformed requests never 5xx."""

from __future__ import annotations

import pytest

from rnnscope.core import limits as L
from rnnscope.server.errors import LIMIT_CTX

TRACE = "/api/v1/trace"
COMPARE = "/api/v1/compare"
DISTINCT = "".join(chr(0x4E00 + i) for i in range(L.MAX_VOCAB + 1))  # MAX_VOCAB + 1 CJK chars

# (query, parameter, text the message must contain: the limit)
CASES = [
    ({"text": ""}, "text", str(L.MIN_TOKENS)),
    ({"text": "h"}, "text", str(L.MIN_TOKENS)),
    ({"text": "hello", "tokens": "word"}, "text", str(L.MIN_TOKENS)),
    ({"text": "ab" * L.MAX_TOKENS}, "text", str(L.MAX_TOKENS)),
    ({"text": "a" * (L.MAX_TEXT_CHARS + 1)}, "text", str(L.MAX_TEXT_CHARS)),
    ({"text": DISTINCT}, "text", str(L.MAX_VOCAB)),
    ({"text": "he\x00llo"}, "text", "control characters"),
    ({"text": "he\nllo"}, "text", "control characters"),
    ({"text": "he\x1bllo"}, "text", "control characters"),
    ({"cell": "transformer"}, "cell", "'gru'"),
    ({"activation": "gelu"}, "activation", "'sigmoid'"),
    ({"optimizer": "rmsprop"}, "optimizer", "'adagrad'"),
    ({"tokens": "bpe"}, "tokens", "'word'"),
    ({"hidden": 0}, "hidden", "1"),
    ({"hidden": L.MAX_HIDDEN + 1}, "hidden", str(L.MAX_HIDDEN)),
    ({"hidden": "99999999999999999999999999"}, "hidden", str(L.MAX_HIDDEN)),
    ({"hidden": "3.5"}, "hidden", "integer"),
    ({"layers": L.MAX_LAYERS + 1}, "layers", str(L.MAX_LAYERS)),
    ({"seed": -1}, "seed", "0"),
    ({"seed": L.MAX_SEED + 1}, "seed", str(L.MAX_SEED)),
    ({"embedding": L.MAX_EMBEDDING + 1}, "embedding", str(L.MAX_EMBEDDING)),
    ({"train_steps": L.MAX_TRAIN_STEPS + 1}, "train_steps", str(L.MAX_TRAIN_STEPS)),
    ({"truncate": 0}, "truncate", "1"),
    ({"init_scale": "nan"}, "init_scale", "finite"),
    ({"init_scale": "inf"}, "init_scale", "finite"),
    ({"init_scale": "-Infinity"}, "init_scale", "finite"),
    ({"init_scale": "1e400"}, "init_scale", "finite"),
    ({"init_scale": "1e300"}, "init_scale", "100"),
    ({"init_scale": 0}, "init_scale", "0"),
    ({"lr": "NaN"}, "lr", "finite"),
    ({"lr": 11}, "lr", "10"),
    ({"clip": "nan"}, "clip", "finite"),
    ({"clip": 2e6}, "clip", "1000000"),
    ({"w_hh_sigma": 0}, "w_hh_sigma", "0"),
    ({"forget_bias": 21}, "forget_bias", "20"),
    ({"update_bias": "-inf"}, "update_bias", "finite"),
    ({"colour": "red"}, "colour", "unknown query parameter"),
    ({"hidden": ["4", "5"]}, "hidden", "more than once"),
    (
        {"text": "x" * (L.MAX_TOKENS - 1), "hidden": L.MAX_HIDDEN, "train_steps": 200},
        "cost",
        "COST_BUDGET",
    ),
]


def _first_error(response) -> dict:
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    assert all("input" not in item for item in detail)  # nothing echoed
    # ctx: the server's own numbers (the limit, what would fit, a count), never the input
    for item in detail:
        ctx = item.get("ctx") or {}
        assert set(ctx) <= {*LIMIT_CTX, "rule", "n", "min", "max", "estimate", "budget",
                            "max_train_steps", "max_hidden", "item", "part"}, ctx  # fmt: skip
    return detail[0]


@pytest.mark.parametrize(("query", "param", "limit"), CASES, ids=lambda v: str(v)[:40])
def test_trace_422_names_parameter_and_limit(client, query, param, limit):
    error = _first_error(client.get(TRACE, params={"text": "hello"} | query))
    assert error["loc"][-1] == param
    assert error["msg"].startswith(f"{param}: ")
    assert limit in error["msg"]


def test_missing_text(client):
    error = _first_error(client.get(TRACE))
    assert error["loc"] == ["query", "text"] and "required" in error["msg"]


@pytest.mark.parametrize(
    ("cells", "limit"), [("rnn,foo", "choose from"), ("rnn,rnn", "once"), ("", "rnn")]
)
def test_compare_cells(client, cells, limit):
    error = _first_error(client.get(COMPARE, params={"text": "hello", "cells": cells}))
    assert error["loc"][-1] == "cells" and limit in error["msg"]


def test_compare_budget_counts_every_cell(client):
    """A request that fits for one cell can exceed COST_BUDGET for three."""
    from rnnscope import core
    from rnnscope.core.cost import Work
    from rnnscope.core.tokens import encode

    text = "abcdefgh" * 30
    enc = encode(text)
    shared = {"steps": len(enc.tokens) - 1, "vocab": len(enc.vocab), "hidden": 128}

    def costs(train: int) -> dict[str, float]:
        return {
            c: core.estimate_cost(Work(cell=c, train_steps=train, **shared)) for c in L.CELL_NAMES
        }

    # the least training that puts the three cells together over the budget
    train = next(n for n in range(L.MAX_TRAIN_STEPS) if sum(costs(n).values()) > L.COST_BUDGET)
    assert max(costs(train).values()) < L.COST_BUDGET, costs(train)  # premise of the test
    query = {"text": text, "hidden": 128, "train_steps": train}
    error = _first_error(client.get(COMPARE, params=query))
    assert error["loc"][-1] == "cost" and "COST_BUDGET" in error["msg"]


MALFORMED = [
    "text=%",
    "text=%zz",
    "text=hello&%",
    "=&=&text=hello",
    "text=hello&&&",
    "text=%ED%A0%80%ED%A0%80",
    "text=%ff%fe%fd",
    "%ED%A0%80=1&text=hello",
    "text=hello;hidden=3",
    "text=hello&hidden=",
    "text=hello&w_hh_sigma=",
    "text=hello&hidden=%00",
    "text=" + "%41" * 5000,
]


@pytest.mark.parametrize("qs", MALFORMED)
@pytest.mark.parametrize("path", [TRACE, COMPARE])
def test_malformed_query_strings_never_5xx(client, path, qs):
    """Some of these still mean a valid request (`%zz` is three characters); none may crash."""
    r = client.get(f"{path}?{qs}")
    assert r.status_code in (200, 422), (qs, r.status_code, r.text[:200])
    if r.status_code == 200:
        assert r.json()["request"]["text"]


def test_lone_surrogate_names_text(client):
    error = _first_error(client.get(f"{TRACE}?text=ab%ED%A0%80"))
    assert error["loc"][-1] == "text" and "UTF-8" in error["msg"]


def test_a_body_that_is_not_json_text_is_422_naming_body(client):
    """FastAPI answers a body it cannot decode with a bare 400; ours names `body`."""
    r = client.post(
        "/api/v1/models/from-trace",
        content=b"l\xff",
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body"]
    assert client.get("/no/such/page").status_code == 404  # other HTTP errors as before


@pytest.mark.parametrize(
    ("path", "query", "says", "ctx"),
    [
        (TRACE, {"text": "hello", "hidden": "x"}, "hidden must be an integer from 1 to 256",
         {"rule": "integer", "min": 1, "max": L.MAX_HIDDEN}),
        (TRACE, {"text": "hello", "lr": "nan"}, "lr must be a finite number in (0, 10]",
         {"rule": "number_above", "min": 0, "max": L.MAX_LR}),
        ("/api/v1/recall", {"hidden": "1.5"}, "hidden must be an integer from 1 to 64",
         {"rule": "integer", "min": 1, "max": L.MAX_RECALL_HIDDEN}),
    ],
)  # fmt: skip
def test_a_number_that_does_not_parse_is_told_its_range(client, path, query, says, ctx):
    """pydantic's message names no limit there: the endpoint's own declaration adds it."""
    error = _first_error(client.get(path, params=query))
    assert error["msg"].endswith(says) and error["ctx"] == ctx
