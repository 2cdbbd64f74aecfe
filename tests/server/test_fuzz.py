"""Property: whatever the query string, the API answers 200 with strict JSON or 422, never 5xx."""

from __future__ import annotations

import json
from urllib.parse import quote_from_bytes, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnnscope.server.models.lessons import RecallOut, SampleOut
from rnnscope.server.models.trace import CompareOut, TraceOut

# Small valid values keep each request cheap; the rest are out of range or not numbers at all.
NUMBERS = st.sampled_from(
    ["0", "1", "2", "3", "8", "-1", "257", "4294967296", "1e400", "nan", "-inf", "0.5", "1e-300",
     "99999999999999999999", "", " 4", "0x10", "1_0", "٣", "NaN", "100", "100.0000001", "0.04",
     "1001", "129", "65"]
)  # fmt: skip
CHOICES = st.sampled_from(
    ["rnn", "lstm", "gru", "tanh", "relu", "adam", "sgd", "char", "word", "LSTM", "", "rnn,gru",
     "rnn,rnn", "lstm,foo", "\x00", "\ufffd", "h", "l", "안", "?"]
)  # fmt: skip
TEXT = st.text(max_size=24) | st.sampled_from(["hello", "hello world", "a b c", "ab"])
NAMES = st.sampled_from(
    ["text", "cell", "cells", "hidden", "seed", "layers", "activation", "embedding", "init_scale",
     "w_hh_sigma", "forget_bias", "update_bias", "clip", "truncate", "train_steps", "optimizer",
     "lr", "tokens", "start", "length", "temperature", "sample_seed", "n_distract", "n_symbols",
     "steps", "batch", "unknown", "", "text[]", "__proto__"]
)  # fmt: skip
SHARED = {
    "cell": st.sampled_from(["rnn", "lstm", "gru"]),
    "seed": st.integers(0, 2**32 - 1),
    "forget_bias": st.floats(-20, 20) | st.just(""),
    "update_bias": st.floats(-20, 20) | st.just(""),
    "clip": st.floats(1e-3, 1e6) | st.just(""),
    "optimizer": st.sampled_from(["adam", "sgd", "adagrad"]),
    "lr": st.floats(1e-4, 10),
}
TRACE = {
    **SHARED,
    "cells": st.sampled_from(["rnn", "lstm,gru", "gru,rnn,lstm"]),
    "hidden": st.integers(1, 12),
    "layers": st.integers(1, 3),
    "activation": st.sampled_from(["tanh", "relu", "sigmoid"]),
    "embedding": st.integers(0, 4),
    "init_scale": st.floats(0.01, 100),
    "w_hh_sigma": st.floats(0.01, 100),
    "truncate": st.integers(1, 12),
    "train_steps": st.integers(0, 3),
    "tokens": st.sampled_from(["char", "word"]),
}
SAMPLE = {
    **TRACE,
    "length": st.integers(1, 20),
    "temperature": st.floats(0.05, 10),
    "sample_seed": st.integers(0, 2**32 - 1),
}
RECALL = {**SHARED, "n_symbols": st.integers(2, 8)}
# Always given: the defaults train for seconds (a lesson's run), the fuzz wants milliseconds.
RECALL_SIZE = {
    "hidden": st.integers(1, 8),
    "n_distract": st.integers(1, 8),
    "steps": st.integers(0, 3),
    "batch": st.integers(1, 8),
}
TEXTS = st.sampled_from(["hello", "hello world", "abcab", "a b c a", "안녕하세요"])


def _queries(required: dict, optional: dict) -> st.SearchStrategy[dict]:
    """Mostly valid options, then up to two parameters overwritten (or added) with noise."""
    return st.builds(
        lambda valid, noise: {**valid, **noise},
        st.fixed_dictionaries(required, optional=optional),
        st.dictionaries(NAMES, st.one_of(NUMBERS, CHOICES, TEXT), max_size=2),
    )


def _start_in_text(query: dict) -> dict:
    """A sample's start: mostly a token of the text (its first character or word)."""
    text = query.get("text", "")
    first = (text.split() or [""])[0] if query.get("tokens") == "word" else text[:1]
    return {"start": first, **query}


TRACE_ONLY = {k: v for k, v in TRACE.items() if k != "cells"}
QUERIES = {
    "/api/v1/trace": _queries({"text": TEXTS}, TRACE_ONLY),
    "/api/v1/compare": _queries({"text": TEXTS}, {k: v for k, v in TRACE.items() if k != "cell"}),
    "/api/v1/sample": _queries(
        {"text": TEXTS}, {k: v for k, v in SAMPLE.items() if k != "cells"}
    ).map(_start_in_text),
    "/api/v1/recall": _queries(RECALL_SIZE, RECALL),
}
PATHS = list(QUERIES)
MODELS = {
    "/api/v1/trace": TraceOut,
    "/api/v1/compare": CompareOut,
    "/api/v1/sample": SampleOut,
    "/api/v1/recall": RecallOut,
}


def _check(path: str, response) -> None:
    assert response.status_code in (200, 422), (response.status_code, response.text[:300])
    body = _strict_loads(response.content)
    if response.status_code == 422:
        assert body["detail"] and all(item["msg"] for item in body["detail"])
    else:
        MODELS[path].model_validate(body)


def _strict_loads(raw: bytes):
    def refuse(constant: str) -> None:
        raise AssertionError(f"non-JSON constant {constant}")

    return json.loads(raw, parse_constant=refuse)


def test_generated_queries(client):
    statuses: dict[str, list[int]] = {path: [] for path in PATHS}

    @settings(max_examples=400, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(st.sampled_from(PATHS).flatmap(lambda p: st.tuples(st.just(p), QUERIES[p])))
    def check(path_query: tuple[str, dict]) -> None:
        path, query = path_query
        response = client.get(f"{path}?{urlencode(query)}")
        _check(path, response)
        statuses[path].append(response.status_code)

    check()
    # The generator is not all noise: on every path a good share of requests reach the engine.
    for path, seen in statuses.items():
        assert seen.count(200) >= 20, (path, seen.count(200))
        assert seen.count(422) >= 10, (path, seen.count(422))


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(
    path=st.sampled_from(
        [
            *PATHS,
            "/",
            "/healthz",
            "/api/v1/cells",
            "/api/v1/activations",
            "/docs",
            "/vendor/plotly.min.js",
        ]
    ),
    raw=st.binary(max_size=40),
    junk=st.text(alphabet="%&=;+?#EDAa08ff", max_size=20),
)
def test_raw_query_bytes(client, path, raw, junk):
    query = "text=" + quote_from_bytes(raw) + "&" + junk
    response = client.get(f"{path}?{query}")
    assert response.status_code < 500, (query, response.status_code)
    if path in MODELS:
        _check(path, response)
