"""W_hh's start (init pytorch, orthogonal, identity; w_hh_sigma; spectral_radius) has the
stated spectrum, checked with NumPy's own SVD and eigenvalues; and core.recurrent.spectrum
reports them."""

import itertools

import numpy as np
import pytest

from rnnscope.core import recurrent
from rnnscope.core.params import init

CELLS = [("rnn", 1), ("lstm", 4), ("gru", 3)]
H = 6


def gate_blocks(params, k, hidden=H):
    w = params[f"weight_hh_l{k}"]
    return [w[j * hidden : (j + 1) * hidden] for j in range(w.shape[0] // hidden)]


def singular(block):
    return np.linalg.svd(block, compute_uv=False)


def radius(block):
    return np.abs(np.linalg.eigvals(block)).max()


@pytest.mark.parametrize("cell,g", CELLS)
def test_identity_is_the_irnn(cell, g):
    p = init(cell, 5, H, layers=2, seed=1, init="identity", init_scale=3.0)
    for k in range(2):
        assert len(gate_blocks(p, k)) == g
        for block in gate_blocks(p, k):
            np.testing.assert_array_equal(block, np.eye(H))
            np.testing.assert_allclose(singular(block), 1.0, rtol=1e-14)
            np.testing.assert_allclose(np.abs(np.linalg.eigvals(block)), 1.0, rtol=1e-14)
        assert not p[f"bias_ih_l{k}"].any() and not p[f"bias_hh_l{k}"].any()
    q = init(cell, 5, H, layers=2, seed=1, init_scale=3.0)
    np.testing.assert_array_equal(p["weight_ih_l0"], q["weight_ih_l0"])  # the rest as drawn


@pytest.mark.parametrize("cell,g", CELLS)
def test_orthogonal_blocks_have_unit_singular_values(cell, g):
    p = init(cell, 5, H, layers=2, seed=2, init="orthogonal")
    blocks = [b for k in range(2) for b in gate_blocks(p, k)]
    assert len(blocks) == 2 * g
    for block in blocks:
        np.testing.assert_allclose(block.T @ block, np.eye(H), atol=1e-14)
        np.testing.assert_allclose(singular(block), 1.0, rtol=1e-13)
        np.testing.assert_allclose(np.abs(np.linalg.eigvals(block)), 1.0, rtol=1e-12)
    assert all(not np.allclose(a, b) for a, b in itertools.pairwise(blocks))  # each drawn anew
    again = init(cell, 5, H, layers=2, seed=2, init="orthogonal")
    np.testing.assert_array_equal(again["weight_hh_l1"], p["weight_hh_l1"])
    other = init(cell, 5, H, layers=2, seed=3, init="orthogonal")
    assert not np.allclose(other["weight_hh_l0"], p["weight_hh_l0"])


def test_orthogonal_draws_are_not_biased_towards_a_sign():
    """QR's Q alone has a biased sign pattern; fixed by diag(R) (torch.nn.init.orthogonal_)
    the draws are Haar: the mean of many diagonals is near 0."""
    diag = [recurrent.orthogonal(np.random.default_rng(s), 4).diagonal() for s in range(400)]
    assert np.abs(np.mean(diag)) < 0.06


@pytest.mark.parametrize("init_name", ["pytorch", "orthogonal", "identity"])
@pytest.mark.parametrize("cell,g", CELLS)
def test_w_hh_sigma_sets_every_largest_singular_value(init_name, cell, g):
    p = init(cell, 5, H, seed=4, init=init_name, w_hh_sigma=0.7)
    for block in gate_blocks(p, 0):
        s = singular(block)
        np.testing.assert_allclose(s[0], 0.7, rtol=1e-12)
        if init_name != "pytorch":  # every singular value is the same
            np.testing.assert_allclose(s, 0.7, rtol=1e-12)


@pytest.mark.parametrize("init_name", ["pytorch", "orthogonal", "identity"])
@pytest.mark.parametrize("cell,g", CELLS)
@pytest.mark.parametrize("rho", [0.5, 0.95, 1.5])
def test_spectral_radius_sets_every_largest_eigenvalue_magnitude(init_name, cell, g, rho):
    p = init(cell, 5, H, layers=2, seed=5, init=init_name, spectral_radius=rho, w_hh_sigma=3.0)
    for k in range(2):
        for block in gate_blocks(p, k):
            np.testing.assert_allclose(radius(block), rho, rtol=1e-12)


@pytest.mark.parametrize("scale", [1e-310, 1e-200, 100.0])
def test_spectral_radius_is_reached_from_any_init_scale(scale):
    p = init("rnn", 5, H, seed=6, init_scale=scale, spectral_radius=0.9)
    np.testing.assert_allclose(radius(p["weight_hh_l0"]), 0.9, rtol=1e-12)


def test_a_zero_block_stays_zero():
    w = np.zeros((2 * H, H))
    w[:H] = np.eye(H)
    recurrent.rescale(w, H, 0.5, "radius")
    np.testing.assert_allclose(w[:H], 0.5 * np.eye(H))
    assert not w[H:].any()


@pytest.mark.parametrize("cell,g", CELLS)
def test_spectrum_is_numpys_largest_first(cell, g):
    p = init(cell, 5, H, seed=7, init_scale=1e-200)  # tiny: scaled before the SVD
    w = p["weight_hh_l0"]
    sp = recurrent.spectrum(w, H)
    assert len(sp["singular"]) == len(sp["eig_abs"]) == g
    for block, s, e in zip(gate_blocks(p, 0), sp["singular"], sp["eig_abs"], strict=True):
        np.testing.assert_allclose(s, singular(block / 1e-200) * 1e-200, rtol=1e-12)
        expected = np.sort(np.abs(np.linalg.eigvals(block / 1e-200)))[::-1] * 1e-200
        np.testing.assert_allclose(e, expected, rtol=1e-10)
        assert (np.diff(s) <= 0).all() and (np.diff(e) <= 0).all()
    w[0, 0] = np.inf
    assert recurrent.spectrum(w, H) is None


def test_unknown_init_is_refused():
    with pytest.raises(ValueError, match="init"):
        init("rnn", 5, H, init="xavier")
