"""The training's sequence engine: the cells' equations (core/cells) and BPTT (core/bptt), with
every factor that does not wait for the next step computed for all steps at once.

A training step at lecture sizes (H 8-64, T up to ~80) is not flops but Python and NumPy calls:
the readable path calls `cell.step` and `cell.backward` once per time step, each a dozen small
array operations and a record. Here the forward loop keeps only the step's own operations
(W_hh h_{t-1} and the gates), writing into arrays for all steps; the reverse loop keeps only
what carries dh_next (and dc_next) from step t+1 to step t. Everything else, W_ih x_t for all
t, the gates' derivatives, the parameter gradients, is one array operation over all steps.

    loss, grads = loss_and_grads(params, spec, inputs, targets)

gives what core.train's step needs, the summed loss and every parameter's gradient, equal to
forward + loss_seeds + backward + param_grads to rounding (tests/core/test_sweep.py). It covers
a single sequence, full BPTT, every cell, activation, layer count, one-hot or embedding input,
residual connections (`applies`); core.train uses the readable path elsewhere (truncation, the
readout alone, the snapshots' decay curves) and the final trace is always the readable path's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import params as P
from .bptt import output_grads, seeds_of, weight_grads
from .cells.record import blocks
from .cells.rnn import ACT, act_grad
from .model import Spec, input_grad, input_vectors, layer_output, one_hot_projection, readout


def applies(steps: int, truncate: int | None, trainable: str, batched: bool = False) -> bool:
    """Whether loss_and_grads computes the step of a training over `steps` time steps: one
    sequence, every weight learning, BPTT over the whole sequence (core.cost counts it so)."""
    full = truncate is None or truncate >= steps
    return not batched and full and trainable == "all"


@dataclass
class Run:
    """What one layer's forward kept for its backward, every array for all steps at once."""

    h: np.ndarray  # (T+1, H) h_0 .. h_T
    gates: np.ndarray  # (T, G*H) the gates' values, PyTorch's order (RNN: act'(a_t))
    c: np.ndarray | None = None  # (T+1, H) LSTM: c_0 .. c_T
    tanh_c: np.ndarray | None = None  # (T, H) LSTM
    hn: np.ndarray | None = None  # (T, H) GRU: W_hn h_{t-1} + b_hn


def rnn_forward(p: dict, ih: np.ndarray, activation: str) -> Run:
    """a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh,  h_t = act(a_t)."""
    T, H = len(ih), p["weight_hh"].shape[1]
    pre, w_hh, act = ih + p["bias_hh"], p["weight_hh"].T, ACT[activation]
    a, h = np.empty((T, H)), np.zeros((T + 1, H))
    for pre_t, h_prev, a_t, h_t in zip(pre, h[:-1], a, h[1:], strict=True):  # row t of each: views
        np.add(pre_t, h_prev @ w_hh, out=a_t)  # a_t
        h_t[:] = act(a_t)  # h_t
    return Run(h, act_grad(activation, a, h[1:]))  # act'(a_t) for every t


def lstm_forward(p: dict, ih: np.ndarray, activation: str) -> Run:
    """a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh = [a_i, a_f, a_g, a_o];
    i, f, o = sigmoid(a_i, a_f, a_o), g = tanh(a_g); c_t = f c_{t-1} + i g; h_t = o tanh(c_t)."""
    T, H = len(ih), p["weight_hh"].shape[1]
    pre, w_hh = ih + p["bias_hh"], p["weight_hh"].T
    gates, h, c = np.empty((T, 4 * H)), np.zeros((T + 1, H)), np.zeros((T + 1, H))
    tanh_c = np.empty((T, H))
    i, f, g, o = blocks(gates, 4)
    steps = zip(pre, h[:-1], c[:-1], gates, i, f, g, o, c[1:], tanh_c, h[1:], strict=True)
    for pre_t, h_prev, c_prev, gates_t, i_t, f_t, g_t, o_t, c_t, tanh_c_t, h_t in steps:
        a = pre_t + h_prev @ w_hh  # a_t, the four blocks side by side
        np.divide(1.0, 1.0 + np.exp(-a), out=gates_t)  # i_t, f_t, o_t = sigmoid (g: next line)
        np.tanh(a[2 * H : 3 * H], out=g_t)  # g_t = tanh(a_g)
        np.add(f_t * c_prev, i_t * g_t, out=c_t)  # c_t = f_t c_{t-1} + i_t g_t
        np.tanh(c_t, out=tanh_c_t)
        np.multiply(o_t, tanh_c_t, out=h_t)  # h_t = o_t tanh(c_t)
    return Run(h, gates, c=c, tanh_c=tanh_c)


