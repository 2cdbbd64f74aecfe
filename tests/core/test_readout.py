"""The echo state network's readout: trained alone its gradient is the finite differences'
and nothing else moves; fitted by ridge regression it is the normal equations' solution."""

import numpy as np
import pytest

from rnnscope.core.bptt import loss_seeds
from rnnscope.core.model import Spec, forward
from rnnscope.core.params import init
from rnnscope.core.readout import READOUT, readout_grads, ridge_fit
from rnnscope.core.train import train

from . import fd

CELLS = [("rnn", "tanh"), ("lstm", "tanh"), ("gru", "tanh")]


def setup(cell, act="tanh", layers=1, residual=False, steps=9):
    spec = Spec(cell, vocab=5, hidden=6, layers=layers, activation=act, residual=residual)
    params = init(cell, 5, 6, layers, seed=2, spectral_radius=0.9)
    rng = np.random.default_rng(3)
    return spec, params, rng.integers(0, 5, steps), rng.integers(0, 5, steps)


@pytest.mark.parametrize("cell,act", CELLS)
@pytest.mark.parametrize("layers,residual", [(1, False), (2, True)])
def test_readout_gradient_is_finite_differences(cell, act, layers, residual):
    spec, params, ids, targets = setup(cell, act, layers, residual)
    fwd = forward(params, spec, ids, targets)
    grads = readout_grads(fwd, loss_seeds(fwd, targets))
    for name in READOUT:
        numeric = fd.central(lambda: fd.loss(params, spec, ids, targets, fwd), params[name])
        np.testing.assert_allclose(grads[name], numeric, rtol=1e-6, atol=1e-9, err_msg=name)


@pytest.mark.parametrize("cell,act", CELLS)
def test_training_the_readout_moves_nothing_else(cell, act):
    spec, params, ids, targets = setup(cell, act)
    trained, log = train(params, spec, ids, targets, 30, "adam", 0.05, trainable="readout")
    for name, p in params.items():
        if name in READOUT:
            assert not np.allclose(trained[name], p), name
        else:
            np.testing.assert_array_equal(trained[name], p, err_msg=name)
    assert log["loss"][-1] < log["loss"][0]
    assert log["backward_steps"] == 0  # no BPTT: the readout's gradient needs none
    _, full = train(params, spec, ids, targets, 3, "adam", 0.05)
    assert full["backward_steps"] == 3 * len(ids)


def normal_equations(states, targets, vocab, ridge):
    """The ridge readout by another road: least squares on [S; sqrt(ridge) D] against [Y; 0]."""
    S = np.hstack([states, np.ones((len(states), 1))])
    D = np.sqrt(ridge) * np.eye(S.shape[1])[:-1]  # every row but the bias's
    A = np.vstack([S, D])
    B = np.vstack([np.eye(vocab)[targets], np.zeros((len(D), vocab))])
    W = np.linalg.lstsq(A, B, rcond=None)[0].T
    return W[:, :-1], W[:, -1]


@pytest.mark.parametrize("ridge", [1e-6, 1e-2, 10.0])
@pytest.mark.parametrize("cell,act", CELLS)
def test_ridge_is_the_normal_equations_solution(cell, act, ridge):
    spec, params, ids, targets = setup(cell, act, steps=12)
    states = forward(params, spec, ids, targets).outputs[-1]
    w, b = ridge_fit(states, targets, 5, ridge)
    w2, b2 = normal_equations(states, targets, 5, ridge)
    np.testing.assert_allclose(w, w2, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(b, b2, rtol=1e-7, atol=1e-9)
    # the objective's gradient vanishes there: S^T (S W^T - Y) + ridge [W, 0]^T = 0
    S = np.hstack([states, np.ones((len(states), 1))])
    residual = S @ np.hstack([w, b[:, None]]).T - np.eye(5)[targets]
    grad = S.T @ residual + ridge * np.vstack([w.T, np.zeros((1, 5))])
    np.testing.assert_allclose(grad, 0.0, atol=1e-9)


@pytest.mark.parametrize("cell,act", CELLS)
def test_ridge_training_fits_the_readout_once(cell, act):
    spec, params, ids, targets = setup(cell, act, layers=2, residual=True)
    trained, log = train(params, spec, ids, targets, 50, "ridge", ridge=1e-3)
    states = forward(params, spec, ids, targets).outputs[-1]
    w, b = ridge_fit(states, targets, 5, 1e-3)
    np.testing.assert_array_equal(trained["readout.weight"], w)
    np.testing.assert_array_equal(trained["readout.bias"], b)
    for name in params:
        if name not in READOUT:
            np.testing.assert_array_equal(trained[name], params[name])
    assert log["optimizer"] == "ridge" and log["steps"] == 1 and log["ridge"] == 1e-3
    assert len(log["loss"]) == 2 and [s["step"] for s in log["snapshots"]] == [0, 1]
    assert log["loss"][1] == forward(trained, spec, ids, targets).loss.sum()
    untrained, log0 = train(params, spec, ids, targets, 0, "ridge")
    assert untrained is params and log0["steps"] == 0 and len(log0["loss"]) == 1


def test_states_that_are_not_finite_give_nan_not_an_error():
    states = np.full((4, 3), np.nan)
    w, b = ridge_fit(states, np.array([0, 1, 0, 1]), 2, 1e-3)
    assert np.isnan(w).all() and np.isnan(b).all()
