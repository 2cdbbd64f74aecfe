"""Files written by PyTorch, safetensors and np.savez import to models whose traces equal
PyTorch's own float64 outputs (scripts/make_model_fixtures.py wrote both) to 1e-9."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rnnscope.core.checkpoints import CheckpointError, import_file
from rnnscope.core.options import OptionError
from rnnscope.core.stored import sample_model, trace_model

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "models"
TOL = dict(rtol=1e-9, atol=1e-12)
FILES = [
    "lstm_state_dict.pt",
    "gru_whole_model.pt",
    "rnn_relu_checkpoint.pth",
    "lstm_cells.pt",
    "lstm.safetensors",
    "lstm.npz",
]


def load(name: str):
    ref = json.loads((FIXTURES / f"{name}.json").read_text())
    vocab = ref["vocab"] if ref.get("send_vocab") else None
    return import_file((FIXTURES / name).read_bytes(), vocab=vocab), ref


@pytest.mark.parametrize("name", FILES)
def test_trace_equals_pytorch(name):
    model, ref = load(name)
    assert model.format == ref["format"]
    assert model.vocab == ref["vocab"]
    d = trace_model(model, ref["text"]).to_dict()
    assert d["vocab"] == ref["vocab"] and len(d["layers"]) == len(ref["h"])
    for k, layer in enumerate(d["layers"]):
        np.testing.assert_allclose(layer["h"], ref["h"][k], **TOL, err_msg=f"{name} h layer {k}")
        if ref["c"]:
            np.testing.assert_allclose(layer["c"], ref["c"][k], **TOL, err_msg=f"{name} c {k}")
    np.testing.assert_allclose(d["logits"], ref["logits"], **TOL, err_msg=f"{name} logits")
    np.testing.assert_allclose(d["loss"], ref["loss"], **TOL, err_msg=f"{name} loss")
    grads = d["param_grad_norms"]["global_before"]
    np.testing.assert_allclose(grads, ref["grad_norm"], **TOL, err_msg=f"{name} gradient norm")


def test_what_each_file_became():
    """The cell, sizes and names each file maps to (the files' own classes, never imported)."""
    seen = {name: load(name)[0] for name in FILES}
    assert {
        n: (m.spec.cell, m.spec.layers, m.spec.hidden, m.spec.embedding, m.spec.activation)
        for n, m in seen.items()
    } == {
        "lstm_state_dict.pt": ("lstm", 2, 6, 4, "tanh"),
        "gru_whole_model.pt": ("gru", 1, 5, 0, "tanh"),
        "rnn_relu_checkpoint.pth": ("rnn", 1, 7, 3, "relu"),
        "lstm_cells.pt": ("lstm", 2, 4, 0, "tanh"),
        "lstm.safetensors": ("lstm", 2, 6, 4, "tanh"),
        "lstm.npz": ("lstm", 2, 6, 4, "tanh"),
    }
    assert seen["lstm_state_dict.pt"].mapped["embedding.weight"] == "embed.weight"
    assert seen["gru_whole_model.pt"].mapped["readout.weight"] == "decoder.weight"
    assert seen["rnn_relu_checkpoint.pth"].mapped["embedding.weight"] == "encoder.weight"
    assert seen["rnn_relu_checkpoint.pth"].mapped["readout.bias"] == "h2o.bias"
    assert seen["lstm_cells.pt"].mapped["weight_hh_l1"] == "cells.1.weight_hh"


@pytest.mark.parametrize(
    "name,field,words",
    [
        ("lstm_proj.pt", "weight_hr_l0", "proj_size"),
        ("gru_bidi.pt", "weight_ih_l0_reverse", "bidirectional"),
    ],
)
def test_unrepresentable_real_files_name_the_tensor(name, field, words):
    with pytest.raises(CheckpointError) as info:
        import_file((FIXTURES / "unrepresentable" / name).read_bytes(), vocab="abcdefghijklmn")
    assert info.value.field == field and words in str(info.value)


@pytest.mark.parametrize("name", ["rnn_relu_checkpoint.pth", "lstm_cells.pt"])
def test_export_imports_again_as_the_same_model(name):
    """The exported safetensors carries everything: weights, vocabulary, tokens, activation."""
    model, _ = load(name)
    again = import_file(model.to_safetensors())
    assert (again.spec, again.vocab, again.tokens) == (model.spec, model.vocab, model.tokens)
    assert again.params.keys() == model.params.keys()
    for key, arr in model.params.items():
        assert np.array_equal(again.params[key], arr), key
    assert again.mapped == {key: key for key in model.params}


def test_stored_model_in_its_vocabulary():
    """Unknown tokens are named; fine-tuning starts from the stored weights."""
    model, ref = load("lstm.safetensors")
    with pytest.raises(OptionError) as info:
        trace_model(model, "the dog")
    assert info.value.field == "text" and "'d', 'g'" in str(info.value)
    tuned = trace_model(model, ref["text"], train_steps=3, lr=0.01)
    assert tuned.train_log["loss"][0] == pytest.approx(sum(ref["loss"]), rel=1e-9)
    assert tuned.train_log["loss"][-1] < tuned.train_log["loss"][0]
    assert all(
        np.array_equal(a, model.params[k]) for k, a in load("lstm.safetensors")[0].params.items()
    )


def test_sample_from_a_stored_model():
    model, ref = load("gru_whole_model.pt")
    out = sample_model(model, ref["text"], start="t", length=12, temperature=0.7, sample_seed=3)
    assert out["tokens"][0] == "t" and len(out["tokens"]) == 13
    assert set(out["tokens"]) <= set(model.vocab) and out["probs"].shape == (12, len(model.vocab))
    again = sample_model(model, ref["text"], start="t", length=12, temperature=0.7, sample_seed=3)
    assert again["tokens"] == out["tokens"]
    with pytest.raises(OptionError):
        sample_model(model, ref["text"], start="Q", length=3)
