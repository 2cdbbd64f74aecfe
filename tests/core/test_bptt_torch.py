"""BPTT's options against PyTorch 2.13 float64 (tests/core/vectors/bptt_torch.json, written by
scripts/make_bptt_vectors.py): truncate_mode=chunk is h.detach() every k steps, and each
step's share of dL/dW_ih and dL/dW_hh is PyTorch's (every step with its own copy of the
weights) and sums to the parameter gradient."""

import json
from pathlib import Path

import numpy as np
import pytest

from rnnscope.core import params as P
from rnnscope.core.bptt import backward, loss_seeds, param_grads
from rnnscope.core.inner import gate_grads, step_contributions
from rnnscope.core.model import Spec, forward
from rnnscope.core.norms import norm
from rnnscope.core.tokens import encode

VECTORS = json.loads((Path(__file__).parent / "vectors" / "bptt_torch.json").read_text())
CASES = VECTORS["cases"]
TOL = {"rtol": 1e-9, "atol": 1e-12}


def model(case):
    enc = encode(VECTORS["text"])
    assert enc.vocab == VECTORS["vocab"]
    V, H = len(enc.vocab), VECTORS["hidden"]
    spec = Spec(case["cell"], V, H, case["layers"], 0, case["activation"], case["residual"])
    params = P.load(case["weights"], spec.cell, V, H, spec.layers, 0)
    fwd = forward(params, spec, enc.inputs, enc.targets)
    return spec, params, enc, fwd


def name(case):
    return f"{case['cell']}-{case['activation']}-L{case['layers']}-res{int(case['residual'])}"


@pytest.mark.parametrize("case", CASES, ids=name)
@pytest.mark.parametrize("k", [3, 4])
def test_chunk_is_h_detach_every_k_steps(case, k):
    spec, params, enc, fwd = model(case)
    ref = case["chunk"][str(k)]
    np.testing.assert_allclose(fwd.loss.sum(), ref["loss"], **TOL)
    seeds = loss_seeds(fwd, enc.targets)
    acc = backward(params, spec, fwd, seeds, k, "chunk")
    grads = param_grads(params, spec, fwd, acc, seeds, enc.inputs)
    for n, g in ref["grads"].items():
        np.testing.assert_allclose(grads[n], g, **TOL, err_msg=f"{name(case)} k={k} {n}")
    whole = param_grads(params, spec, fwd, backward(params, spec, fwd, seeds), seeds, enc.inputs)
    assert not np.allclose(whole["weight_hh_l0"], grads["weight_hh_l0"])  # the cut matters


@pytest.mark.parametrize("case", CASES, ids=name)
def test_each_steps_share_of_the_weight_gradient(case):
    spec, params, enc, fwd = model(case)
    ref = case["steps"]
    np.testing.assert_allclose(fwd.loss.sum(), ref["loss"], **TOL)
    seeds = loss_seeds(fwd, enc.targets)
    acc = backward(params, spec, fwd, seeds)
    grads = param_grads(params, spec, fwd, acc, seeds, enc.inputs)
    for n, g in ref["grads"].items():  # the ordinary model's gradient
        np.testing.assert_allclose(grads[n], g, **TOL, err_msg=f"{name(case)} {n}")
    for k in range(spec.layers):
        x = fwd.layer_input(k)
        h_prev = np.array([r.h_prev for r in fwd.records[k]])
        lg = acc.layers[k]
        ours = {
            "weight_ih": [np.outer(lg.d_ih[t], x[t]) for t in range(len(x))],
            "weight_hh": [np.outer(lg.d_hh[t], h_prev[t]) for t in range(len(x))],
        }
        norms = step_contributions(lg, fwd, k)
        for key, field in (("weight_ih", "dW_ih_t"), ("weight_hh", "dW_hh_t")):
            theirs = np.array(ref["shares"][k][key])
            what = f"{name(case)} layer {k} {key}"
            np.testing.assert_allclose(ours[key], theirs, **TOL, err_msg=what)
            np.testing.assert_allclose(theirs.sum(axis=0), ref["grads"][f"{key}_l{k}"], **TOL)
            np.testing.assert_allclose(norms[field], [norm(m) for m in theirs], **TOL)


@pytest.mark.parametrize("case", CASES, ids=name)
def test_gate_gradients_are_pytorchs(case):
    """grad.gates of the first layer against PyTorch: with a one-hot x_t, step t's share of
    dL/dW_ih is d_t x_t^T, whose column at x_t's token is dL/d(pre-activations), the gates in
    PyTorch's order (i, f, g, o; r, z, n; the RNN's a)."""
    spec, params, enc, fwd = model(case)
    acc = backward(params, spec, fwd, loss_seeds(fwd, enc.targets))
    gates = gate_grads(acc.layers[0], spec)
    shares = np.array(case["steps"]["shares"][0]["weight_ih"])  # (T, G*H, V)
    T, H = len(enc.inputs), spec.hidden
    theirs = shares[np.arange(T), :, enc.inputs]  # (T, G*H): the lit column of each step
    assert len(gates) * H == theirs.shape[1]
    for g, (gate, ours) in enumerate(gates.items()):
        np.testing.assert_allclose(ours, theirs[:, g * H : (g + 1) * H], **TOL, err_msg=gate)
