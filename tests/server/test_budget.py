"""Requests one step under and one step over the budgets: the first is computed, the second
refused with a 422 naming `cost` before any work (core is never called)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from rnnscope import core, server
from rnnscope.core import limits as L
from rnnscope.core.cost import Work
from rnnscope.core.tokens import encode
from rnnscope.server.main import create_app
from rnnscope.server.settings import Settings

TEXT = "the cat sat on the mat and the dog sat on the log"


def last_under(cost: Callable[[int], float], budget: float, top: int) -> int:
    """The largest n in [0, top) with cost(n) <= budget (cost grows with n); n + 1 is over."""
    lo, hi = 0, top
    assert cost(lo) <= budget < cost(hi), "the budget must fall inside the range"
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if cost(mid) <= budget else (lo, mid)
    return lo


@pytest.fixture
def client():
    # in this process (no compute processes), where `calls` sees every trace
    with TestClient(create_app(Settings(cache_entries=0, compute_processes=0))) as c:
        yield c


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    """Every trace (core.trace.run, as server/work.py calls it) and every
    core.recall.train_recall the server makes."""
    seen: list[str] = []
    real_trace, real_recall = server.work.run, core.recall.train_recall

    def trace(o, *args, **kw):
        seen.append(f"trace {o.train_steps}")
        return real_trace(o, *args, **kw)

    def train_recall(**kw):  # the real thing, cut short: only the refusal is under test here
        seen.append(f"recall {kw['steps']}")
        return real_recall(**{**kw, "steps": 1, "batch": 2, "eval_size": 2, "n_evals": 2})

    monkeypatch.setattr(server.work, "run", trace)
    monkeypatch.setattr(core.recall, "train_recall", train_recall)
    return seen


def test_a_trace_just_under_the_budget_runs_and_just_over_is_refused_unrun(client, calls):
    enc = encode(TEXT)

    def cost(n: int) -> float:
        return core.estimate_cost(
            Work(
                steps=len(enc.tokens) - 1,
                hidden=64,
                layers=1,
                cell="lstm",
                vocab=len(enc.vocab),
                embedding=0,
                train_steps=n,
            )
        )

    n = last_under(cost, L.COST_BUDGET, L.MAX_TRAIN_STEPS)
    query = {"text": TEXT, "cell": "lstm", "hidden": 64}
    over = client.get("/api/v1/trace", params=query | {"train_steps": n + 1})
    assert over.status_code == 422
    error = over.json()["detail"][0]
    assert error["loc"][-1] == "cost" and f"COST_BUDGET = {L.COST_BUDGET}" in error["msg"]
    assert calls == []  # refused before any work
    under = client.get("/api/v1/trace", params=query | {"train_steps": n})
    assert under.status_code == 200 and under.json()["train"]["steps"] == n
    assert calls == [f"trace {n}"]


def test_a_recall_just_under_the_budget_runs_and_just_over_is_refused_unrun(client, calls):
    def cost(steps: int) -> float:
        work = core.recall.RecallWork("lstm", hidden=64, n_distract=100, steps=steps)
        return core.recall.estimate_cost(work)

    n = last_under(cost, L.RECALL_BUDGET, L.MAX_RECALL_STEPS)
    query = {"cell": "lstm", "hidden": 64, "n_distract": 100}
    over = client.get("/api/v1/recall", params=query | {"steps": n + 1})
    assert over.status_code == 422
    error = over.json()["detail"][0]
    assert error["loc"][-1] == "cost" and f"RECALL_BUDGET = {L.RECALL_BUDGET}" in error["msg"]
    assert calls == []
    under = client.get("/api/v1/recall", params=query | {"steps": n})
    assert under.status_code == 200
    assert calls == [f"recall {n}"]