def gru_forward(p: dict, ih: np.ndarray, activation: str) -> Run:
    """r, z = sigmoid(W_i{r,z} x_t + b_i{r,z} + W_h{r,z} h_{t-1} + b_h{r,z}),
    n_t = tanh(W_in x_t + b_in + r_t (W_hn h_{t-1} + b_hn)), h_t = (1 - z_t) n_t + z_t h_{t-1}."""
    T, H = len(ih), p["weight_hh"].shape[1]
    w_hh, b_hh = p["weight_hh"].T, p["bias_hh"]
    gates, h, hn = np.empty((T, 3 * H)), np.zeros((T + 1, H)), np.empty((T, H))
    r, z, n = blocks(gates, 3)
    rz, ih_rz, ih_n = gates[:, : 2 * H], ih[:, : 2 * H], ih[:, 2 * H :]
    steps = zip(ih_rz, ih_n, h[:-1], rz, r, z, n, hn, h[1:], strict=True)  # row t: views
    for ih_rz_t, ih_n_t, h_prev, rz_t, r_t, z_t, n_t, hn_t, h_t in steps:
        hh = h_prev @ w_hh + b_hh  # W_hh h_{t-1} + b_hh: blocks r, z, n
        np.divide(1.0, 1.0 + np.exp(-(ih_rz_t + hh[: 2 * H])), out=rz_t)  # r_t, z_t = sigmoid
        hn_t[:] = hh[2 * H :]
        np.tanh(ih_n_t + r_t * hn_t, out=n_t)  # n_t
        np.add((1 - z_t) * n_t, z_t * h_prev, out=h_t)  # h_t = (1 - z_t) n_t + z_t h_{t-1}
    return Run(h, gates, hn=hn)


def rnn_backward(p: dict, run: Run, dh_in: np.ndarray):
    """da_t = dh_t act'(a_t), dh_{t-1} = W_hh^T da_t; d_ih = d_hh = da."""
    w_hh, d_act = p["weight_hh"], run.gates
    da = np.empty_like(dh_in)
    dh_next = np.zeros(dh_in.shape[1:])
    for dh_in_t, d_act_t, da_t in zip(dh_in[::-1], d_act[::-1], da[::-1], strict=True):
        np.multiply(dh_in_t + dh_next, d_act_t, out=da_t)  # da = dh * act'(a_t)
        dh_next = da_t @ w_hh  # dh_prev = W_hh^T da
    return da, da


def lstm_backward(p: dict, run: Run, dh_in: np.ndarray):
    """core/cells/lstm.py's backward: with dc = dc_next + dh o (1 - tanh(c)^2), the gates'
    gradients are da = [dc, dc, dc, dh] times factors known from the forward alone."""
    assert run.c is not None and run.tanh_c is not None
    i, f, g, o = blocks(run.gates, 4)
    tanh_c, c_prev, H = run.tanh_c, run.c[:-1], run.h.shape[1]
    through_h = o * (1 - tanh_c**2)  # dc = dc_next + dh * o_t (1 - tanh(c_t)^2)
    factors = np.concatenate(
        [
            g * i * (1 - i),  # di = dc * g_t i_t (1 - i_t)
            c_prev * f * (1 - f),  # df = dc * c_{t-1} f_t (1 - f_t)
            i * (1 - g**2),  # dg = dc * i_t (1 - g_t^2)
            tanh_c * o * (1 - o),  # do = dh * tanh(c_t) o_t (1 - o_t)
        ],
        axis=1,
    )
    w_hh, da = p["weight_hh"], np.empty_like(run.gates)
    carried = np.empty((4, H))  # [dc, dc, dc, dh]: what each block's factor multiplies
    each = carried.reshape(-1)  # the same memory as one (4H,) row
    dh_next, dc_next = np.zeros(H), np.zeros(H)
    backwards = (dh_in, through_h, factors, f, da)
    steps = zip(*(a[::-1] for a in backwards), strict=True)  # t = T-1 .. 0, row t: views
    for dh_in_t, through_h_t, factors_t, f_t, da_t in steps:
        dh = dh_in_t + dh_next  # from outside + from the future
        dc = dc_next + dh * through_h_t  # dL/dc_t over both paths
        carried[:3], carried[3] = dc, dh
        np.multiply(each, factors_t, out=da_t)  # da = [di, df, dg, do]
        dh_next = da_t @ w_hh  # dh_prev = W_hh^T da
        dc_next = dc * f_t  # dc_prev = dc * f_t
    return da, da


