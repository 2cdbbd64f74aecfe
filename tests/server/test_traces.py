"""server/traces.py: a request is validated once (its query model) and its text tokenized once,
whatever the number of cells; core then runs on the checked options without checking again."""

from __future__ import annotations

import json

import pytest

from rnnscope import core, server
from rnnscope.core.tokens import encode
from rnnscope.server.params import TraceQuery


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """How often the server tokenizes a text, and how often core checks options itself."""
    calls = {"encode": 0, "check": 0}
    real_check = core.options.check

    def encoding(*args, **kwargs):
        calls["encode"] += 1
        return encode(*args, **kwargs)

    def checking(*args, **kwargs):
        calls["check"] += 1
        return real_check(*args, **kwargs)

    monkeypatch.setattr(server.traces, "encode", encoding)
    monkeypatch.setattr(core.options, "check", checking)
    return calls


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/compare?text=hello%20world&hidden=3&cells=rnn,lstm,gru",
        "/api/v1/trace?text=hello%20world&hidden=3&cell=gru",
        "/api/v1/sample?text=hello%20world&hidden=3&start=w&length=5",
    ],
)
def test_one_tokenization_and_no_second_check_per_request(make_client, counted, url):
    client = make_client(cache_entries=0)
    r = client.get(url)
    assert r.status_code == 200, r.text[:200]
    assert counted == {"encode": 1, "check": 0}


def test_a_refused_comparison_is_tokenized_once_too(make_client, counted):
    client = make_client(cache_entries=0)
    r = client.get("/api/v1/compare", params={"text": "hello", "hidden": 256, "train_steps": 2000})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "cost"
    assert counted == {"encode": 1, "check": 0}


def test_a_kept_cost_answer_is_not_parsed_again_per_request(make_client, monkeypatch):
    """Every fit=true trace or comparison reads its state's /api/v1/cost answer (its `cost`
    field, what fits): the dict is kept beside the bytes, never parsed again per request."""
    client = make_client()
    urls = ["/api/v1/trace?text=hello&hidden=4&train_steps=50&cell=gru&fit=true",
            "/api/v1/compare?text=hello&hidden=4&train_steps=50&fit=true"]  # fmt: skip
    first = [client.get(url) for url in urls]  # computed and kept
    assert [r.status_code for r in first] == [200, 200]
    parsed = []
    real = json.loads
    monkeypatch.setattr(json, "loads", lambda *a, **k: parsed.append(a) or real(*a, **k))
    again = [client.get(url) for url in urls * 3]
    assert [r.content for r in again] == [r.content for r in first] * 3
    assert parsed == []
    traces = client.app.state.traces
    query = TraceQuery.model_validate({"text": "hello", "hidden": 4, "cell": "gru"})
    assert traces.cost_of(query) is traces.cost_of(query)  # one dict, kept
    asked = client.get("/api/v1/cost?text=hello&hidden=4").content
    assert traces.cost_of(query) == real(asked)
