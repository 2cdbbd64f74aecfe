"""model=<id> on /api/v1/trace and /api/v1/sample, models=<id>,<id> on /api/v1/compare: the
stored weights in place of a model trained on the text, equal to the library's own outputs."""

from __future__ import annotations

import json

import numpy as np
import pytest

from .stored import FIXTURES, fixture, store_client, upload


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    with store_client(tmp_path_factory.mktemp("store")) as client:
        ids = {
            name: upload(client, name).json()["id"]
            for name in ("lstm_state_dict.pt", "keras_gru.keras", "gru_whole_model.pt")
        }
        yield client, ids


def ref(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def test_trace_of_a_stored_model_equals_pytorch(stored):
    client, ids = stored
    r = ref("lstm_state_dict.pt")
    d = client.get("/api/v1/trace", params={"text": r["text"], "model": ids["lstm_state_dict.pt"]})
    assert d.status_code == 200, d.text
    d = d.json()
    assert d["vocab"] == r["vocab"] and d["request"]["model"] == ids["lstm_state_dict.pt"]
    assert (d["request"]["cell"], d["request"]["hidden"], d["request"]["layers"]) == ("lstm", 6, 2)
    for k, layer in enumerate(d["layers"]):
        np.testing.assert_allclose(layer["h"], r["h"][k], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(d["logits"], r["logits"], rtol=1e-9, atol=1e-12)


def test_the_options_that_make_a_model_are_the_models(stored):
    client, ids = stored
    text, model = ref("gru_whole_model.pt")["text"], ids["gru_whole_model.pt"]
    plain = client.get("/api/v1/trace", params={"text": text, "model": model}).json()
    other = client.get(
        "/api/v1/trace",
        params={"text": text, "model": model, "hidden": 99, "cell": "rnn", "seed": 7},
    ).json()
    assert other == plain and plain["request"]["cell"] == "gru"


def test_fine_tuning_starts_from_the_stored_weights_and_leaves_them(stored):
    client, ids = stored
    text, model = ref("keras_gru.keras")["text"], ids["keras_gru.keras"]
    before = client.get("/api/v1/trace", params={"text": text, "model": model}).json()
    tuned = client.get(
        "/api/v1/trace", params={"text": text, "model": model, "train_steps": 30, "lr": 0.01}
    ).json()
    losses = tuned["train"]["loss"]
    assert losses[0] == pytest.approx(before["total_loss"], rel=1e-12) and losses[-1] < losses[0]
    again = client.get("/api/v1/trace", params={"text": text, "model": model, "seed": 3}).json()
    assert again["weights"] == before["weights"]


def test_refusals_name_the_parameter(stored):
    client, ids = stored
    model = ids["lstm_state_dict.pt"]
    r = client.get("/api/v1/trace", params={"text": "the dog", "model": model})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "text"]
    assert "'d', 'g'" in r.json()["detail"][0]["msg"]
    r = client.get("/api/v1/trace", params={"text": "the cat", "model": "0123456789abcdef"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "model"]
    r = client.get("/api/v1/trace", params={"text": "the cat", "model": "short"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "model"]


def test_compare_stored_models_side_by_side(stored):
    client, ids = stored
    chosen = [ids["lstm_state_dict.pt"], ids["gru_whole_model.pt"]]
    text = ref("lstm_state_dict.pt")["text"]
    r = client.get("/api/v1/compare", params={"text": text, "models": ",".join(chosen)})
    assert r.status_code == 200, r.text
    body = r.json()
    assert list(body["traces"]) == chosen and body["request"]["models"] == chosen
    alone = client.get("/api/v1/trace", params={"text": text, "model": chosen[1]}).json()
    assert body["traces"][chosen[1]] == alone
    bad = client.get("/api/v1/compare", params={"text": text, "models": f"{chosen[0]},{chosen[0]}"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "models"]


def test_a_text_one_compared_model_cannot_read_is_refused_naming_that_model(stored):
    """Of several models compared, the refusal names the one whose vocabulary lacks a token:
    its name and id, in the message and in ctx (the page says it in its language)."""
    client, ids = stored
    data, vocab = fixture("lstm_state_dict.pt")
    other = [t if t != "z" else "q" for t in vocab]  # the same weights reading q, not z
    no_z = upload(client, "lstm_state_dict.pt", data, vocab=json.dumps(other), name="no zed")
    assert no_z.status_code == 201, no_z.text
    chosen = [ids["lstm_state_dict.pt"], no_z.json()["id"]]
    r = client.get("/api/v1/compare", params={"text": "the cat saz", "models": ",".join(chosen)})
    assert r.status_code == 422, r.text
    (item,) = r.json()["detail"]
    assert item["loc"] == ["query", "text"]
    said = f"text: the vocabulary of model no zed ({chosen[1]}) lacks 1 of its tokens: 'z'"
    assert item["msg"] == said
    ctx = {"rule": "model_vocab", "n": 1, "tokens": "'z'", "model": "no zed", "id": chosen[1]}
    assert item["ctx"] == ctx
    alone = client.get("/api/v1/trace", params={"text": "the cat saz", "model": chosen[1]})
    assert alone.json()["detail"] == r.json()["detail"]  # one model: named as well


def test_sample_a_stored_model(stored):
    client, ids = stored
    model = ids["gru_whole_model.pt"]
    text = ref("gru_whole_model.pt")["text"]
    r = client.get(
        "/api/v1/sample",
        params={"text": text, "model": model, "start": "x", "length": 20, "temperature": 0.5},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["tokens"][0] == "x" and len(body["tokens"]) == 21
    assert set(body["tokens"]) <= set(ref("gru_whole_model.pt")["vocab"])
    assert body["request"]["model"] == model
    made = [body["request"][k] for k in ("cell", "hidden", "layers", "embedding", "activation")]
    assert made == ["gru", 5, 1, 0, "tanh"]  # the model's, as a trace's request says them
    r = client.get("/api/v1/sample", params={"text": text, "model": model, "start": "Q"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "start"]


def test_a_cost_refusal_of_a_stored_model_says_the_most_training_that_fits(stored):
    from rnnscope.core import limits as L

    client, ids = stored
    text, model = " ".join([ref("lstm_state_dict.pt")["text"]] * 4), ids["lstm_state_dict.pt"]
    query = {"text": text, "model": model, "train_steps": L.MAX_TRAIN_STEPS}
    r = client.get("/api/v1/trace", params=query)
    assert r.status_code == 422, r.text[:200]
    (item,) = r.json()["detail"]
    assert item["loc"] == ["query", "cost"] and item["ctx"]["max_hidden"] is None  # the model's
    most = item["ctx"]["max_train_steps"]
    assert item["ctx"]["estimate"] > item["ctx"]["budget"] == L.COST_BUDGET
    assert 0 < most < L.MAX_TRAIN_STEPS
    over = client.get("/api/v1/trace", params={**query, "train_steps": most + 1})
    assert over.status_code == 422
    fits = client.get("/api/v1/trace", params={**query, "train_steps": most})
    assert fits.status_code == 200, fits.text[:200]
    assert fits.json()["request"]["train_steps"] == most


def test_fit_trains_a_stored_model_the_most_that_fits_and_its_cost_comes_along(stored):
    """model=<id> with fit=true over the budget: the model's own most training (the largest
    page choice within it), said by `fitted`; `cost` is /api/v1/cost's answer with the model."""
    from rnnscope.core import limits as L
    from rnnscope.core.options import PAGE_CHOICES

    client, ids = stored
    text, model = " ".join([ref("lstm_state_dict.pt")["text"]] * 4), ids["lstm_state_dict.pt"]
    cost = client.get("/api/v1/cost", params={"text": text, "model": model}).json()
    most = cost["model"]["max_train_steps"]
    query = {"text": text, "model": model, "train_steps": L.MAX_TRAIN_STEPS, "fit": "true"}
    r = client.get("/api/v1/trace", params=query)
    assert r.status_code == 200, r.text[:200]
    body = r.json()
    steps = max(n for n in PAGE_CHOICES["train_steps"] if n <= most)
    assert body["fitted"] is True and body["request"]["train_steps"] == steps
    assert body["request"]["model"] == model and body["cost"] == cost
    fits = client.get("/api/v1/trace", params={**query, "train_steps": steps})
    assert "fitted" not in fits.json() and fits.json()["cost"] == cost
