"""core.activations: derivatives against central differences, and the maxima the lecture uses."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from rnnscope.core.activations import GRID, curves
from rnnscope.core.cells.rnn import ACT

EPS = 1e-6


def test_grid():
    d = curves()
    assert d["x"].shape == (241,) and d["x"][0] == -6.0 and d["x"][-1] == 6.0
    assert_allclose(np.diff(d["x"]), 0.05)
    assert 0.0 in d["x"]
    assert set(d["functions"]) == {"tanh", "sigmoid", "relu"}
    assert GRID == (-6.0, 6.0, 241)


def test_values_are_the_functions():
    d = curves()
    x = d["x"]
    assert_allclose(d["functions"]["tanh"]["value"], np.tanh(x), err_msg="tanh")
    assert_allclose(d["functions"]["sigmoid"]["value"], 1 / (1 + np.exp(-x)), err_msg="sigmoid")
    assert_allclose(d["functions"]["relu"]["value"], np.maximum(x, 0), err_msg="relu")


def test_derivatives_match_central_differences():
    d = curves()
    x = d["x"]
    smooth = np.abs(x) > 10 * EPS  # relu has a kink at 0
    for name, curve in d["functions"].items():
        f = ACT[name]
        numeric = (f(x + EPS) - f(x - EPS)) / (2 * EPS)
        assert_allclose(
            curve["derivative"][smooth], numeric[smooth], rtol=1e-6, atol=1e-8, err_msg=name
        )
    assert d["functions"]["relu"]["derivative"][x == 0.0] == 0.0  # PyTorch's choice at the kink


def test_maxima_at_zero():
    d = curves()
    zero = int(np.flatnonzero(d["x"] == 0.0)[0])
    for name, peak in (("sigmoid", 0.25), ("tanh", 1.0)):
        deriv = d["functions"][name]["derivative"]
        assert deriv[zero] == peak, name
        assert int(np.argmax(deriv)) == zero and deriv.max() == peak, name
        assert d["functions"][name]["max_derivative"] == peak, name
    assert d["functions"]["relu"]["max_derivative"] == d["functions"]["relu"]["derivative"].max()


def test_fine_grid_never_exceeds_the_maxima():
    d = curves(-50.0, 50.0, 100_001)
    for name, curve in d["functions"].items():
        assert curve["derivative"].max() <= curve["max_derivative"], name
