"""Initialisation, PyTorch names and shapes, weights in and out, parameter counts."""

import warnings

import numpy as np
import pytest

from rnnscope.core import param_counts, trace
from rnnscope.core.params import gate_rows, init


def test_seed_is_reproducible_bit_for_bit():
    a = trace("hello", cell="lstm", seed=3).to_dict()
    b = trace("hello", cell="lstm", seed=3).to_dict()
    c = trace("hello", cell="lstm", seed=4).to_dict()
    assert a == b
    assert a["weights"] != c["weights"]


def test_pytorch_default_range_and_shapes():
    p = init("lstm", vocab=4, hidden=16, layers=2, seed=0)
    assert p["weight_ih_l0"].shape == (64, 4) and p["weight_hh_l1"].shape == (64, 16)
    assert p["weight_ih_l1"].shape == (64, 16) and p["readout.weight"].shape == (4, 16)
    for name, w in p.items():
        assert np.abs(w).max() <= 0.25, name  # 1/sqrt(16)
        assert np.abs(w).max() > 0.2, name  # and it fills the range


def test_init_scale_and_sigma():
    p = init("rnn", 4, 8, seed=1, init_scale=3.0)
    q = init("rnn", 4, 8, seed=1)
    np.testing.assert_allclose(p["weight_hh_l0"], 3 * q["weight_hh_l0"])
    s = init("gru", 4, 8, seed=1, w_hh_sigma=1.7)
    for j in range(3):
        block = s["weight_hh_l0"][j * 8 : (j + 1) * 8]
        np.testing.assert_allclose(np.linalg.norm(block, 2), 1.7, rtol=1e-12)


@pytest.mark.parametrize("scale", [1e-310, 1e-320, 1e-200, 100.0])
def test_sigma_is_reached_from_any_init_scale(scale):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow on the way (sigma / a subnormal norm)
        s = init("lstm", 4, 6, seed=2, init_scale=scale, w_hh_sigma=1.0)
    for j in range(4):
        block = s["weight_hh_l0"][j * 6 : (j + 1) * 6]
        np.testing.assert_allclose(np.linalg.norm(block, 2), 1.0, rtol=1e-12)


def test_gate_biases():
    p = init("lstm", 4, 5, forget_bias=2.0)
    rows = gate_rows("lstm", "f", 5)
    assert (p["bias_ih_l0"][rows] == 2.0).all() and (p["bias_hh_l0"][rows] == 0).all()
    d = trace("hello", cell="lstm", hidden=5, forget_bias=20.0).to_dict()
    assert min(d["layers"][0]["grad"]["factor"]["mean"]) > 0.99  # forget gate wide open
    g = init("gru", 4, 5, update_bias=-3.0)
    assert (g["bias_ih_l0"][gate_rows("gru", "z", 5)] == -3.0).all()


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_weights_round_trip(cell):
    a = trace("hello world", cell=cell, hidden=5, layers=2, embedding=3, seed=9).to_dict()
    b = trace(
        "hello world", cell=cell, hidden=5, layers=2, embedding=3, seed=123, weights=a["weights"]
    ).to_dict()
    assert b["layers"] == a["layers"] and b["probs"] == a["probs"]


def test_weights_wrong_shape_is_refused():
    w = trace("hello", cell="rnn", hidden=3).to_dict()["weights"]
    w["weight_hh_l0"] = [[0.0]]
    with pytest.raises(ValueError, match="weight_hh_l0"):
        trace("hello", cell="rnn", hidden=3, weights=w)


def test_keras_simple_rnn_example():
    """The course's example: one-hot 500 into SimpleRNN(8) is 4,072; an embedding of 16, 200."""
    assert param_counts("rnn", 500, 8, 1, 500, 0)["keras_recurrent"] == 4072
    assert param_counts("rnn", 16, 8, 1, 500, 16)["keras_recurrent"] == 200


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_pytorch_count_is_the_number_of_values(cell):
    d = trace("hello there", cell=cell, hidden=6, layers=2, embedding=3).to_dict()
    n = sum(np.array(w).size for w in d["weights"].values())
    assert d["param_count"]["pytorch"] == n
    gh = {"rnn": 6, "lstm": 24, "gru": 18}[cell]
    keras_fewer = 0 if cell == "gru" else 2 * gh  # one bias vector per layer, not two
    assert d["param_count"]["keras"] == n - keras_fewer
