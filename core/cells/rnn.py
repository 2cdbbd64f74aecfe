"""Vanilla (Elman) RNN cell, PyTorch `nn.RNNCell` layout.

Equations:
    a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh
    h_t = act(a_t)            act in {tanh, relu, sigmoid}

Backward (dh = dL/dh_t, from the readout at t and from step t+1):
    da      = dh * act'(a_t)          (the slide's dh_raw; tanh' = 1 - h_t^2)
    dh_prev = W_hh^T da

Shapes: W_ih (H, in), W_hh (H, H), b_ih (H,), b_hh (H,), x (in,), h (H,); x and h may
carry a leading batch axis, (B, in) and (B, H), in every cell.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .record import StepGrad, StepRecord, sigmoid

GATES: tuple[str, ...] = ()
G = 1  # rows of W_ih per hidden unit
SHARED_GRAD = True  # d_hh is d_ih: W_ih x and W_hh h enter only as a sum

ACT: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "tanh": np.tanh,
    "relu": lambda a: np.maximum(a, 0.0),
    "sigmoid": sigmoid,
}


def act_grad(activation: str, a: np.ndarray, h: np.ndarray) -> np.ndarray:
    """act'(a_t) from the stored pre-activation a and output h = act(a)."""
    if activation == "tanh":
        return 1.0 - h * h
    if activation == "sigmoid":
        return h * (1.0 - h)
    if activation == "relu":
        return (a > 0).astype(a.dtype)
    raise ValueError(f"unknown activation {activation!r}")


def step(
    p: dict, x: np.ndarray, state: tuple, activation: str = "tanh", ih: np.ndarray | None = None
) -> StepRecord:
    """One step: `state = (h_prev,)` -> record with pre {a} and h. `ih`, when given, is
    W_ih x + b_ih already computed (core.model.one_hot_projection: the same numbers)."""
    (h_prev,) = state
    ih = x @ p["weight_ih"].T + p["bias_ih"] if ih is None else ih
    a = ih + h_prev @ p["weight_hh"].T + p["bias_hh"]
    h = ACT[activation](a)
    return StepRecord(x=x, h_prev=h_prev, c_prev=None, pre={"a": a}, gates={}, h=h)


def backward(
    p: dict, rec: StepRecord, dh: np.ndarray, dc=None, activation: str = "tanh"
) -> StepGrad:
    """Backward of one step, the equations above. dh: (..., H) = dL/dh_t (any leading batch
    of seeds). d_ih and d_hh are both da: W_ih x + b_ih and W_hh h + b_hh enter only as a sum.
    In every cell x enters only through W_ih x + b_ih, so dL/dx = d_ih @ W_ih (core.bptt)."""
    da = dh * act_grad(activation, rec.pre["a"], rec.h)
    return StepGrad(d_ih=da, d_hh=da, dh_prev=da @ p["weight_hh"])
