"""POST/GET/DELETE /api/v1/models and the export: files of every format stored, listed,
exported in PyTorch names, and hostile files refused with nothing stored."""

from __future__ import annotations

import json
import os
import pickle

import numpy as np
import pytest

from rnnscope.core import limits as L
from rnnscope.core.checkpoints import import_file
from rnnscope.core.checkpoints import safetensors as S

from ..core import hostile as H
from ..core.test_checkpoints_hostile import Reduce, deflated
from .stored import fixture, store_client, upload

FORMATS = {
    "lstm_state_dict.pt": "pytorch",
    "gru_whole_model.pt": "pytorch",
    "rnn_relu_checkpoint.pth": "pytorch",
    "lstm.safetensors": "safetensors",
    "lstm.npz": "npz",
    "keras_lstm.weights.h5": "keras",
    "keras_gru.keras": "keras",
}


@pytest.fixture
def client(tmp_path):
    with store_client(tmp_path) as c:
        yield c


def stored_files(tmp_path) -> list[str]:
    weights = tmp_path / "weights"
    return sorted(os.listdir(weights)) if weights.exists() else []


@pytest.mark.parametrize("name", FORMATS)
def test_upload_answers_201_with_the_contract_fields(client, name):
    r = upload(client, name)
    assert r.status_code == 201, r.text
    body = r.json()
    for field in (
        "id",
        "name",
        "cell",
        "layers",
        "hidden",
        "embedding",
        "vocab",
        "tokens",
        "format",
        "mapped",
    ):
        assert field in body, field
    assert body["format"] == FORMATS[name]
    assert body["name"] == name.split(".")[0]
    assert r.headers["location"] == f"/api/v1/models/{body['id']}"
    assert client.get(f"/api/v1/models/{body['id']}").json() == body
    assert [m["id"] for m in client.get("/api/v1/models").json()["models"]] == [body["id"]]


def test_same_model_twice_is_stored_once(client, tmp_path):
    first = upload(client, "lstm.safetensors", name="first")
    again = upload(client, "lstm.safetensors", name="second")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert len(stored_files(tmp_path)) == 1


def test_vocab_from_the_file_and_fields(client):
    data, vocab = fixture("lstm.safetensors")
    r = upload(client, "lstm.safetensors", data=data, name="mine")  # vocab from the metadata
    assert r.status_code == 201 and r.json()["vocab"] == vocab and r.json()["name"] == "mine"
    r = upload(client, "lstm.npz", data=fixture("lstm.npz")[0], vocab="".join(vocab))
    assert r.json()["vocab"] == vocab and r.json()["tokens"] == "char"


def test_export_loads_back_with_the_vocabulary_and_options(client):
    body = upload(client, "rnn_relu_checkpoint.pth").json()
    r = client.get(f"/api/v1/models/{body['id']}/weights.safetensors")
    assert r.status_code == 200
    assert (
        r.headers["content-disposition"] == 'attachment; filename="rnn_relu_checkpoint.safetensors"'
    )
    tensors, meta = S.read(r.content)
    assert list(tensors) == [
        "embedding.weight",
        "weight_ih_l0",
        "weight_hh_l0",
        "bias_ih_l0",
        "bias_hh_l0",
        "readout.weight",
        "readout.bias",
    ]
    assert json.loads(meta["vocab"]) == body["vocab"]
    assert (meta["cell"], meta["activation"], meta["hidden"]) == ("rnn", "relu", "7")
    again = import_file(r.content)
    original = import_file(fixture("rnn_relu_checkpoint.pth")[0])
    for key, arr in original.params.items():
        assert np.array_equal(again.params[key], arr), key


def test_delete(client, tmp_path):
    model_id = upload(client, "lstm.npz").json()["id"]
    assert client.delete(f"/api/v1/models/{model_id}").status_code == 204
    assert client.get(f"/api/v1/models/{model_id}").status_code == 404
    assert client.delete(f"/api/v1/models/{model_id}").status_code == 404
    assert stored_files(tmp_path) == []


