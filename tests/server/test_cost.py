"""GET /api/v1/cost: a request's estimated cost against the budget, and the most training and
the largest hidden size that fit; a cost refusal carries those numbers (ctx)."""

from __future__ import annotations

import pytest

from rnnscope.core import limits as L
from rnnscope.core.option import OptionError
from rnnscope.server.models.cost import CostOut
from rnnscope.server.params import CompareQuery, TraceQuery
from rnnscope.server.traces import prepare

from .modelcheck import undeclared

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


def test_other_refusals_carry_no_ctx(client):
    for params in ({"text": "a"}, {"text": "hello", "hidden": 0}, {"text": "hello", "x": "1"}):
        (item,) = client.get("/api/v1/trace", params=params).json()["detail"]
        assert set(item) == {"loc", "msg", "type"}


def test_a_text_the_trace_refuses_is_refused_here_too(client):
    r = client.get("/api/v1/cost", params={"text": "ab" * 200})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "text"
