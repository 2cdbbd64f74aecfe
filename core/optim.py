"""Adam, SGD and Adagrad as pure functions: update(params, grads, state) -> (params, state).

Same update rules and default constants as torch.optim (Adam betas 0.9/0.999, eps 1e-8;
Adagrad eps 1e-10), so a run can be reproduced there.
"""

from __future__ import annotations

import numpy as np


def init_state(name: str, params: dict) -> dict:
    zeros = {k: np.zeros_like(v) for k, v in params.items()}
    if name == "adam":
        return {"t": 0, "m": zeros, "v": {k: np.zeros_like(v) for k, v in params.items()}}
    if name == "adagrad":
        return {"sum": zeros}
    if name == "sgd":
        return {}
    raise ValueError(f"optimizer must be adam, sgd or adagrad, not {name!r}")


def update(name: str, lr: float, params: dict, grads: dict, state: dict):
    """One optimisation step; returns new (params, state), inputs left untouched."""
    if name == "sgd":
        return {k: p - lr * grads[k] for k, p in params.items()}, state
    if name == "adagrad":
        acc = {k: state["sum"][k] + grads[k] ** 2 for k in params}
        new = {k: p - lr * grads[k] / (np.sqrt(acc[k]) + 1e-10) for k, p in params.items()}
        return new, {"sum": acc}
    b1, b2, eps = 0.9, 0.999, 1e-8
    t = state["t"] + 1
    m = {k: b1 * state["m"][k] + (1 - b1) * grads[k] for k in params}
    v = {k: b2 * state["v"][k] + (1 - b2) * grads[k] ** 2 for k in params}
    c1, c2 = 1 - b1**t, 1 - b2**t
    new = {k: p - lr * (m[k] / c1) / (np.sqrt(v[k] / c2) + eps) for k, p in params.items()}
    return new, {"t": t, "m": m, "v": v}


def joined(tensors: dict, like: dict) -> np.ndarray:
    """The tensors named in `like`, in its order, as one vector. Every update above is
    elementwise, so stepping it gives each tensor the same numbers as stepping them one by one,
    in a dozen NumPy calls instead of a dozen per tensor (core.train)."""
    return np.concatenate([np.ravel(tensors[k]) for k in like])


def split(flat: np.ndarray, like: dict) -> dict:
    """joined's inverse: views of `flat` under the names and shapes of `like`."""
    out, at = {}, 0
    for k, a in like.items():
        out[k] = flat[at : at + a.size].reshape(a.shape)
        at += a.size
    return out
