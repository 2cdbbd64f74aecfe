"""GET /api/v1/sample: train as for a trace, then generate from `start` (one-to-many)."""

from __future__ import annotations

import json
import threading
import unicodedata

import numpy as np
import pytest

from rnnscope import core, server
from rnnscope.core import limits as L
from rnnscope.core.jsonable import jsonable
from rnnscope.core.sample import sample
from rnnscope.server.models.lessons import SampleOut

from .modelcheck import undeclared

URL = "/api/v1/sample"
BASE = {"text": "hello", "start": "h"}


def _error(response) -> dict:
    assert response.status_code == 422, response.text[:300]
    detail = response.json()["detail"]
    assert all("input" not in item for item in detail)
    return detail[0]


@pytest.mark.parametrize("cell", L.CELL_NAMES)
def test_matches_core_and_model(client, cell):
    params = {
        **BASE,
        "cell": cell,
        "train_steps": 30,
        "length": 12,
        "temperature": 0.5,
        "sample_seed": 4,
        "hidden": 8,
    }
    r = client.get(URL, params=params)
    assert r.status_code == 200
    body = r.json()
    assert undeclared(SampleOut.model_validate(body)) == []
    tr = core.trace("hello", cell=cell, hidden=8, train_steps=30)
    out = sample(tr.params, tr.spec, tr.enc.vocab, 0, 12, 0.5, 4)
    expected = {
        "request": body["request"],
        "vocab": ["h", "e", "l", "o"],
        "tokens": out["tokens"],
        "probs": out["probs"],
    }
    assert body == json.loads(json.dumps(jsonable(expected)))
    assert body["tokens"][0] == "h" and len(body["tokens"]) == 13
    assert np.allclose(np.sum(body["probs"], axis=1), 1.0)
    assert body["request"] | params == body["request"]  # every option echoed


def test_trained_model_spells_its_text(client):
    """After training, a cold sample from `h` follows the text it learned."""
    params = {**BASE, "cell": "lstm", "train_steps": 200, "length": 4, "temperature": 0.05}
    assert "".join(client.get(URL, params=params).json()["tokens"]) == "hello"


def test_start_in_word_mode_and_nfc(client):
    words = client.get(URL, params={"text": "the cat the dog", "tokens": "word", "start": "cat"})
    assert words.status_code == 200 and words.json()["tokens"][0] == "cat"
    text = unicodedata.normalize("NFC", "café olé")
    decomposed = unicodedata.normalize("NFD", "é")
    r = client.get(URL, params={"text": text, "start": decomposed})
    assert r.status_code == 200 and r.json()["tokens"][0] == "é"


def test_seeds_and_determinism(client, make_client):
    a = client.get(URL, params={**BASE, "sample_seed": 1, "temperature": 5})
    b = client.get(URL, params={**BASE, "sample_seed": 2, "temperature": 5})
    assert a.json()["tokens"] != b.json()["tokens"]
    hot = {**BASE, "sample_seed": 1, "temperature": 5}
    fresh = make_client(cache_entries=0).get(URL, params=hot)
    assert fresh.content == a.content and fresh.headers["etag"] == a.headers["etag"]


