"""GRU cell, PyTorch `nn.GRUCell` layout: rows of W_ih / W_hh are gates r, z, n.

Equations:
    r_t = sigmoid(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
    z_t = sigmoid(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
    n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))
    h_t = (1 - z_t) * n_t + z_t * h_{t-1}

Shapes: W_ih (3H, in), W_hh (3H, H), b_ih (3H,), b_hh (3H,), x (in,), h (H,).
"""

from __future__ import annotations

import numpy as np

from .record import StepRecord, sigmoid

GATES = ("r", "z", "n")
G = 3


def step(p: dict, x: np.ndarray, state: tuple, activation: str = "tanh") -> StepRecord:
    """One step: `state = (h_prev,)` -> record with gates r, z, n (pre also has hn)."""
    (h_prev,) = state
    H = h_prev.shape[-1]
    gi = x @ p["weight_ih"].T + p["bias_ih"]
    gh = h_prev @ p["weight_hh"].T + p["bias_hh"]
    xr, xz, xn = gi[..., :H], gi[..., H : 2 * H], gi[..., 2 * H :]
    hr, hz, hn = gh[..., :H], gh[..., H : 2 * H], gh[..., 2 * H :]
    rz = sigmoid(gi[..., : 2 * H] + gh[..., : 2 * H])  # one call for both gates
    r, z = rz[..., :H], rz[..., H:]
    a_n = xn + r * hn
    n = np.tanh(a_n)
    h = (1.0 - z) * n + z * h_prev
    return StepRecord(
        x=x, h_prev=h_prev, c_prev=None,
        pre={"r": xr + hr, "z": xz + hz, "n": a_n, "hn": hn},
        gates={"r": r, "z": z, "n": n}, h=h,
    )  # fmt: skip


def backward(p: dict, rec: StepRecord, dh: np.ndarray, dc=None, activation="tanh"):
    """Backward of one step. dh: (..., H) = dL/dh_t.

    Returns (d_ih, d_hh, dx, dh_prev, None): d_ih = dL/d(W_ih x + b_ih) and
    d_hh = dL/d(W_hh h + b_hh), each (..., 3H); they differ in the n rows because
    r multiplies only the hidden half: d_hh_n = r * d_ih_n.
    """
    r, z, n = (rec.gates[k] for k in GATES)
    dn_pre = dh * (1.0 - z) * (1.0 - n * n)
    dr_pre = dn_pre * rec.pre["hn"] * r * (1.0 - r)
    dz_pre = dh * (rec.h_prev - n) * z * (1.0 - z)
    d_ih = np.concatenate([dr_pre, dz_pre, dn_pre], axis=-1)
    d_hh = np.concatenate([dr_pre, dz_pre, dn_pre * r], axis=-1)
    dh_prev = d_hh @ p["weight_hh"] + dh * z
    return d_ih, d_hh, d_ih @ p["weight_ih"], dh_prev, None
