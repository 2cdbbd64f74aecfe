"""server/answered.py: a URL answered before is answered again before routing (no query
model, no cache key), with the same bytes and headers; a refusal, a stored model's answer and a
server without a cache are never remembered."""

from __future__ import annotations

import pytest

from rnnscope import core
from rnnscope.server.traces import TraceService

from .stored import store_client, upload

URLS = [
    "/api/v1/trace?text=hello&hidden=4&cell=gru&digits=7",
    "/api/v1/compare?text=hello&hidden=4&train_steps=50&fit=true",
    "/api/v1/sample?text=hello&hidden=4&start=h&length=5",
    "/api/v1/cost?text=hello&hidden=4",
]


@pytest.fixture
def routed(monkeypatch) -> list[str]:
    """The requests that reached their route (TraceService.cached / cost_cached)."""
    seen: list[str] = []
    for name in ("cached", "cost_cached"):
        real = getattr(TraceService, name)

        def counted(self, query, real=real, name=name):
            seen.append(name)
            return real(self, query)

        monkeypatch.setattr(TraceService, name, counted)
    return seen


@pytest.mark.parametrize("url", URLS)
def test_a_url_asked_again_is_answered_before_its_route(make_client, routed, url):
    client = make_client()
    gz = {"Accept-Encoding": "gzip"}
    first, second = client.get(url, headers=gz), client.get(url, headers=gz)
    assert first.status_code == second.status_code == 200, first.text[:300]
    assert second.content == first.content
    assert {k: v for k, v in second.headers.items() if k != "server-timing"} == {
        k: v for k, v in first.headers.items() if k != "server-timing"}  # fmt: skip
    assert "content-security-policy" in second.headers  # the other middlewares still apply
    third = client.get(url, headers={**gz, "If-None-Match": first.headers["etag"]})
    assert third.status_code == 304
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert plain.json() == first.json() and "content-encoding" not in plain.headers
    assert len(routed) == 1  # the first request only


def test_a_refusal_goes_through_its_route_each_time(make_client, routed):
    client = make_client()
    url = "/api/v1/trace?text=hello&hidden=4&hidden=5"  # a parameter given twice
    assert [client.get(url).status_code for _ in range(2)] == [422, 422]
    url = "/api/v1/compare?text=hello&hidden=256&train_steps=2000"  # over the budget
    assert [client.get(url).status_code for _ in range(2)] == [422, 422]
    assert len(client.app.state.answered) == 0


def test_a_stored_models_answer_is_not_remembered(tmp_path):
    """A stored model may be deleted: its answers go through their route each time."""
    with store_client(tmp_path) as client:
        model = upload(client, "lstm_state_dict.pt").json()["id"]
        text = "the cat sat on the mat"
        for url in (f"/api/v1/trace?text={text}&model={model}",
                    f"/api/v1/cost?text={text}&model={model}",
                    f"/api/v1/compare?text={text}&models={model}"):  # fmt: skip
            assert client.get(url).status_code == 200, client.get(url).text[:300]
        assert len(client.app.state.answered) == 0


def test_no_cache_remembers_nothing(make_client, routed):
    client = make_client(cache_entries=0)
    assert [client.get(URLS[0]).status_code for _ in range(2)] == [200, 200]
    assert len(routed) == 2


FITTED = "/api/v1/trace?text=hello&hidden=8&train_steps=1000&fit=true"


def refit(monkeypatch, factor: float) -> None:
    """Another version's cost constants: every training `factor` times dearer than now."""
    for name in ("TRAIN_CELL_S", "CALL_S"):
        now = getattr(core.cost, name)
        monkeypatch.setattr(core.cost, name, {cell: factor * s for cell, s in now.items()})


def test_after_an_upgrade_a_browser_gets_the_new_fit_not_its_old_copy(make_client, monkeypatch):
    """The URL names no version: a browser revalidates every answer (`max-age=0`; a shared
    cache after `s-maxage`). The same server answers its ETag with 304; a server whose cost
    constants changed (an upgrade: a refit) answers it with its own fit."""
    gz = {"Accept-Encoding": "gzip"}
    with monkeypatch.context() as before:
        refit(before, 60)
        old = make_client(compute_processes=0)
        first = old.get(FITTED, headers=gz)
        assert first.status_code == 200 and first.json()["fitted"] is True
        assert first.headers["cache-control"] == "public, max-age=0, s-maxage=60"
        asked = {**gz, "If-None-Match": first.headers["etag"]}
        assert [old.get(FITTED, headers=asked).status_code for _ in range(2)] == [304, 304]
    refit(monkeypatch, 30)  # the upgrade: trainings estimated half as dear as before
    new = make_client(compute_processes=0).get(FITTED, headers=asked)
    assert new.status_code == 200 and new.headers["etag"] != first.headers["etag"]
    steps = [r.json()["request"]["train_steps"] for r in (first, new)]
    assert steps == [50, 200]
