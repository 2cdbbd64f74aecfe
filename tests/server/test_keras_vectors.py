"""Keras 3 files (.weights.h5 and .keras) read through server.hdf5 (pyfive) import to models
whose traces equal Keras's own float32 outputs to 1e-5 (scripts/make_model_fixtures.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rnnscope.core.checkpoints import CheckpointError, import_file
from rnnscope.core.stored import trace_model
from rnnscope.server.hdf5 import read_h5

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "models"
TOL = dict(rtol=1e-5, atol=1e-5)
FILES = {
    "keras_lstm.weights.h5": ("lstm", 2, 6, 4, "tanh"),
    "keras_gru.keras": ("gru", 1, 5, 0, "tanh"),
    "keras_simple_rnn.keras": ("rnn", 2, 7, 3, "relu"),
}


@pytest.mark.parametrize("name", FILES)
def test_trace_equals_keras(name):
    ref = json.loads((FIXTURES / f"{name}.json").read_text())
    model = import_file((FIXTURES / name).read_bytes(), vocab=ref["vocab"], read_h5=read_h5)
    s = model.spec
    assert (s.cell, s.layers, s.hidden, s.embedding, s.activation) == FILES[name]
    d = trace_model(model, ref["text"]).to_dict()
    assert len(d["layers"]) == len(ref["h"])
    for k, layer in enumerate(d["layers"]):
        np.testing.assert_allclose(layer["h"], ref["h"][k], **TOL, err_msg=f"{name} h layer {k}")
    np.testing.assert_allclose(d["logits"], ref["logits"], **TOL, err_msg=f"{name} logits")


def test_mapped_names_the_keras_datasets():
    model = import_file(
        (FIXTURES / "keras_gru.keras").read_bytes(),
        vocab=json.loads((FIXTURES / "keras_gru.keras.json").read_text())["vocab"],
        read_h5=read_h5,
    )
    assert model.mapped == {
        "weight_ih_l0": "layers/gru/cell/vars/0",
        "weight_hh_l0": "layers/gru/cell/vars/1",
        "bias_ih_l0": "layers/gru/cell/vars/2",
        "bias_hh_l0": "layers/gru/cell/vars/2",
        "readout.weight": "layers/dense/vars/0",
        "readout.bias": "layers/dense/vars/1",
    }


def test_gru_with_reset_after_false_is_refused_naming_the_bias():
    data = (FIXTURES / "unrepresentable" / "keras_gru_reset_before.weights.h5").read_bytes()
    with pytest.raises(CheckpointError) as info:
        import_file(data, vocab="abcdefghijklmn", read_h5=read_h5)
    assert info.value.field == "layers/gru/cell/vars/2"
    assert "reset_after=True" in str(info.value)
