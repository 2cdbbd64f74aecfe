"""LSTM cell, PyTorch `nn.LSTMCell` layout: rows of W_ih / W_hh are gates i, f, g, o.

Equations (a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh, cut into the blocks a_i, a_f, a_g, a_o):
    i_t = sigmoid(a_i)          input gate
    f_t = sigmoid(a_f)          forget gate
    g_t = tanh(a_g)             candidate (cell input)
    o_t = sigmoid(a_o)          output gate
    c_t = f_t * c_{t-1} + i_t * g_t
    h_t = o_t * tanh(c_t)

Backward (dh = dL/dh_t from the readout at t and from step t+1, dc_next = dL/dc_t from c_{t+1};
d<gate> is the gradient of that gate's pre-activation a_<gate>, sigmoid' = s (1 - s)):
    dc = dc_next + dh * o_t * (1 - tanh(c_t)^2)       dL/dc_t over both paths
    do = dh * tanh(c_t) * o_t * (1 - o_t)
    di = dc * g_t * i_t * (1 - i_t)
    df = dc * c_{t-1} * f_t * (1 - f_t)
    dg = dc * i_t * (1 - g_t^2)
    da = [di, df, dg, do]       (the note's dH_t: the four blocks side by side)
    dh_prev = W_hh^T da,    dc_prev = dc * f_t    (the additive cell path: only f_t multiplies)

Shapes: W_ih (4H, in), W_hh (4H, H), b_ih (4H,), b_hh (4H,), x (in,), h, c (H,).
"""

from __future__ import annotations

import numpy as np

from .record import StepGrad, StepRecord, blocks, sigmoid

GATES = ("i", "f", "g", "o")
G = 4
SHARED_GRAD = True  # d_hh is d_ih, as in rnn


def step(
    p: dict, x: np.ndarray, state: tuple, activation: str = "tanh", ih: np.ndarray | None = None
) -> StepRecord:
    """One step: `state = (h_prev, c_prev)` -> record with gates i, f, g, o and h, c.
    `ih`, when given, is W_ih x + b_ih already computed (as in rnn.step)."""
    h_prev, c_prev = state
    ih = x @ p["weight_ih"].T + p["bias_ih"] if ih is None else ih
    a = ih + h_prev @ p["weight_hh"].T + p["bias_hh"]  # (..., 4H)
    a_i, a_f, a_g, a_o = blocks(a, 4)
    i = sigmoid(a_i)
    f = sigmoid(a_f)
    g = np.tanh(a_g)
    o = sigmoid(a_o)
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    h = o * tanh_c
    return StepRecord(
        x=x,
        h_prev=h_prev,
        c_prev=c_prev,
        pre={"i": a_i, "f": a_f, "g": a_g, "o": a_o},
        gates={"i": i, "f": f, "g": g, "o": o},
        h=h,
        c=c,
        cache={"tanh_c": tanh_c},
    )


def backward(
    p: dict, rec: StepRecord, dh: np.ndarray, dc_next: np.ndarray, activation: str = "tanh"
) -> StepGrad:
    """Backward of one step, the equations above; dh and dc_next (..., H) each.
    d_ih and d_hh are both da (..., 4H): x and h_{t-1} enter every gate only as a sum."""
    gates = rec.gates
    i, f, g, o = gates["i"], gates["f"], gates["g"], gates["o"]
    tanh_c = rec.cache["tanh_c"]
    dc = dc_next + dh * o * (1 - tanh_c**2)
    do = dh * tanh_c * o * (1 - o)
    di = dc * g * i * (1 - i)
    df = dc * rec.c_prev * f * (1 - f)
    dg = dc * i * (1 - g**2)
    da = np.concatenate([di, df, dg, do], axis=-1)
    return StepGrad(d_ih=da, d_hh=da, dh_prev=da @ p["weight_hh"], dc_prev=dc * f, dc=dc)
