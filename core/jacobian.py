"""How much h_T still depends on h_t: the Jacobian norms and the per-step decay factors.

jacobian_norms: ||dh_T/dh_t||_2 for every t of one layer, h_t perturbed alone (for LSTM
c_t is held fixed). Computed as H backward seeds at once (row j of the seed is dh_T[j]),
then the largest singular value of each (H, H) matrix.

decay_factor: the per-step number that multiplies the gradient on its way back:
    rnn  "jacobian_step": max = ||diag(act'(a_t)) W_hh||_2, mean = RMS of its singular values;
         also gamma = max act', sigma_max = ||W_hh||_2, and (top layer) the bound they give
    lstm "forget_gate":   f_t over the units (the cell path c_t = f_t * c_{t-1} + ...)
    gru  "update_gate":   z_t over the units (the direct path h_t = ... + z_t * h_{t-1})
"""

from __future__ import annotations

import numpy as np

from . import params as P
from .cells import CELLS, rnn
from .limits import JACOBIAN_MAX_HIDDEN
from .model import Forward, Spec
from .norms import max_abs, spectral_norms, top_singular


def jacobians(params: dict, spec: Spec, fwd: Forward, k: int) -> np.ndarray:
    """(T, H, H): entry [t, j, m] = d h_T[j] / d h_t[m] within layer k (T = last step)."""
    cell = CELLS[spec.cell]
    p = P.layer(params, k)
    recs = fwd.records[k]
    steps, H = len(recs), spec.hidden
    mats = np.empty((steps, H, H))
    dh = np.eye(H)
    dc = np.zeros((H, H)) if spec.cell == "lstm" else None
    mats[-1] = dh
    with np.errstate(all="ignore"):
        for t in range(steps - 1, 0, -1):
            g = cell.backward(p, recs[t], dh, dc, spec.activation)
            dh, dc = g.dh_prev, g.dc_prev
            mats[t - 1] = dh
    return mats


def jacobian_norms(params: dict, spec: Spec, fwd: Forward, k: int) -> np.ndarray | None:
    """||dh_T/dh_t||_2 per step (T,), or None when H > JACOBIAN_MAX_HIDDEN."""
    if spec.hidden > JACOBIAN_MAX_HIDDEN:
        return None
    return spectral_norms(jacobians(params, spec, fwd, k))


# The largest value of act' (tanh' <= 1 at 0, sigmoid' <= 1/4 at 0, relu' <= 1).
GAMMA = {"tanh": 1.0, "sigmoid": 0.25, "relu": 1.0}


def rnn_bound(factor: dict, last_curve: np.ndarray) -> np.ndarray:
    """The lecture's bound ||dL_T/dh_t|| <= (gamma * sigma_max)^(T-1-t) * ||dL_T/dh_{T-1}||,
    from ||dh_t/dh_{t-1}|| <= ||diag(act')|| ||W_hh||. It holds for the top layer, where
    the last loss reaches h_t only through the recurrence."""
    steps = len(last_curve)
    with np.errstate(all="ignore"):
        return last_curve[-1] * (factor["gamma"] * factor["sigma_max"]) ** np.arange(
            steps - 1, -1, -1
        )


def decay_factor(params: dict, spec: Spec, fwd: Forward, k: int) -> dict:
    """{name, mean (T,), max (T,)} as in the module docstring; rnn max is None over the limit."""
    recs = fwd.records[k]
    if spec.cell == "lstm":
        name, vals = "forget_gate", np.array([r.gates["f"] for r in recs])
    elif spec.cell == "gru":
        name, vals = "update_gate", np.array([r.gates["z"] for r in recs])
    else:
        # M_t = diag(d_t) W_hh with d_t = act'(a_t): M_t M_t^T = d_t (W W^T) d_t, so the
        # Gram matrices cost H^2 each once W W^T is known.
        w = P.layer(params, k)["weight_hh"]
        d = np.array([rnn.act_grad(spec.activation, r.pre["a"], r.h) for r in recs])  # (T, H)
        with np.errstate(all="ignore"):
            rms = np.sqrt((d * d) @ np.sum(w * w, axis=1) / spec.hidden)
            top = sigma = None  # both cost H^3 (SVDs): only up to the Jacobian limit
            if spec.hidden <= JACOBIAN_MAX_HIDDEN:
                finite = np.isfinite(d).all(axis=1) & bool(np.isfinite(w).all())
                sd, sw = max_abs(d, 1), max_abs(w, (0, 1))  # scaled as in core.norms
                u, wu = d / sd[:, None], w / sw
                grams = u[:, :, None] * (wu @ wu.T)[None] * u[:, None, :]
                top = sd * sw * top_singular(grams, finite)
                sigma = float(spectral_norms(w[None])[0])
        return {"name": "jacobian_step", "mean": rms, "max": top, "gamma": GAMMA[spec.activation],
                "sigma_max": sigma}  # fmt: skip
    return {"name": name, "mean": vals.mean(axis=1), "max": vals.max(axis=1)}
