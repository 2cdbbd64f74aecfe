"""GET /api/v1/cost: a request's estimated cost against the budget, and the most training and
the largest hidden size that fit; a cost refusal carries those numbers (ctx)."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from rnnscope.core import limits as L
from rnnscope.core.option import OptionError
from rnnscope.server.models.cost import CostOut
from rnnscope.server.params import CompareQuery, TraceQuery
from rnnscope.server.traces import prepare

from .modelcheck import undeclared
from .stored import fixture, store_client, upload

LESSON = {"text": "hello world, hello rnn", "hidden": 8}
CASES = [
    {"text": "hello", "hidden": 8},
    LESSON,
    {"text": "the quick brown fox jumps over the lazy dog", "hidden": 64, "layers": 2},
    {"text": "hello world " * 20, "hidden": 256, "layers": 3},  # not even untrained fits
]


def accepted(query, cells: list[str]) -> bool:
    """Would the server take it? The only refusal after validation is prepare's."""
    try:
        prepare(query, cells)
    except OptionError:
        return False
    return True


@pytest.mark.parametrize("options", CASES)
def test_the_most_training_that_fits_is_taken_and_one_more_step_is_not(client, options):
    r = client.get("/api/v1/cost", params=options)
    assert r.status_code == 200
    body = r.json()
    assert undeclared(CostOut.model_validate(body)) == []
    assert body["budget"] == L.COST_BUDGET and body["request"]["cells"] == list(L.CELL_NAMES)
    for cells, room in [(list(L.CELL_NAMES), body)] + [([c], body["per_cell"][c])
                                                          for c in L.CELL_NAMES]:  # fmt: skip
        most = room["max_train_steps"]
        model = CompareQuery if len(cells) > 1 else TraceQuery
        extra = {"cells": ",".join(cells)} if len(cells) > 1 else {"cell": cells[0]}

        def ask(n: int, model=model, extra=extra):
            return model.model_validate({**options, **extra, "train_steps": n})

        if most is None:
            assert not accepted(ask(0), cells)
            continue
        assert accepted(ask(most), cells), (cells, most)
        if most < L.MAX_TRAIN_STEPS:
            assert not accepted(ask(most + 1), cells), (cells, most)
        hidden = room["max_hidden"]
        if hidden is not None and hidden < L.MAX_HIDDEN:
            at = {**options, **extra, "hidden": hidden + 1}
            assert not accepted(model.model_validate(at), cells)


def test_the_estimate_is_the_sum_of_the_cells_and_says_if_it_fits(client):
    body = client.get("/api/v1/cost", params=LESSON).json()
    per_cell = sum(c["estimate"] for c in body["per_cell"].values())
    assert body["estimate"] == pytest.approx(per_cell, abs=1e-3)
    assert body["fits"] == (body["estimate"] <= body["budget"])
    one = client.get("/api/v1/cost", params={**LESSON, "cells": "gru"}).json()
    assert (
        list(one["per_cell"]) == ["gru"] and one["estimate"] == body["per_cell"]["gru"]["estimate"]
    )


def test_a_cost_refusal_says_what_would_fit(client):
    r = client.get("/api/v1/compare", params={**LESSON, "train_steps": L.MAX_TRAIN_STEPS,
                                               "hidden": 128})  # fmt: skip
    assert r.status_code == 422
    (item,) = r.json()["detail"]
    assert item["loc"] == ["query", "cost"] and item["type"] == "limit"
    room = client.get("/api/v1/cost", params={**LESSON, "hidden": 128}).json()
    assert item["ctx"]["max_train_steps"] == room["max_train_steps"]
    assert item["ctx"]["budget"] == L.COST_BUDGET and item["ctx"]["estimate"] > L.COST_BUDGET


