"""server/traces.py: a request is validated once (its query model) and its text tokenized once,
whatever the number of cells; core then runs on the checked options without checking again."""

from __future__ import annotations

import pytest

from rnnscope import core, server
from rnnscope.core.tokens import encode


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