@pytest.mark.parametrize("path", ["/api/v1/models/xyz", "/api/v1/models/0123456789ABCDEF"])
def test_bad_ids_are_422(client, path):
    r = client.get(path)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "model_id"


def test_nothing_is_created_before_the_first_upload(tmp_path):
    with store_client(tmp_path / "store") as client:
        assert client.get("/api/v1/models").json()["models"] == []
        assert client.get("/api/v1/models/0123456789abcdef").status_code == 404
    assert not (tmp_path / "store").exists()


HOSTILE = {
    "truncated.pt": (lambda: fixture("lstm_state_dict.pt")[0][:3000], 422, "file"),
    "junk.bin": (lambda: b"\x00" * 100, 422, "file"),
    "nan.safetensors": (
        lambda: S.write(
            {
                **import_file(fixture("lstm.safetensors")[0]).params,
                "weight_hh_l0": np.full((24, 6), np.nan),
            },
            {},
        ),
        422,
        "weight_hh_l0",
    ),
    "header.safetensors": (lambda: (10**8 + 1).to_bytes(8, "little") + b"{}", 413, "file"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_files_are_refused_and_nothing_stored(client, tmp_path, name):
    make, status, field = HOSTILE[name]
    r = upload(client, name, data=make(), vocab="abcdefghijklmn")
    assert r.status_code == status, r.text
    assert r.json()["detail"][0]["loc"] == ["body", field]
    assert client.get("/api/v1/models").json()["models"] == []
    assert stored_files(tmp_path) == []


def test_a_pickle_calling_os_system_is_refused_and_never_run(client, tmp_path):
    """Through the API as in core: the file's REDUCE is never called, the canary never made."""
    canary = tmp_path / "canary"
    pkl = pickle.dumps({"w": Reduce(os.system, (f"touch {canary}",))}, protocol=2)
    r = upload(client, "evil.pt", data=H.torch_zip(pkl, {}), vocab="abc")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "file"], r.text
    assert "runs no code" in r.json()["detail"][0]["msg"] and not canary.exists()
    assert client.get("/api/v1/models").json()["models"] == [] and stored_files(tmp_path) == []


def test_a_zip_bomb_is_refused_before_inflating_and_nothing_stored(client, tmp_path):
    bomb = deflated({"w.npy": b"\0" * (L.MAX_CHECKPOINT_BYTES + 1)})  # 64 MB in about 65 KB
    r = upload(client, "bomb.npz", data=bomb, vocab="abc")
    assert r.status_code == 413 and "zip bomb" in r.json()["detail"][0]["msg"], r.text
    assert client.get("/api/v1/models").json()["models"] == [] and stored_files(tmp_path) == []


def test_vocabulary_that_does_not_fit_names_vocab(client):
    r = upload(client, "lstm_state_dict.pt", vocab="abc")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "vocab"]
    assert "3 tokens" in r.json()["detail"][0]["msg"]


def test_form_problems(client):
    assert client.post("/api/v1/models", data={"vocab": "ab"}).status_code == 422
    r = client.post("/api/v1/models", content=b"{}", headers={"content-type": "application/json"})
    assert r.status_code == 422
    data, vocab = fixture("lstm.npz")
    r = upload(client, "lstm.npz", data=data, vocab="".join(vocab), colour="red")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "colour"]
    r = upload(client, "lstm.npz", data=data, vocab="".join(vocab), name="a\x00b")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "name"]
    assert r.json()["detail"][0]["ctx"] == {"rule": "name", "max": 80}  # said in Korean too
    r = upload(client, "lstm_state_dict.pt", vocab="")  # a state_dict holds no vocabulary
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "vocab"]
    assert r.json()["detail"][0]["ctx"]["rule"] == "vocab_required"


