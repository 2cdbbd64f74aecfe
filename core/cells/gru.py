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
SHARED_GRAD = False  # r multiplies W_hn h + b_hn alone


def step(p: dict, x: np.ndarray, state: tuple, activation: str = "tanh",
         ih: np.ndarray | None = None) -> StepRecord:  # fmt: skip
    """One step: `state = (h_prev,)` -> record with gates r, z, n (pre also has hn).
    `ih`, when given, is W_ih x + b_ih already computed (as in rnn.step)."""
    (h_prev,) = state
    H = h_prev.shape[-1]
    gi = x @ p["weight_ih"].T + p["bias_ih"] if ih is None else ih
    gh = h_prev @ p["weight_hh"].T + p["bias_hh"]
    a_rz = gi[..., : 2 * H] + gh[..., : 2 * H]
    rz = sigmoid(a_rz)  # one call for both gates
    r, z = rz[..., :H], rz[..., H:]
    hn = gh[..., 2 * H :]
    a_n = gi[..., 2 * H :] + r * hn
    n = np.tanh(a_n)
    w = 1.0 - rz  # (1 - r, 1 - z)
    h = w[..., H:] * n + z * h_prev
    # backward's factors: u = (hn, h_prev - n), v = rz = (r, z), w, and 1 - n^2
    u = np.concatenate([hn, h_prev - n], axis=-1)
    return StepRecord(
        x=x, h_prev=h_prev, c_prev=None,
        pre={"r": a_rz[..., :H], "z": a_rz[..., H:], "n": a_n, "hn": hn},
        gates={"r": r, "z": z, "n": n}, h=h, cache={"u": u, "v": rz, "w": w, "dn": 1.0 - n * n},
    )  # fmt: skip


def backward(p: dict, rec: StepRecord, dh: np.ndarray, dc=None, activation="tanh"):
    """Backward of one step. dh: (..., H) = dL/dh_t.

    Returns (d_ih, d_hh, dh_prev, None): d_ih = dL/d(W_ih x + b_ih) and
    d_hh = dL/d(W_hh h + b_hh), each (..., 3H); they differ in the n rows because
    r multiplies only the hidden half: d_hh_n = r * d_ih_n. Gate by gate, with the products
    taken left to right:

        d_n = dh * (1 - z) * (1 - n^2)
        d_r = d_n * hn * r * (1 - r)            d_z = dh * (h_prev - n) * z * (1 - z)

    d_r and d_z at once as (d_n, dh) * u * v * w with the step's factors.
    """
    r, z = rec.gates["r"], rec.gates["z"]
    H = z.shape[-1]
    dn_pre = dh * rec.cache["w"][..., H:] * rec.cache["dn"]
    d_rz = np.concatenate([dn_pre, dh], axis=-1)
    d_rz *= rec.cache["u"]
    d_rz *= rec.cache["v"]
    d_rz *= rec.cache["w"]
    d_ih = np.concatenate([d_rz, dn_pre], axis=-1)
    d_hh = np.concatenate([d_rz, dn_pre * r], axis=-1)
    dh_prev = d_hh @ p["weight_hh"] + dh * z
    return d_ih, d_hh, dh_prev, None
