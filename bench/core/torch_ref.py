"""The quantities of a trace computed the way a lecturer would in a notebook: PyTorch autograd.

Forward with nn.RNNCell / LSTMCell / GRUCell stepped one at a time, retained grads for
dL/dh_t and dL/dc_t, a second autograd.grad for the last step's loss, and the Jacobians
dh_T/dh_t by a batched vector-Jacobian product (H <= limit), then their spectral norms;
the per-step decay factor from the weights (the cells do not expose their gates).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

CELL = {"rnn": nn.RNNCell, "lstm": nn.LSTMCell, "gru": nn.GRUCell}


def build(cell: str, params: dict, vocab: int, hidden: int):
    """A PyTorch cell and readout holding core's weights (state_dict names are the same)."""
    mod = CELL[cell](vocab, hidden, dtype=torch.float64)
    out = nn.Linear(hidden, vocab, dtype=torch.float64)
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(mod, name).copy_(torch.from_numpy(params[f"{name}_l0"]))
        out.weight.copy_(torch.from_numpy(params["readout.weight"]))
        out.bias.copy_(torch.from_numpy(params["readout.bias"]))
    return mod, out


def unroll(mod, cell: str, x, h0):
    """Step the cell through x (T, V) from h0 (c0 = 0): lists of h_t and (LSTM) c_t."""
    h, c = h0, torch.zeros_like(h0)
    hs, cs = [], []
    for t in range(len(x)):
        if cell == "lstm":
            h, c = mod(x[t : t + 1], (h, c))
            cs.append(c)
        else:
            h = mod(x[t : t + 1], h)
        hs.append(h)
    return hs, cs


def torch_trace(
    cell: str, params: dict, inputs, targets, vocab: int, hidden: int, jacobian: bool
) -> dict:
    """Same numbers as core's trace (one layer, one-hot input): norms per step, param grads."""
    mod, out = build(cell, params, vocab, hidden)
    x = F.one_hot(torch.from_numpy(np.asarray(inputs)), vocab).double()
    tgt = torch.from_numpy(np.asarray(targets))
    h0 = torch.zeros(1, hidden, dtype=torch.float64, requires_grad=True)
    hs, cs = unroll(mod, cell, x, h0)
    losses = F.cross_entropy(out(torch.cat(hs)), tgt, reduction="none")
    weights = list(mod.parameters()) + list(out.parameters())
    full = torch.autograd.grad(losses.sum(), weights + hs + cs + [h0], retain_graph=True)
    last = torch.autograd.grad(losses[-1], hs + cs, retain_graph=True)
    n_w, T = len(weights), len(hs)
    res = {
        "loss": losses.detach().numpy(),
        "param_grads": [g.numpy() for g in full[:n_w]],
        "dL_dh": np.array([g.norm().item() for g in full[n_w : n_w + T]]),
        "dLlast_dh": np.array([g.norm().item() for g in last[:T]]),
    }
    if cell == "lstm":
        res["dL_dc"] = np.array([g.norm().item() for g in full[n_w + T : n_w + 2 * T]])
    with torch.no_grad():  # the per-step decay factor, recomputed from the weights
        h_prev = torch.cat([h0, *hs[:-1]])
        if cell == "rnn":
            mats = (1 - torch.cat(hs) ** 2).unsqueeze(2) * mod.weight_hh
            res["factor"] = torch.linalg.matrix_norm(mats, ord=2).numpy() if jacobian else None
        else:
            row = slice(hidden, 2 * hidden)  # f (LSTM) and z (GRU) are both the second block
            pre = x @ mod.weight_ih[row].T + mod.bias_ih[row] + h_prev @ mod.weight_hh[row].T
            res["factor"] = torch.sigmoid(pre + mod.bias_hh[row]).max(dim=1).values.numpy()
    if jacobian:
        seeds = torch.eye(hidden, dtype=torch.float64).unsqueeze(1)  # (H, 1, H)
        jac = torch.autograd.grad(hs[-1], hs, seeds, is_grads_batched=True, allow_unused=True)
        mats = torch.stack([j[:, 0, :] for j in jac])  # (T, H, H)
        res["jacobian"] = torch.linalg.matrix_norm(mats, ord=2).numpy()
    return res
