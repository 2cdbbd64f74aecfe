"""`fit=true` on /api/v1/trace and /api/v1/compare: a training that fits is trained as asked; one
over the budget trains the most that fits (the largest of the page's choices) and says so,
never a refusal; without `fit` it is refused as before. Every answer carries `cost`, exactly
what /api/v1/cost answers for the page's cost question of its state (static/js/budget.js
costUrl: every cell, no training)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from rnnscope import server
from rnnscope.core import limits as L
from rnnscope.core.options import PAGE_CHOICES
from rnnscope.server.main import create_app
from rnnscope.server.settings import Settings

# compare at H 64 fits fewer than 1000 steps
LONG = "the quick brown fox jumps over the lazy dog again and again"
CHOICES = PAGE_CHOICES["train_steps"]


@pytest.fixture
def client():
    # in this process (no compute processes), where `runs` sees every trace
    with TestClient(create_app(Settings(compute_processes=0))) as c:
        yield c


@pytest.fixture
def runs(monkeypatch) -> list[int]:
    """The training steps of every trace the server computes (server/work.py's core.run)."""
    seen: list[int] = []
    real = server.work.run

    def run(o, *args, **kw):
        seen.append(o.train_steps)
        return real(o, *args, **kw)

    monkeypatch.setattr(server.work, "run", run)
    return seen


def cost(client: TestClient, **query: object) -> dict:
    """What the page's cost question of this state is answered (budget.js costUrl)."""
    r = client.get("/api/v1/cost", params={k: v for k, v in query.items() if k not in
                                           ("cell", "train_steps", "fit")})  # fmt: skip
    assert r.status_code == 200, r.text[:300]
    return r.json()  # type: ignore[no-any-return]


def fitting(most: int | None) -> int:
    return max([0, *(n for n in CHOICES if most is not None and n <= most)])


def test_a_training_that_fits_is_trained_as_asked_and_answered_as_without_fit(client, runs):
    query = {"text": "hello", "cell": "gru", "hidden": 8, "train_steps": 200}
    fit = client.get("/api/v1/trace", params={**query, "fit": "true"})
    assert fit.status_code == 200, fit.text[:300]
    body = fit.json()
    assert body["request"]["train_steps"] == 200 and "fitted" not in body
    assert "fit" not in body["request"]  # how it was asked is not what was computed
    assert body["cost"] == cost(client, **query)
    plain = client.get("/api/v1/trace", params=query)
    assert plain.content == fit.content  # one answer, computed once
    assert runs == [200]


@pytest.mark.parametrize("path, cell", [("trace", "lstm"), ("compare", None)])
def test_a_training_over_the_budget_trains_the_most_that_fits_and_says_so(client, runs, path,
                                                                          cell):  # fmt: skip
    query = {"text": LONG, "hidden": 64, "train_steps": 1000, **({"cell": cell} if cell else {})}
    answer = cost(client, **query)
    most = answer["per_cell"][cell]["max_train_steps"] if cell else answer["max_train_steps"]
    assert most is not None and 0 < most < 1000
    refused = client.get(f"/api/v1/{path}", params=query)  # without fit: refused, unrun
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["query", "cost"]
    assert runs == []
    r = client.get(f"/api/v1/{path}", params={**query, "fit": "true"})
    assert r.status_code == 200, r.text[:300]
    body = r.json()
    steps = fitting(most)
    assert body["fitted"] is True and body["request"]["train_steps"] == steps < 1000
    traces = body["traces"].values() if path == "compare" else [body]
    assert all(t["request"]["train_steps"] == steps for t in traces)
    assert all(t["train"]["steps"] == steps for t in traces)  # trained what it says
    assert body["cost"] == answer  # what /api/v1/cost says of this state
    assert all(t["cost"] == answer for t in traces)
    # the same answer as asking for that training: computed once, only the mark added
    n = len(runs)
    plain = client.get(f"/api/v1/{path}", params={**query, "train_steps": steps})
    assert plain.status_code == 200 and "fitted" not in plain.json()
    assert {**plain.json(), "fitted": True} == body
    assert len(runs) == n == (3 if path == "compare" else 1)


def test_fit_is_never_refused_for_its_training(client):
    """Any training asked with fit, up to the API's limit, is answered with what fits (the
    same fitted training for every request over it: one computation)."""
    query = {"text": LONG, "hidden": 64, "fit": "true"}
    answers = [client.get("/api/v1/compare", params={**query, "train_steps": n})
               for n in (1000, 2000, L.MAX_TRAIN_STEPS)]  # fmt: skip
    assert [r.status_code for r in answers] == [200, 200, 200]
    assert len({r.content for r in answers}) == 1


def test_a_fitted_answer_is_gzipped_and_revalidated_as_any(client):
    query = {"text": LONG, "hidden": 64, "train_steps": 1000, "fit": "true"}
    r = client.get("/api/v1/compare", params=query, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert r.json()["fitted"] is True  # httpx gunzips it
    etag = r.headers["etag"]
    again = client.get("/api/v1/compare", params=query,
                       headers={"Accept-Encoding": "gzip", "If-None-Match": etag})  # fmt: skip
    assert again.status_code == 304
    steps = r.json()["request"]["train_steps"]
    plain = client.get("/api/v1/compare", params={**query, "fit": "false", "train_steps": steps},
                       headers={"Accept-Encoding": "gzip"})  # fmt: skip
    assert plain.status_code == 200 and plain.headers["etag"] != r.headers["etag"]
