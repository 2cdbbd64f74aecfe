"""Overflow on purpose: values that explode forward and backward come back as strict JSON.

A vanilla RNN with relu, init_scale=100 and w_hh_sigma=100 over 200 characters overflows in
the forward pass, in BPTT and in training. Every answer must be strict JSON (no NaN or
Infinity), and every field that `nonfinite` names must hold nulls where the overflow was.
The page's side (the warning, gaps in the charts) is in test_page_hostile.py.
"""

from __future__ import annotations

import json
import re

TEXT = "abcdefgh" * 25
EXPLODE = {
    "cell": "rnn",
    "activation": "relu",
    "init_scale": "100",
    "w_hh_sigma": "100",
    "hidden": "8",
    "text": TEXT,
}


def strict(raw: bytes):
    def refuse(constant: str):
        raise AssertionError(f"non-JSON constant {constant}")

    return json.loads(raw, parse_constant=refuse)


def resolve(obj, path: str):
    """`layers[0].grad.dL_dh` or `weights.readout.weight` (a key with a dot) inside `obj`."""
    if not path:
        return obj
    if path.startswith("["):
        index, rest = re.match(r"\[(\d+)\]\.?(.*)", path).groups()
        return resolve(obj[int(index)], rest)
    keys = [k for k in obj if path == k or path.startswith((k + ".", k + "["))]
    key = max(keys, key=len)
    return resolve(obj[key], path[len(key) :].removeprefix("."))


def has_null(value) -> bool:
    if value is None:
        return True
    if isinstance(value, list):
        return any(has_null(v) for v in value)
    if isinstance(value, dict):
        return any(has_null(v) for v in value.values())
    return False


def assert_nonfinite_marked(trace: dict) -> None:
    nf = trace["nonfinite"]
    assert nf["forward"] and nf["backward"] and nf["fields"], nf
    assert all(0 <= t < len(trace["inputs"]) for t in nf["forward"] + nf["backward"])
    for path in nf["fields"]:
        assert has_null(resolve(trace, path)), path


def test_forward_and_backward_overflow(client):
    r = client.get("/api/v1/trace", params=EXPLODE)
    assert r.status_code == 200
    trace = strict(r.content)
    assert_nonfinite_marked(trace)
    assert "layers[0].h" in trace["nonfinite"]["fields"]
    assert "layers[0].grad.dLlast_dh" in trace["nonfinite"]["fields"]


def test_training_that_overflows(client):
    r = client.get("/api/v1/trace", params={**EXPLODE, "train_steps": "20", "lr": "10"})
    assert r.status_code == 200
    trace = strict(r.content)
    assert_nonfinite_marked(trace)
    assert "train.loss" in trace["nonfinite"]["fields"] and None in trace["train"]["loss"]


def test_compare_marks_only_the_cell_that_overflowed(client):
    params = {k: v for k, v in EXPLODE.items() if k != "cell"}
    r = client.get("/api/v1/compare", params=params)
    assert r.status_code == 200
    traces = strict(r.content)["traces"]
    assert_nonfinite_marked(traces["rnn"])
    for cell in ("lstm", "gru"):  # gates saturate instead of overflowing
        assert traces[cell]["nonfinite"] == {"forward": [], "backward": [], "fields": []}
        assert not has_null(traces[cell]["layers"][0]["h"])


def test_sampling_and_recall_that_overflow(client):
    r = client.get("/api/v1/sample", params={**EXPLODE, "start": "a", "length": "20"})
    assert r.status_code in (200, 422)
    body = strict(r.content)
    if r.status_code == 422:
        assert body["detail"][0]["loc"] == ["query", "sample"]
    recall = {
        "cell": "rnn",
        "hidden": "8",
        "n_distract": "20",
        "steps": "20",
        "batch": "8",
        "lr": "10",
        "clip": "",
    }
    r = client.get("/api/v1/recall", params=recall)
    assert r.status_code == 200
    strict(r.content)


def test_a_calm_trace_has_no_nulls(client):
    trace = strict(client.get("/api/v1/trace?text=hello&cell=rnn&hidden=8").content)
    assert trace["nonfinite"] == {"forward": [], "backward": [], "fields": []}
    layer = trace["layers"][0]
    assert not has_null([layer["h"], layer["grad"]["dLlast_dh"], trace["probs"], trace["loss"]])
