"""GET /api/v1/models/{id}/units: a stored model's units on a text, ranked for a pattern."""

from __future__ import annotations

import pytest

from rnnscope.core import params as P
from rnnscope.server.uploads import imported_params

from .stored import store_client

VOCAB = ['"', "a", "b", "\n"]


def planted(client) -> str:
    """Store an RNN whose unit 0 fires on `a`: h_0 = tanh(8 [x = a] - 4). Its id. (Ties rank
    the lower unit first: an untrained unit may detect one character perfectly too.)"""
    p = P.init("rnn", 4, 3, 1, 0, seed=0)
    p["weight_hh_l0"][0] = 0.0
    p["weight_ih_l0"][0] = [0.0, 8.0, 0.0, 0.0]
    p["bias_ih_l0"][0], p["bias_hh_l0"][0] = -4.0, 0.0
    record, _ = client.app.state.store.put(imported_params(p, VOCAB, "char", "tanh", "test"), "a")
    return record.id


TEXT = 'ab"aab"\nbba"ab"bab' * 3


def test_ranking_baseline_and_the_best_units_values(tmp_path):
    with store_client(tmp_path) as client:
        model = planted(client)
        r = client.get(f"/api/v1/models/{model}/units", params={"text": TEXT, "pattern": "a+"})
        assert r.status_code == 200, r.text
        d = r.json()
        assert d["tokens"] == list(TEXT) and d["marked"] == [c == "a" for c in TEXT]
        best = d["units"][0]
        assert (best["layer"], best["kind"], best["unit"], best["auc"], best["sign"]) == (
            0, "h", 0, 1.0, 1)  # fmt: skip
        assert d["unit"] == {"layer": 0, "kind": "h", "unit": 0}
        assert len(d["values"]) == len(TEXT) and len(d["baseline"]) == 3
        assert all((v > 0) == (c == "a") for v, c in zip(d["values"], TEXT, strict=True))
        again = client.get(f"/api/v1/models/{model}/units", params={"text": TEXT, "unit": "0:h:2"})
        assert again.json()["marked"] is None and again.json()["units"] is None
        assert again.json()["unit"] == {"layer": 0, "kind": "h", "unit": 2}


@pytest.mark.parametrize(
    "params,field",
    [
        ({"text": "abc"}, "text"),  # c is not in the model's vocabulary
        ({"text": "a" * 10_001}, "text"),
        ({"text": TEXT, "pattern": "("}, "pattern"),
        ({"text": TEXT, "pattern": "x"}, "pattern"),  # marks nothing
        ({"text": "a" * 30 + "b", "pattern": "(a+)+$"}, "pattern"),  # too slow: stopped
        ({"text": TEXT, "unit": "0:c:1"}, "unit"),  # an RNN has no c
        ({"text": TEXT, "unit": "0:h:3"}, "unit"),
        ({"text": TEXT, "top": 0}, "top"),
    ],
)
def test_bad_queries_name_the_field(tmp_path, params, field):
    with store_client(tmp_path) as client:
        model = planted(client)
        r = client.get(f"/api/v1/models/{model}/units", params=params)
        assert r.status_code == 422, r.text
        assert r.json()["detail"][0]["loc"][-1] == field


def test_an_unknown_model_is_404(tmp_path):
    with store_client(tmp_path) as client:
        r = client.get("/api/v1/models/0123456789abcdef/units", params={"text": TEXT})
        assert r.status_code == 404
