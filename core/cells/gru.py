"""GRU cell, PyTorch `nn.GRUCell` layout: rows of W_ih / W_hh are gates r, z, n.

Equations:
    r_t = sigmoid(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)        reset gate
    z_t = sigmoid(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)        update gate
    n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))   candidate (new state)
    h_t = (1 - z_t) * n_t + z_t * h_{t-1}

Backward (dh = dL/dh_t from the readout at t and from step t+1; d<gate> is the gradient of
that gate's pre-activation, hn = W_hn h_{t-1} + b_hn):
    dn = dh * (1 - z_t) * (1 - n_t^2)
    dz = dh * (h_{t-1} - n_t) * z_t * (1 - z_t)
    dr = dn * hn * r_t * (1 - r_t)
    d_ih = [dr, dz, dn]         d_hh = [dr, dz, dn * r_t]   (r_t multiplies hn alone)
    dh_prev = W_hh^T d_hh + dh * z_t                        (the direct path through z_t)

Shapes: W_ih (3H, in), W_hh (3H, H), b_ih (3H,), b_hh (3H,), x (in,), h (H,).
"""

from __future__ import annotations

import numpy as np

from .record import StepGrad, StepRecord, blocks, sigmoid

GATES = ("r", "z", "n")
G = 3
SHARED_GRAD = False  # r multiplies W_hn h + b_hn alone: the n blocks differ


def step(
    p: dict, x: np.ndarray, state: tuple, activation: str = "tanh", ih: np.ndarray | None = None
) -> StepRecord:
    """One step: `state = (h_prev,)` -> record with gates r, z, n (pre also has hn).
    `ih`, when given, is W_ih x + b_ih already computed (as in rnn.step)."""
    (h_prev,) = state
    ih = x @ p["weight_ih"].T + p["bias_ih"] if ih is None else ih
    hh = h_prev @ p["weight_hh"].T + p["bias_hh"]
    ih_r, ih_z, ih_n = blocks(ih, 3)
    hh_r, hh_z, hn = blocks(hh, 3)
    a_r = ih_r + hh_r
    a_z = ih_z + hh_z
    r = sigmoid(a_r)
    z = sigmoid(a_z)
    a_n = ih_n + r * hn
    n = np.tanh(a_n)
    h = (1 - z) * n + z * h_prev
    return StepRecord(
        x=x,
        h_prev=h_prev,
        c_prev=None,
        pre={"r": a_r, "z": a_z, "n": a_n, "hn": hn},
        gates={"r": r, "z": z, "n": n},
        h=h,
    )


def backward(
    p: dict, rec: StepRecord, dh: np.ndarray, dc=None, activation: str = "tanh"
) -> StepGrad:
    """Backward of one step, the equations above. dh: (..., H) = dL/dh_t."""
    gates = rec.gates
    r, z, n = gates["r"], gates["z"], gates["n"]
    dn = dh * (1 - z) * (1 - n**2)
    dz = dh * (rec.h_prev - n) * z * (1 - z)
    dr = dn * rec.pre["hn"] * r * (1 - r)
    d_ih = np.concatenate([dr, dz, dn], axis=-1)
    d_hh = np.concatenate([dr, dz, dn * r], axis=-1)
    return StepGrad(d_ih=d_ih, d_hh=d_hh, dh_prev=d_hh @ p["weight_hh"] + dh * z)