def gru_backward(p: dict, run: Run, dh_in: np.ndarray):
    """core/cells/gru.py's backward: d_ih = [dr, dz, dn] and d_hh = [dr, dz, dn r] are dh times
    factors known from the forward alone; the loop carries dh_prev = W_hh^T d_hh + dh z."""
    assert run.hn is not None
    r, z, n = blocks(run.gates, 3)
    H = run.h.shape[1]
    dn_dh = (1 - z) * (1 - n**2)  # dn = dh * (1 - z_t)(1 - n_t^2)
    to_ih = np.concatenate(
        [
            dn_dh * run.hn * r * (1 - r),  # dr = dn * hn_t r_t (1 - r_t)
            (run.h[:-1] - n) * z * (1 - z),  # dz = dh * (h_{t-1} - n_t) z_t (1 - z_t)
            dn_dh,  # dn
        ],
        axis=1,
    )
    to_hh = to_ih * np.concatenate([np.ones_like(r), np.ones_like(z), r], axis=1)  # dn r_t
    w_hh, d_hh, dh = p["weight_hh"], np.empty_like(run.gates), np.empty_like(dh_in)
    carried = np.empty((3, H))  # [dh, dh, dh]
    each = carried.reshape(-1)  # the same memory as one (3H,) row
    dh_next = np.zeros(H)
    steps = zip(*(a[::-1] for a in (dh_in, dh, to_hh, z, d_hh)), strict=True)  # t = T-1 .. 0
    for dh_in_t, dh_t, to_hh_t, z_t, d_hh_t in steps:
        np.add(dh_in_t, dh_next, out=dh_t)  # from outside + from the future
        carried[:] = dh_t
        np.multiply(each, to_hh_t, out=d_hh_t)
        dh_next = d_hh_t @ w_hh + dh_t * z_t  # dh_prev = W_hh^T d_hh + dh z_t
    return np.tile(dh, 3) * to_ih, d_hh  # d_ih for all steps at once


FORWARD = {"rnn": rnn_forward, "lstm": lstm_forward, "gru": gru_forward}
BACKWARD = {"rnn": rnn_backward, "lstm": lstm_backward, "gru": gru_backward}


def loss_and_grads(
    params: dict, spec: Spec, inputs: np.ndarray, targets: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """The summed loss over the sequence and dL/d(every parameter), state_dict names: what
    core.train's step gets from forward, loss_seeds, backward and param_grads (`applies`)."""
    forward, back = FORWARD[spec.cell], BACKWARD[spec.cell]
    x = input_vectors(params, spec, inputs)
    runs, xs = [], x
    for k in range(spec.layers):  # the model's forward (core.model.forward), layer by layer
        p = P.layer(params, k)
        ih = one_hot_projection(p, inputs) if k == 0 and not spec.embedding else None
        if ih is None:
            ih = xs @ p["weight_ih"].T + p["bias_ih"]  # W_ih x_t + b_ih, every t at once
        run = forward(p, ih, spec.activation)
        runs.append((p, xs, run))
        xs = layer_output(spec, k, run.h[1:], xs)
    _, probs, loss = readout(params, xs, targets)
    dlogits = seeds_of(probs, targets)
    grads = {}
    d_above = dlogits @ params["readout.weight"]  # dL_t/dh_t of the top layer through W_hy
    for k in reversed(range(spec.layers)):  # core.bptt.walk: top layer first
        p, layer_in, run = runs[k]
        d_ih, d_hh = back(p, run, d_above)
        for key, gr in weight_grads(d_ih, d_hh, layer_in, run.h[:-1]).items():
            grads[f"{key}_l{k}"] = gr
        if k > 0 or spec.embedding:
            d_input = d_ih @ p["weight_ih"]  # dL/d(layer k's input)
            d_above = input_grad(spec, k, d_input, d_above)
    dx = d_above if spec.embedding else None
    grads.update(output_grads(params, dlogits, xs, dx, inputs))
    return float(loss.sum()), {name: grads[name] for name in params}
