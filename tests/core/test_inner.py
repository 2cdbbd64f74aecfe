"""The trace's BPTT inner numbers: each step's share of dL/dW (norms that the shares' matrices
have, summing to the gradient: tests/core/test_bptt_torch.py checks them against PyTorch), the
gates' gradients, W_hh's spectrum, and the cell steps the backward passes walked."""

import numpy as np
import pytest

from rnnscope.core import limits as L
from rnnscope.core import trace
from rnnscope.core.cells import CELLS
from rnnscope.core.recurrent import spectrum

TEXT = "hello world"


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_gate_gradients_are_the_blocks_of_d_ih(cell):
    tr = trace(TEXT, cell=cell, hidden=4, layers=2, seed=1)
    d = tr.to_dict()
    names = CELLS[cell].GATES or ("a",)
    for k, layer in enumerate(d["layers"]):
        gates = layer["grad"]["gates"]
        assert list(gates) == list(names)
        joined = np.concatenate([np.array(gates[g]) for g in names], axis=1)
        np.testing.assert_array_equal(joined, tr.total.d_ih[k])
        assert np.array(gates[names[0]]).shape == (len(d["inputs"]), 4)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_step_shares_are_norms_of_outer_products(cell):
    tr = trace(TEXT, cell=cell, hidden=4, layers=2, seed=2, embedding=3)
    d = tr.to_dict()
    for k, layer in enumerate(d["layers"]):
        x = np.array(layer["input"])
        h_prev = np.array([r.h_prev for r in tr.fwd.records[k]])
        for t in range(len(x)):
            ih = np.linalg.norm(np.outer(tr.total.d_ih[k][t], x[t]))
            hh = np.linalg.norm(np.outer(tr.total.d_hh[k][t], h_prev[t]))
            np.testing.assert_allclose(layer["grad"]["dW_ih_t"][t], ih, rtol=1e-12)
            np.testing.assert_allclose(layer["grad"]["dW_hh_t"][t], hh, rtol=1e-12, atol=1e-300)
    assert d["layers"][0]["grad"]["dW_hh_t"][0] == 0.0  # h_0 = 0: the first step adds nothing


@pytest.mark.parametrize("cell,g", [("rnn", 1), ("lstm", 4), ("gru", 3)])
def test_w_hh_spectrum(cell, g):
    tr = trace(TEXT, cell=cell, hidden=5, layers=2, seed=3)
    for k, layer in enumerate(tr.to_dict()["layers"]):
        sp = layer["w_hh_spectrum"]
        assert len(sp["singular"]) == len(sp["eig_abs"]) == g
        ref = spectrum(tr.params[f"weight_hh_l{k}"], 5)
        np.testing.assert_array_equal(sp["singular"], ref["singular"])
    big = trace("hello", cell=cell, hidden=L.JACOBIAN_MAX_HIDDEN + 1).to_dict()
    assert big["layers"][0]["w_hh_spectrum"] is None


@pytest.mark.parametrize("layers", [1, 2])
def test_backward_steps(layers):
    T = len(TEXT) - 1
    d = trace(TEXT, cell="gru", hidden=3, layers=layers).to_dict()
    assert d["backward_steps"] == {"total": T * layers, "last": T * layers, "train": 0}
    d = trace(TEXT, cell="gru", hidden=3, layers=layers, truncate=3, train_steps=4).to_dict()
    window = sum(min(3, s + 1) for s in range(T))
    assert d["backward_steps"] == {
        "total": window * layers,
        "last": 3 * layers,
        "train": 4 * window * layers,
    }
    assert d["train"]["backward_steps"] == 4 * window * layers
