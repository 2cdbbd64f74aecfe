"""Every analytic gradient against central finite differences in float64 (1e-6 relative)."""

from functools import partial

import numpy as np
import pytest

from rnnscope.core import trace
from rnnscope.core.model import Spec

from . import fd

CELLS = [("rnn", "tanh"), ("rnn", "relu"), ("rnn", "sigmoid"), ("lstm", "tanh"), ("gru", "tanh")]
CASES = [
    (cell, act, layers, emb, trunc)
    for cell, act in CELLS
    for layers in (1, 2)
    for emb in (0, 3)
    for trunc in (None, 3)
]
TEXT = "hello world"  # T = 10: long enough for a window of 3 to cut


def close(analytic, numeric, what):
    analytic, numeric = np.asarray(analytic, float), np.asarray(numeric, float)
    scale = max(np.abs(numeric).max(), 1e-3)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-6 * scale, err_msg=what)


def traced(cell, act, layers, emb, trunc, **kw):
    # init_scale 2 makes gradients non-trivial; seed fixed for reproducibility.
    tr = trace(
        TEXT,
        cell=cell,
        hidden=3,
        seed=7,
        layers=layers,
        activation=act,
        embedding=emb,
        truncate=trunc,
        init_scale=2.0,
        **kw,
    )
    return tr


@pytest.mark.parametrize("cell,act,layers,emb,trunc", CASES)
def test_param_grads(cell, act, layers, emb, trunc):
    tr = traced(cell, act, layers, emb, trunc)
    ins, tgs = tr.enc.inputs, tr.enc.targets
    for name, p in tr.params.items():
        f = lambda: fd.loss(tr.params, tr.spec, ins, tgs, tr.fwd, trunc)  # noqa: E731
        close(tr.grads[name], fd.central(f, p), f"{cell}/{act} L{layers} E{emb} k{trunc}: {name}")


@pytest.mark.parametrize("cell,act,layers,emb,trunc", CASES)
def test_state_grads(cell, act, layers, emb, trunc):
    """dL/dh_t, dL_T/dh_t (and dL/dc_t, dL_T/dc_t for LSTM) at every step of every layer."""
    tr = traced(cell, act, layers, emb, trunc)
    ins, tgs, H = tr.enc.inputs, tr.enc.targets, tr.spec.hidden
    slots = [(0, "dh")] + ([(1, "dc")] if cell == "lstm" else [])
    for only_last, acc in ((False, tr.total), (True, tr.last)):
        for k in range(layers):
            for t in range(len(tgs)):
                for slot, attr in slots:
                    vec = np.zeros(H)
                    nudge = (k, t, slot, vec)
                    f = partial(
                        fd.loss, tr.params, tr.spec, ins, tgs, tr.fwd, trunc, only_last, nudge=nudge
                    )
                    what = f"{cell}/{act} k{trunc} last={only_last} layer {k} t={t} {attr}"
                    close(getattr(acc, attr)[k][t], fd.central(f, vec), what)


@pytest.mark.parametrize("cell,act", CELLS)
@pytest.mark.parametrize("layers", [1, 2])
def test_jacobian_norms(cell, act, layers):
    """||dh_T/dh_t||_2 with h_t perturbed alone, per layer."""
    tr = traced(cell, act, layers, 0, None)
    ins, tgs, H, T = tr.enc.inputs, tr.enc.targets, tr.spec.hidden, len(tr.enc.targets)
    d = tr.to_dict()
    for k in range(layers):
        for t in range(T):
            jac = np.zeros((H, H))
            for m in range(H):

                def h_last(sign, m=m, t=t, k=k):
                    vec = np.zeros(H)
                    vec[m] = sign * fd.EPS
                    _, hs = fd.window(tr.params, tr.spec, ins, tgs, 0, T - 1, None, (k, t, 0, vec))
                    return hs[k][-1]

                jac[:, m] = (h_last(1) - h_last(-1)) / (2 * fd.EPS)
            close(d["layers"][k]["grad"]["jacobian"][t], np.linalg.norm(jac, 2), f"J t={t}")


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_clipping_rescales_the_finite_difference_gradient(cell):
    tr = traced(cell, "tanh", 1, 0, None, clip=0.1)
    d = tr.to_dict()["param_grad_norms"]
    assert d["clipped"] and d["global_before"] > 0.1
    np.testing.assert_allclose(d["global_after"], 0.1, rtol=1e-12)
    ins, tgs = tr.enc.inputs, tr.enc.targets
    numeric = {
        n: fd.central(lambda: fd.loss(tr.params, tr.spec, ins, tgs, tr.fwd), p)
        for n, p in tr.params.items()
    }
    norm = np.sqrt(sum((g**2).sum() for g in numeric.values()))
    for name, g in numeric.items():
        close(tr.clipped[name], 0.1 * g / norm, f"clipped {name}")
        np.testing.assert_allclose(d["after"][name], 0.1 * np.linalg.norm(g) / norm, rtol=1e-6)


