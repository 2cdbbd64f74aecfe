"""LSTM cell, PyTorch `nn.LSTMCell` layout: rows of W_ih / W_hh are gates i, f, g, o.

Equations:
    i_t = sigmoid(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)
    f_t = sigmoid(W_if x_t + b_if + W_hf h_{t-1} + b_hf)
    g_t = tanh   (W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
    o_t = sigmoid(W_io x_t + b_io + W_ho h_{t-1} + b_ho)
    c_t = f_t * c_{t-1} + i_t * g_t
    h_t = o_t * tanh(c_t)

Shapes: W_ih (4H, in), W_hh (4H, H), b_ih (4H,), b_hh (4H,), x (in,), h, c (H,).
"""

from __future__ import annotations

import numpy as np

from .record import StepRecord, sigmoid

GATES = ("i", "f", "g", "o")
G = 4
SHARED_GRAD = True  # backward returns d_ih is d_hh (as in rnn)


def step(p: dict, x: np.ndarray, state: tuple, activation: str = "tanh",
         ih: np.ndarray | None = None) -> StepRecord:  # fmt: skip
    """One step: `state = (h_prev, c_prev)` -> record with gates i, f, g, o and h, c.
    `ih`, when given, is W_ih x + b_ih already computed (as in rnn.step)."""
    h_prev, c_prev = state
    ih = x @ p["weight_ih"].T + p["bias_ih"] if ih is None else ih
    z = ih + h_prev @ p["weight_hh"].T + p["bias_hh"]
    H = h_prev.shape[-1]
    zi, zf, zg, zo = z[..., :H], z[..., H : 2 * H], z[..., 2 * H : 3 * H], z[..., 3 * H :]
    s = sigmoid(z)  # one call for i, f, o (the g block is not used: it is tanh)
    i, f, g, o = s[..., :H], s[..., H : 2 * H], np.tanh(zg), s[..., 3 * H :]
    c = f * c_prev + i * g
    tc = np.tanh(c)
    h = o * tc
    # backward's factors, (..., 4H) each: u = (g, c_prev, i, tanh c), v = (i, f, 1 - g^2, o)
    # (s, its unused g block overwritten) and w = (1 - i, 1 - f, 1, 1 - o)
    u = np.concatenate([g, c_prev, i, tc], axis=-1)
    w = 1.0 - s
    w[..., 2 * H : 3 * H] = 1.0
    np.subtract(1.0, g * g, out=s[..., 2 * H : 3 * H])
    return StepRecord(
        x=x, h_prev=h_prev, c_prev=c_prev,
        pre={"i": zi, "f": zf, "g": zg, "o": zo},
        gates={"i": i, "f": f, "g": g, "o": o},
        h=h, c=c, cache={"tanh_c": tc, "u": u, "v": s, "w": w},
    )  # fmt: skip


def backward(p: dict, rec: StepRecord, dh: np.ndarray, dc: np.ndarray, activation="tanh"):
    """Backward of one step. dh = dL/dh_t and dc = dL/dc_t from step t+1, each (..., H).

    Returns (d_ih, d_hh, dh_prev, dc_prev); d_ih = d_hh = dL/d(gate pre-activations),
    (..., 4H). dc_total = dc + dh * o * (1 - tanh(c)^2) is dL/dc_t over every path; it
    is what dc_prev is built from (dc_prev = dc_total * f). Gate by gate, with the products
    taken left to right:

        d_i = dc_total * g * i * (1 - i)        d_f = dc_total * c_prev * f * (1 - f)
        d_g = dc_total * i * (1 - g^2)          d_o = dh * tanh(c) * o * (1 - o)

    computed for the four blocks at once as (dc_total, dc_total, dc_total, dh) * u * v * w
    with the step's factors (d_g's extra factor is w's 1: the same numbers).
    """
    dc_total = cell_total(rec, dh, dc)
    d_pre = np.concatenate([dc_total, dc_total, dc_total, dh], axis=-1)
    d_pre *= rec.cache["u"]
    d_pre *= rec.cache["v"]
    d_pre *= rec.cache["w"]
    return d_pre, d_pre, d_pre @ p["weight_hh"], dc_total * rec.gates["f"]


def cell_total(rec: StepRecord, dh: np.ndarray, dc: np.ndarray) -> np.ndarray:
    """dL/dc_t over every path, given dL/dh_t and the gradient arriving from c_{t+1}."""
    tc = rec.cache["tanh_c"]
    return dc + dh * rec.gates["o"] * (1.0 - tc * tc)
