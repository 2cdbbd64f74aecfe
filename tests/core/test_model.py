"""core.model's fast path: one_hot_projection gathers W_ih's columns for one-hot inputs and
gives every step's numbers to the last bit of the cells' own product; and residual outputs."""

import numpy as np
import pytest

from rnnscope.core.model import (
    Spec,
    forward,
    input_vectors,
    one_hot_projection,
    run_layer,
    zero_state,
)
from rnnscope.core.params import init, layer

CELLS = [("rnn", "tanh"), ("rnn", "relu"), ("lstm", "tanh"), ("gru", "tanh")]


def setup(cell, act, batch, layers=1, residual=False):
    spec = Spec(cell, vocab=5, hidden=4, layers=layers, activation=act, residual=residual)
    params = init(cell, 5, 4, layers, seed=3, init_scale=2.0)
    rng = np.random.default_rng(1)
    ids = rng.integers(0, 5, size=(8, *batch))
    return spec, params, ids, rng.integers(0, 5, size=ids.shape)


@pytest.mark.parametrize("cell,act", CELLS)
@pytest.mark.parametrize("batch", [(), (3,)])
def test_gathered_inputs_are_the_product(cell, act, batch):
    spec, params, ids, targets = setup(cell, act, batch)
    gathered = forward(params, spec, ids, targets).records[0]
    xs = input_vectors(params, spec, ids)
    stepped = run_layer(layer(params, 0), spec, xs, zero_state(spec, batch))  # x @ W_ih.T
    for a, b in zip(gathered, stepped, strict=True):
        np.testing.assert_array_equal(a.h, b.h)
        for name in a.pre:
            np.testing.assert_array_equal(a.pre[name], b.pre[name])
    p = layer(params, 0)
    np.testing.assert_array_equal(one_hot_projection(p, ids), xs @ p["weight_ih"].T + p["bias_ih"])


def test_a_weight_that_is_not_finite_is_not_gathered():
    spec, params, ids, targets = setup("gru", "tanh", (2,))
    params["weight_ih_l0"][0, 0] = np.inf  # the product spreads 0 * inf = NaN over a whole row
    assert one_hot_projection(layer(params, 0), ids) is None
    with np.errstate(all="ignore"):
        xs = input_vectors(params, spec, ids)
        stepped = run_layer(layer(params, 0), spec, xs, zero_state(spec, (2,)))
        gathered = forward(params, spec, ids, targets).records[0]
    assert np.isnan(stepped[-1].h).all()  # a gather would have given numbers here
    np.testing.assert_array_equal(gathered[-1].h, stepped[-1].h)  # NaN where NaN


@pytest.mark.parametrize("residual", [False, True])
def test_a_layers_output_is_its_h_plus_its_input_from_the_second_layer_up(residual):
    spec, params, ids, targets = setup("lstm", "tanh", (), layers=3, residual=residual)
    fwd = forward(params, spec, ids, targets)
    for k in range(3):
        h = np.array([r.h for r in fwd.records[k]])
        expected = h + fwd.outputs[k - 1] if residual and k > 0 else h
        np.testing.assert_array_equal(fwd.outputs[k], expected)
        np.testing.assert_array_equal(fwd.layer_input(k), fwd.x if k == 0 else fwd.outputs[k - 1])
        np.testing.assert_array_equal(np.array([r.x for r in fwd.records[k]]), fwd.layer_input(k))