def test_upload_over_the_file_quota_is_refused_before_reading(tmp_path):
    with store_client(tmp_path, store_max_file_bytes=5000) as client:
        r = upload(client, "lstm_state_dict.pt")  # 7.4 KB
        assert r.status_code == 413 and "RNNSCOPE_STORE_MAX_FILE_BYTES" in r.text
        assert r.json()["detail"][0]["ctx"] == {"rule": "file_over", "max": 5000}  # for the page
        r = client.post(
            "/api/v1/models",
            content=b"x" * 100,
            headers={
                "content-type": "multipart/form-data; boundary=x",
                "content-length": str(10**9),
            },
        )
        assert r.status_code == 413
    assert stored_files(tmp_path) == []


def test_store_quotas_refuse_cleanly(tmp_path):
    with store_client(tmp_path, store_max_bytes=9000) as client:
        assert upload(client, "lstm.safetensors").status_code == 201  # 7.7 KB in float64
        r = upload(client, "rnn_relu_checkpoint.pth")
        assert r.status_code == 413 and "delete a model first" in r.json()["detail"][0]["msg"]
        assert r.json()["detail"][0]["ctx"]["rule"] == "store_bytes"
    with store_client(tmp_path, store_max_models=1) as client:
        r = upload(client, "gru_whole_model.pt")
        assert r.status_code == 413 and "RNNSCOPE_STORE_MAX_MODELS" in r.text
        assert r.json()["detail"][0]["ctx"] == {"rule": "store_models", "n": 1}
        assert len(client.get("/api/v1/models").json()["models"]) == 1
    assert len(stored_files(tmp_path)) == 1


def test_a_trained_trace_is_saved_with_its_weights_and_vocabulary(client):
    query = "text=hello+hello&cell=gru&hidden=4&train_steps=20"
    trace = client.get(f"/api/v1/trace?{query}").json()
    r = client.post("/api/v1/models/from-trace", json={"query": query, "name": "gru hello"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["name"], body["cell"], body["hidden"], body["format"]) == (
        "gru hello",
        "gru",
        4,
        "rnnscope",
    )
    assert body["vocab"] == trace["vocab"] and body["tokens"] == "char"
    tensors, _ = S.read(client.get(f"/api/v1/models/{body['id']}/weights.safetensors").content)
    for name, value in trace["weights"].items():
        assert np.array_equal(tensors[name], np.array(value)), name
    again = client.post("/api/v1/models/from-trace", json={"query": query})
    assert again.status_code == 200 and again.json()["id"] == body["id"]


def test_a_trace_saved_from_the_pages_compact_query_keeps_its_weights_unrounded(client):
    """The page asks for digits=7; the stored model has the weights as trained."""
    query = "text=hello+hello&cell=rnn&hidden=4&train_steps=5"
    full = client.get(f"/api/v1/trace?{query}").json()["weights"]
    r = client.post("/api/v1/models/from-trace", json={"query": f"{query}&digits=2"})
    assert r.status_code == 201, r.text
    tensors, _ = S.read(client.get(f"/api/v1/models/{r.json()['id']}/weights.safetensors").content)
    for name, value in full.items():
        assert np.array_equal(tensors[name], np.array(value)), name


@pytest.mark.parametrize(
    "query,loc",
    [
        ("text=hello&hidden=999", ["body", "query", "hidden"]),
        ("text=hello&colour=red", ["body", "query", "colour"]),
        ("text=hello&text=world", ["body", "query"]),
        ("text=aaaa", ["body", "query"]),  # one token: no model to speak of
    ],
)
def test_saving_a_bad_trace_names_the_parameter(client, tmp_path, query, loc):
    r = client.post("/api/v1/models/from-trace", json={"query": query})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == loc, r.text
    assert stored_files(tmp_path) == []


def test_saving_a_trace_follows_the_write_rule(tmp_path):
    with store_client(tmp_path, local=False) as client:
        r = client.post("/api/v1/models/from-trace", json={"query": "text=hello"})
        assert r.status_code == 403
