"""A model with skip connections (`residual`) stays one once stored: the store keeps it (its
record, GET, the export's metadata), every view of the stored model runs it, a job trains on
with it; a file without it, and a store made before it was kept, read false."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest

from rnnscope.core.checkpoints import import_file
from rnnscope.core.checkpoints import safetensors as S
from rnnscope.server.store import ModelStore

from .stored import fixture, store_client, upload

# three layers: the skip changes the third layer's states, not only the readout
TRACE = "text=hello+world&cell=lstm&hidden=4&layers=3&residual=true&train_steps=10"


@pytest.fixture
def client(tmp_path):
    with store_client(tmp_path) as c:
        yield c


def saved(client, query: str = TRACE) -> dict:
    r = client.post("/api/v1/models/from-trace", json={"query": query})
    assert r.status_code == 201, r.text
    return r.json()


def test_a_residual_trace_saved_and_traced_again_gives_the_same_states(client):
    trace = client.get(f"/api/v1/trace?{TRACE}").json()
    model = saved(client)
    again = client.get(f"/api/v1/trace?text=hello+world&model={model['id']}").json()
    assert again["request"]["residual"] is True
    for k, (was, now) in enumerate(zip(trace["layers"], again["layers"], strict=True)):
        assert np.array_equal(np.array(was["h"]), np.array(now["h"])), f"layer {k} h"
    assert np.array_equal(np.array(trace["probs"]), np.array(again["probs"])), "probs"


def test_the_model_says_residual_and_the_export_carries_it(client):
    model = saved(client)
    assert model["residual"] is True
    assert client.get(f"/api/v1/models/{model['id']}").json()["residual"] is True
    listed = client.get("/api/v1/models").json()["models"]
    assert [m["residual"] for m in listed] == [True]
    data = client.get(f"/api/v1/models/{model['id']}/weights.safetensors").content
    assert S.read(data)[1]["residual"] == "true"
    assert import_file(data).spec.residual is True


def test_a_query_cannot_take_the_skip_from_a_stored_model_nor_give_one(client):
    """`residual` is the model's, as its cell and sizes are: the query's is left out."""
    plain = saved(client, TRACE.replace("&residual=true", ""))
    skip = saved(client)
    for model, other in ((plain, "true"), (skip, "false")):
        base = f"/api/v1/trace?text=hello+world&model={model['id']}"
        one, two = client.get(base).json(), client.get(f"{base}&residual={other}").json()
        assert one["probs"] == two["probs"] and two["request"]["residual"] is model["residual"]


def test_a_sample_of_a_stored_residual_model_is_the_traces_model(client):
    """Without training, the sample's first distribution is the trace's after its first token."""
    model = saved(client)
    trace = client.get(f"/api/v1/trace?text=hello+world&model={model['id']}").json()
    r = client.get(
        f"/api/v1/sample?text=hello+world&model={model['id']}&start=h&length=1&temperature=1"
    )
    assert r.status_code == 200, r.text
    assert np.allclose(r.json()["probs"][0], trace["probs"][0], rtol=0, atol=1e-12)


def test_a_file_without_it_is_not_residual_and_keeps_its_bytes(client):
    body = upload(client, "lstm.safetensors").json()
    assert body["residual"] is False
    data = client.get(f"/api/v1/models/{body['id']}/weights.safetensors").content
    assert "residual" not in S.read(data)[1]  # the id of a model stored before stays its id


def test_a_residual_that_is_not_true_or_false_names_the_field(client):
    data, vocab = fixture("lstm.safetensors")
    tensors, meta = S.read(data)
    bad = S.write(tensors, {**meta, "vocab": json.dumps(vocab), "residual": "yes"})
    r = upload(client, "lstm.safetensors", data=bad)
    assert r.status_code == 422, r.text
    item = r.json()["detail"][0]
    assert item["loc"] == ["body", "residual"] and item["ctx"]["rule"] == "literal_error"


def test_a_store_made_before_residual_was_kept_reads_false_and_stores_it(tmp_path):
    with store_client(tmp_path) as client:
        old = upload(client, "lstm.safetensors").json()
    con = sqlite3.connect(tmp_path / "models.sqlite3")
    con.execute("ALTER TABLE models DROP COLUMN residual")  # the table as it was made before
    con.close()
    store = ModelStore(tmp_path, 2**26, 2**30, 10)
    assert store.get(old["id"]).residual is False
    with store_client(tmp_path) as client:
        assert client.get(f"/api/v1/models/{old['id']}").json()["residual"] is False
        assert saved(client)["residual"] is True
        assert [m["residual"] for m in client.get("/api/v1/models").json()["models"]] == [
            False,
            True,
        ]