def test_a_cost_answer_says_whether_it_was_computed(client):
    """Server-Timing: `compute` the first time, then only `total` (kept by query)."""
    params = {**LESSON, "seed": 123}
    first, kept = (client.get("/api/v1/cost", params=params) for _ in range(2))
    names = [{p.split(";")[0] for p in r.headers["server-timing"].split(", ")}
             for r in (first, kept)]  # fmt: skip
    assert names == [{"compute", "total"}, {"total"}]


def test_other_refusals_carry_their_limit_not_the_input(client):
    cases = [({"text": "a"}, {"min_length": 2}), ({"text": "hello", "hidden": 0}, {"ge": 1}),
             ({"text": "hello", "x": "1"}, None)]  # fmt: skip
    for params, ctx in cases:
        (item,) = client.get("/api/v1/trace", params=params).json()["detail"]
        assert item.get("ctx") == ctx


def test_a_text_the_trace_refuses_is_refused_here_too(client):
    r = client.get("/api/v1/cost", params={"text": "ab" * 200})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "text"


def large_lstm(vocab: list[str], hidden: int = 96) -> bytes:
    """A stored model larger than the page's own: an embedding, two LSTM layers of `hidden`
    units, the npz layout of tests/fixtures/models/lstm.npz."""
    rng = np.random.default_rng(0)
    V, E, H = len(vocab), 4, hidden

    def w(*shape: int) -> np.ndarray:
        return rng.uniform(-0.1, 0.1, shape)

    arrays = {"vocab": np.array(vocab), "embed.weight": w(V, E), "fc.weight": w(V, H),
              "fc.bias": w(V)}  # fmt: skip
    for k, n_in in enumerate((E, H)):
        arrays |= {f"lstm.weight_ih_l{k}": w(4 * H, n_in), f"lstm.weight_hh_l{k}": w(4 * H, H),
                   f"lstm.bias_ih_l{k}": w(4 * H), f"lstm.bias_hh_l{k}": w(4 * H)}  # fmt: skip
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


def test_a_stored_models_cost_is_its_own_and_what_it_says_fits_is_taken(tmp_path):
    """model=<id>: `model` is the stored model's trace on the text, with the most fine-tuning
    that fits: the server takes that much and refuses one step more. A large model trains
    less than the page's own cell on the same text, so the cells' answer alone would offer
    trainings the server refuses."""
    _, vocab = fixture("lstm.npz")
    text = "the cat sat on the mat"
    with store_client(tmp_path) as client:
        model_id = upload(client, "large.npz", large_lstm(vocab), vocab=json.dumps(vocab))
        model_id = model_id.json()["id"]
        r = client.get("/api/v1/cost", params={"text": text, "model": model_id})
        assert r.status_code == 200, r.text
        body = r.json()
        assert undeclared(CostOut.model_validate(body)) == []
        own = body["model"]
        assert (own["id"], own["cell"], own["vocab"], own["max_hidden"]) == (
            model_id, "lstm", len(vocab), None)  # fmt: skip
        assert "model" not in body["request"]  # the cells' part: trained on the text
        most = own["max_train_steps"]
        assert most is not None and most < body["per_cell"]["lstm"]["max_train_steps"]
        stored = client.app.state.traces.stored
        query = TraceQuery.model_validate({"text": text, "model": model_id})
        assert stored.check(query, model_id)[0] == pytest.approx(own["estimate"], abs=1e-3)
        query = query.model_copy(update={"train_steps": most})
        assert stored.check(query, model_id)[0] <= L.COST_BUDGET
        with pytest.raises(OptionError) as refused:
            stored.check(query.model_copy(update={"train_steps": most + 1}), model_id)
        assert refused.value.field == "cost" and refused.value.ctx["max_train_steps"] == most
        # without it, the cells' answer as before; an unknown model is a 422 on `model`
        plain = client.get("/api/v1/cost", params={"text": text}).json()
        assert plain.get("model") is None and plain["per_cell"] == body["per_cell"]
        r = client.get("/api/v1/cost", params={"text": text, "model": "0" * len(model_id)})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "model"