def test_no_clip_under_threshold():
    d = traced("lstm", "tanh", 1, 0, None, clip=1e6).to_dict()["param_grad_norms"]
    assert not d["clipped"] and d["before"] == d["after"]


def test_truncation_marks_the_cut_and_zeroes_beyond_it():
    d = traced("rnn", "tanh", 1, 0, 3).to_dict()
    grad = d["layers"][0]["grad"]
    T = len(d["inputs"])
    assert grad["truncated_at"] == T - 3 - 1
    assert all(v == 0.0 for v in grad["dLlast_dh"][: T - 3])
    assert all(v > 0.0 for v in grad["dLlast_dh"][T - 3 :])
    assert Spec  # the spec type is part of what the fd helpers take


@pytest.mark.parametrize("act", ["tanh", "relu", "sigmoid"])
def test_rnn_decay_factor_is_the_one_step_jacobian(act):
    """factor.max = ||dh_t/dh_{t-1}||_2 and factor.mean = RMS singular value, by finite
    differences of one cell step."""
    from rnnscope.core.cells import rnn
    from rnnscope.core.params import layer

    tr = traced("rnn", act, 1, 0, None)
    p, H = layer(tr.params, 0), tr.spec.hidden
    factor = tr.to_dict()["layers"][0]["grad"]["factor"]
    assert factor["name"] == "jacobian_step"
    for t, rec in enumerate(tr.fwd.records[0]):
        jac = np.zeros((H, H))
        for m in range(H):
            e = np.zeros(H)
            e[m] = fd.EPS
            up = rnn.step(p, rec.x, (rec.h_prev + e,), act).h
            down = rnn.step(p, rec.x, (rec.h_prev - e,), act).h
            jac[:, m] = (up - down) / (2 * fd.EPS)
        s = np.linalg.svd(jac, compute_uv=False)
        close(factor["max"][t], s[0], f"max t={t}")
        close(factor["mean"][t], np.sqrt(np.mean(s**2)), f"mean t={t}")


@pytest.mark.parametrize("cell,gate", [("lstm", "f"), ("gru", "z")])
def test_gated_decay_factor_is_the_gate(cell, gate):
    d = traced(cell, "tanh", 2, 0, None).to_dict()
    for layer in d["layers"]:
        g = np.array(layer["gates"][gate])
        np.testing.assert_array_equal(layer["grad"]["factor"]["mean"], g.mean(axis=1))
        np.testing.assert_array_equal(layer["grad"]["factor"]["max"], g.max(axis=1))


def test_spectral_norms_keep_their_range():
    """Vanishing gradients reach 1e-300: the norm must not underflow to 0 (nor overflow)."""
    from rnnscope.core.jacobian import spectral_norms

    rng = np.random.default_rng(0)
    scales = np.array([1e-300, 1e-200, 1e-100, 1.0, 1e100, 1e200, 1e300])
    mats = rng.standard_normal((len(scales), 6, 6)) * scales[:, None, None]
    exact = np.linalg.svd(mats, compute_uv=False)[:, 0]
    np.testing.assert_allclose(spectral_norms(mats), exact, rtol=1e-12)
    mats[2, 0, 0] = np.inf
    assert np.isnan(spectral_norms(mats)[2]) and np.isfinite(spectral_norms(mats)[3])
    assert spectral_norms(np.zeros((1, 3, 3)))[0] == 0.0


def test_row_norms_keep_their_range():
    from rnnscope.core.norms import row_norms

    rows = np.array([[3e-200, 4e-200], [3e200, 4e200], [0.0, 0.0], [np.inf, 1.0], [np.nan, 1]])
    out = row_norms(rows)
    np.testing.assert_allclose(out[:3], [5e-200, 5e200, 0.0], rtol=1e-15)
    assert out[3] == np.inf and np.isnan(out[4])


@pytest.mark.parametrize("act", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("sigma", [0.5, 3.0])
def test_rnn_bound_holds(act, sigma):
    d = trace(
        "abcdefghijabcdefghij", cell="rnn", hidden=6, activation=act, w_hh_sigma=sigma, layers=2
    ).to_dict()
    top = d["layers"][-1]["grad"]
    f = top["factor"]
    assert f["gamma"] == {"tanh": 1.0, "relu": 1.0, "sigmoid": 0.25}[act]
    assert f["sigma_max"] == pytest.approx(sigma, rel=1e-12)
    measured, bound = np.array(top["dLlast_dh"]), np.array(f["bound"])
    assert bound[-1] == measured[-1]
    assert (measured <= bound * (1 + 1e-9)).all()
    assert "bound" not in d["layers"][0]["grad"]["factor"]


def test_rnn_norms_over_the_jacobian_limit_are_null():
    from rnnscope.core.limits import JACOBIAN_MAX_HIDDEN

    d = trace("hello", cell="rnn", hidden=JACOBIAN_MAX_HIDDEN + 1).to_dict()["layers"][0]["grad"]
    assert d["jacobian"] is None
    assert d["factor"]["max"] is None and d["factor"]["sigma_max"] is None
    assert "bound" not in d["factor"] and len(d["factor"]["mean"]) == 4
