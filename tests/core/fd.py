"""Central finite differences in float64, built only from the cells' forward steps.

Nothing here uses core's backward code: it re-runs the forward pass with one number nudged.
"""

from __future__ import annotations

import numpy as np

from rnnscope.core import params as P
from rnnscope.core.model import Spec, input_vectors, readout, run_layer, zero_state

EPS = 1e-6


def window(params, spec: Spec, inputs, targets, lo: int, hi: int, start=None, nudge=None):
    """Run steps lo..hi of every layer from the states `start[k]` (state after step lo-1,
    held fixed: that is what truncation means) or zero. `nudge = (k, t, slot, vec)` adds vec
    to h_t (slot 0, c_t held) or c_t (slot 1, h_t = o_t tanh(c_t) follows) of layer k.
    Returns (losses (hi-lo+1,), h per layer)."""
    xs = input_vectors(params, spec, inputs)[lo : hi + 1]
    hs_all = []
    for k in range(spec.layers):
        p = P.layer(params, k)
        state = start[k] if start is not None else zero_state(spec)
        if nudge is not None and nudge[0] == k:
            _, t, slot, vec = nudge
            head = run_layer(p, spec, xs[: t - lo + 1], state)
            moved = list(head[-1].state)
            moved[slot] = moved[slot] + vec
            if slot == 1:  # h_t = o_t * tanh(c_t) is downstream of c_t: it moves too
                moved[0] = head[-1].gates["o"] * np.tanh(moved[1])
            tail = run_layer(p, spec, xs[t - lo + 1 :], tuple(moved))
            hs = [r.h for r in head[:-1]] + [moved[0]] + [r.h for r in tail]
        else:
            hs = [r.h for r in run_layer(p, spec, xs, state)]
        xs = np.array(hs) + xs if spec.residual and k > 0 else np.array(hs)  # the layer's output
        hs_all.append(np.array(hs))
    return readout(params, xs, targets[lo : hi + 1])[2], hs_all


def slope(f, flat: np.ndarray, i: int) -> float:
    """d f / d flat[i] by a central difference: (f(+EPS) - f(-EPS)) / 2 EPS, the entry nudged
    in place (`flat` is a view of the array f reads) and restored."""
    orig = flat[i]
    flat[i] = orig + EPS
    up = f()
    flat[i] = orig - EPS
    down = f()
    flat[i] = orig
    return (up - down) / (2 * EPS)


def central(f, x: np.ndarray) -> np.ndarray:
    """d f / d x by central differences, every entry of x."""
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        gflat[i] = slope(f, flat, i)
    return grad


def windows(steps: int, truncate: int | None, only_last: bool, mode: str = "window"):
    """(s, lo) for each loss that counts: loss L_s reaches steps lo..s (window: the k steps up
    to s; chunk: from the start of s's chunk of k steps, as h.detach() between chunks does)."""
    losses = [steps - 1] if only_last else range(steps)
    k = truncate or steps
    if mode == "chunk":
        return [(s, s // k * k) for s in losses]
    return [(s, max(0, s - k + 1)) for s in losses]


def loss(
    params, spec, inputs, targets, fwd, truncate=None, only_last=False, nudge=None, mode="window"
):
    """The (truncated) loss whose exact gradient BPTT computes; states before each window
    are the nominal ones of `fwd` and do not move."""
    if truncate is None or truncate >= len(targets):  # one window holds every loss
        losses = window(params, spec, inputs, targets, 0, len(targets) - 1, None, nudge)[0]
        return losses[-1] if only_last else losses.sum()
    total = 0.0
    for s, lo in windows(len(targets), truncate, only_last, mode):
        nudge_s = nudge if nudge is None or lo <= nudge[1] <= s else None
        start = None if lo == 0 else [fwd.records[k][lo - 1].state for k in range(spec.layers)]
        total += window(params, spec, inputs, targets, lo, s, start, nudge_s)[0][-1]
    return total
