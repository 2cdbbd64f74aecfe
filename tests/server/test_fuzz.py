"""Property: whatever the query string, the API answers 200 with strict JSON or 422, never 5xx."""

from __future__ import annotations

import json
from urllib.parse import quote_from_bytes, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.models.trace import CompareOut, TraceOut

PATHS = ["/api/v1/trace", "/api/v1/compare"]
# Small valid values keep each request cheap; the rest are out of range or not numbers at all.
NUMBERS = st.sampled_from(
    ["0", "1", "2", "3", "8", "-1", "257", "4294967296", "1e400", "nan", "-inf", "0.5", "1e-300",
     "99999999999999999999", "", " 4", "0x10", "1_0", "٣", "NaN", "100", "100.0000001"]
)  # fmt: skip
CHOICES = st.sampled_from(
    ["rnn", "lstm", "gru", "tanh", "relu", "adam", "sgd", "char", "word", "LSTM", "", "rnn,gru",
     "rnn,rnn", "lstm,foo", "\x00", "\ufffd"]
)  # fmt: skip
TEXT = st.text(max_size=24) | st.sampled_from(["hello", "hello world", "a b c", "ab"])
NAMES = st.sampled_from(
    ["text", "cell", "cells", "hidden", "seed", "layers", "activation", "embedding", "init_scale",
     "w_hh_sigma", "forget_bias", "update_bias", "clip", "truncate", "train_steps", "optimizer",
     "lr", "tokens", "unknown", "", "text[]", "__proto__"]
)  # fmt: skip
VALID = {
    "text": st.sampled_from(["hello", "hello world", "abcab", "a b c a", "안녕하세요"]),
    "cell": st.sampled_from(["rnn", "lstm", "gru"]),
    "cells": st.sampled_from(["rnn", "lstm,gru", "gru,rnn,lstm"]),
    "hidden": st.integers(1, 12),
    "seed": st.integers(0, 2**32 - 1),
    "layers": st.integers(1, 3),
    "activation": st.sampled_from(["tanh", "relu", "sigmoid"]),
    "embedding": st.integers(0, 4),
    "init_scale": st.floats(0.01, 100),
    "w_hh_sigma": st.floats(0.01, 100),
    "forget_bias": st.floats(-20, 20),
    "update_bias": st.floats(-20, 20),
    "clip": st.floats(1e-3, 1e6),
    "truncate": st.integers(1, 12),
    "train_steps": st.integers(0, 3),
    "optimizer": st.sampled_from(["adam", "sgd", "adagrad"]),
    "lr": st.floats(1e-4, 10),
    "tokens": st.sampled_from(["char", "word"]),
}
# Mostly valid options, then up to two parameters overwritten (or added) with noise.
QUERIES = st.builds(
    lambda valid, noise: {**valid, **noise},
    st.fixed_dictionaries(
        {"text": VALID["text"]}, optional={k: v for k, v in VALID.items() if k != "text"}
    ),
    st.dictionaries(NAMES, st.one_of(NUMBERS, CHOICES, TEXT), max_size=2),
)


def _check(response) -> None:
    assert response.status_code in (200, 422), (response.status_code, response.text[:300])
    body = _strict_loads(response.content)
    if response.status_code == 422:
        assert body["detail"] and all(item["msg"] for item in body["detail"])
    elif "traces" in body:
        CompareOut.model_validate(body)
    else:
        TraceOut.model_validate(body)


def _strict_loads(raw: bytes):
    def refuse(constant: str) -> None:
        raise AssertionError(f"non-JSON constant {constant}")

    return json.loads(raw, parse_constant=refuse)


def test_generated_queries(client):
    statuses: list[int] = []

    @settings(max_examples=250, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(path=st.sampled_from(PATHS), query=QUERIES)
    def check(path: str, query: dict) -> None:
        response = client.get(f"{path}?{urlencode(query)}")
        _check(response)
        statuses.append(response.status_code)

    check()
    # The generator is not all noise: a good share of its requests reach the engine.
    assert statuses.count(200) >= 50, statuses.count(200)
    assert statuses.count(422) >= 50, statuses.count(422)


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(
    path=st.sampled_from([*PATHS, "/", "/healthz", "/api/v1/cells", "/vendor/plotly.min.js"]),
    raw=st.binary(max_size=40),
    junk=st.text(alphabet="%&=;+?#EDAa08ff", max_size=20),
)
def test_raw_query_bytes(client, path, raw, junk):
    query = "text=" + quote_from_bytes(raw) + "&" + junk
    response = client.get(f"{path}?{query}")
    assert response.status_code < 500, (query, response.status_code)
    if path.startswith("/api/v1/t") or path.startswith("/api/v1/compare"):
        _check(response)