def test_etag_304(client):
    r = client.get(URL, params=BASE)
    again = client.get(URL, params=BASE, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_overflow_is_422_not_500(client):
    params = {
        "text": "abcabd" * 40,
        "start": "a",
        "cell": "rnn",
        "activation": "relu",
        "init_scale": 100,
        "hidden": 32,
        "temperature": 0.05,
        "length": 200,
    }
    error = _error(client.get(URL, params=params))
    assert error["loc"][-1] == "sample" and "overflowed" in error["msg"]


CASES = [
    ({"start": "x"}, "start", "4 distinct tokens"),
    ({"start": "he"}, "start", "distinct tokens"),
    ({"start": ""}, "start", "1 character"),
    ({"start": "h\x00"}, "start", "control characters"),
    ({"length": 0}, "length", "1"),
    ({"length": L.MAX_SAMPLE_LENGTH + 1}, "length", str(L.MAX_SAMPLE_LENGTH)),
    ({"temperature": L.MIN_TEMPERATURE / 2}, "temperature", str(L.MIN_TEMPERATURE)),
    ({"temperature": L.MAX_TEMPERATURE + 1}, "temperature", f"{L.MAX_TEMPERATURE:g}"),
    ({"temperature": "nan"}, "temperature", "finite"),
    ({"sample_seed": -1}, "sample_seed", "0"),
    ({"sample_seed": L.MAX_SEED + 1}, "sample_seed", str(L.MAX_SEED)),
    ({"hidden": L.MAX_HIDDEN + 1}, "hidden", str(L.MAX_HIDDEN)),
    ({"cell": "transformer"}, "cell", "'gru'"),
    ({"text": "h"}, "text", str(L.MIN_TOKENS)),
    ({"cells": "rnn"}, "cells", "unknown query parameter"),
    ({"start": ["h", "e"]}, "start", "more than once"),
    (
        {
            "text": "x" * (L.MAX_TOKENS - 1),
            "start": "x",
            "hidden": L.MAX_HIDDEN,
            "train_steps": 200,
        },
        "cost",
        "COST_BUDGET",
    ),
]


@pytest.mark.parametrize(("query", "param", "limit"), CASES, ids=lambda v: str(v)[:40])
def test_422_names_parameter_and_limit(client, query, param, limit):
    error = _error(client.get(URL, params={**BASE, **query}))
    assert error["loc"][-1] == param and error["msg"].startswith(f"{param}: ")
    assert limit in error["msg"]


def test_missing_start(client):
    error = _error(client.get(URL, params={"text": "hello"}))
    assert error["loc"] == ["query", "start"] and "required" in error["msg"]


def test_digits_rounds_the_probabilities_not_the_request(client):
    """The page's lessons ask for samples with its compact `digits=7`."""
    params = {**BASE, "train_steps": 5, "length": 6, "hidden": 4, "lr": 0.0123456789}
    full = client.get(URL, params=params).json()
    compact = client.get(URL, params={**params, "digits": 3}).json()
    assert compact["request"] == {**full["request"], "digits": 3}
    assert compact["request"]["lr"] == 0.0123456789 and compact["tokens"] == full["tokens"]
    assert np.allclose(compact["probs"], full["probs"], rtol=5e-3, atol=0)
    assert compact["probs"] != full["probs"]
    mantissas = [np.format_float_scientific(p).split("e")[0] for r in compact["probs"] for p in r]
    assert max(len(m.replace(".", "").rstrip("0")) for m in mantissas) <= 3


MODEL = {"text": "hello world", "hidden": 6, "train_steps": 50, "digits": 7, "lr": 0.1}


@pytest.fixture
def trainings(monkeypatch) -> list[str]:
    """The cell of every training the server runs in this process (server/work.py's core.run)."""
    seen: list[str] = []
    real = server.work.run

    def run(o, *args, **kw):
        if o.train_steps:
            seen.append(o.cell)
        return real(o, *args, **kw)

    monkeypatch.setattr(server.work, "run", run)
    return seen


def samples(client, digits: int | None = 7) -> list[bytes]:
    """The generation panel in compare mode: one sample per cell, the comparison's options."""
    query = {**MODEL, "digits": digits, "start": "w", "length": 9, "sample_seed": 3}
    answers = [client.get(URL, params={**query, "cell": cell}) for cell in L.CELL_NAMES]
    assert [r.status_code for r in answers] == [200] * 3, answers[0].text[:300]
    return [r.content for r in answers]


def test_a_sample_reuses_the_model_its_comparison_trained(make_client, trainings):
    """Compare mode's generation: three trainings, not six; the same bytes as trained anew."""
    alone = samples(make_client(compute_processes=0))  # each sample trains its own model
    assert sorted(trainings) == sorted(L.CELL_NAMES)
    trainings.clear()
    client = make_client(compute_processes=0)
    assert client.get("/api/v1/compare", params=MODEL).status_code == 200
    assert sorted(trainings) == sorted(L.CELL_NAMES)
    assert samples(client) == alone  # from the kept models: no training
    assert samples(client, digits=None) != alone  # the same models, at full precision
    assert sorted(trainings) == sorted(L.CELL_NAMES)


def test_a_sample_reuses_the_model_its_trace_trained(make_client, trainings):
    """The generation panel of one cell: its trace trained the model, the sample only
    generates; the same bytes as a sample that trains."""
    query = {**MODEL, "cell": "gru", "start": "w", "length": 9, "sample_seed": 3}
    alone = make_client(compute_processes=0).get(URL, params=query)
    assert alone.status_code == 200 and trainings == ["gru"]
    trainings.clear()
    client = make_client(compute_processes=0)
    trace = client.get("/api/v1/trace", params={**MODEL, "cell": "gru"})
    assert trace.status_code == 200 and trainings == ["gru"]
    kept = client.get(URL, params=query)
    assert kept.status_code == 200 and kept.content == alone.content
    assert trainings == ["gru"]  # no second training


def test_a_trained_answer_leaves_before_its_model_is_written(make_client, trainings,
                                                             monkeypatch):  # fmt: skip
    """Keeping the model costs the trace's request nothing: its answer is sent while the
    model is still being written (server/keeper.py), and a sample meanwhile finds it."""
    client = make_client(compute_processes=0)
    engine = client.app.state.traces.engine
    release, writing = threading.Event(), threading.Event()
    real = engine._store

    def slow_store(key, model):
        writing.set()
        assert release.wait(30)
        real(key, model)

    monkeypatch.setattr(engine.keeper, "_store", slow_store)
    trace = client.get("/api/v1/trace", params={**MODEL, "cell": "rnn"})
    assert trace.status_code == 200 and writing.wait(30)  # answered, the write held
    query = {**MODEL, "cell": "rnn", "start": "w", "length": 9, "sample_seed": 3}
    before = client.get(URL, params=query)  # found in memory, not written yet
    release.set()
    engine.keeper.written()
    after = client.get(URL, params={**query, "sample_seed": 4})  # found where it was written
    assert before.status_code == after.status_code == 200
    assert trainings == ["rnn"]
