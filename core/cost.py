"""How much work a request is, estimated before doing any of it (in seconds of one core).

The estimate counts what trace() will do, term by term as the code does it, and multiplies
each count by a per-unit time fitted by `python -m bench.core.cost --fit` on random
requests (least squares on the relative error), then raised so that the median request is
over-estimated by about 1.4x: single measurements on the shared machine scatter by 2-3x,
so a few still come out above their estimate. The budget bounds abuse; it is not a promise
of milliseconds. `python -m bench.core.cost` prints measured / estimated for a grid.
"""

from __future__ import annotations

from .cells import CELLS
from .limits import JACOBIAN_MAX_HIDDEN

BASE_S = 5e-3  # tokenizing, initialising, assembling the dict
CELL_S = 20e-6  # one cell step (forward or backward) of one layer: Python and NumPy calls
CALL_S = 12e-6  # one fixed NumPy call per training step (optimiser, parameter gradients)
FLOP_S = 1.0 / 3e9  # one floating-point operation in matrix-vector work
EIG_S = 2e-9  # per H^3 of one spectral norm (Gram matrix and its eigenvalues)
FLOAT_S = 1e-6  # one number converted and serialised to JSON
BATCH_FLOP_S = 1.0 / 4e9  # matrix-matrix work (the Jacobians: H seeds at once)
# The recall task (core.recall.cost_counts): fitted by `python -m bench.core.cost --recall-fit`
# on 90 random trainings, then raised 1.9x so that none of them took longer than its estimate
# (their median took half of it). Its run time is mostly calls and tanh/exp, not flops.
RECALL_PASS_S = 1.1e-3  # one forward and backward pass's fixed calls (readout, gradients, Adam)
RECALL_CELL_S = 25e-6  # one cell step over the batch, forward or backward: its NumPy calls
RECALL_ELEM_S = 60e-9  # one gate element of one sequence and step: element-wise, tanh and exp
RECALL_FLOP_S = 25e-12  # one floating-point operation of its matrix products


def sweep_steps(steps: int, truncate: int | None, mode: str = "window") -> tuple[int, int]:
    """Cell steps walked back by the whole-loss BPTT and by the last loss's BPTT."""
    if truncate is None or truncate >= steps or mode == "chunk":  # chunk: one walk of T
        return steps, steps
    k = truncate  # one walk per loss L_s, from s back to max(0, s-k+1)
    return k * steps - k * (k - 1) // 2, k


def counts(
    steps: int,
    hidden: int,
    layers: int = 1,
    cell: str = "lstm",
    vocab: int = 4,
    embedding: int = 0,
    train_steps: int = 0,
    truncate: int | None = None,
    truncate_mode: str = "window",
    train: str = "all",
    optimizer: str = "adam",
) -> dict[str, float]:
    """What a trace does: cell steps, fixed NumPy calls, flops, H^3 of spectral norms, and
    the numbers it writes to JSON. Training the readout alone walks no BPTT; ridge fits it
    once (one forward pass more)."""
    T, H, L, V, g = steps, hidden, layers, vocab, CELLS[cell].G
    ins = [embedding or V] + [H] * (L - 1)
    mat = sum(2 * g * H * (k_in + H) for k_in in ins)  # one step's W_ih x + W_hh h, all layers
    full, last = sweep_steps(T, truncate, truncate_mode)
    passes = min(train_steps, 1) if optimizer == "ridge" else train_steps
    train_full = full if train == "all" and optimizer != "ridge" else 0
    # forward: mat + readout; backward step: dx and dh_prev (2 mat) + readout; param grads
    fwd_flops = T * (mat + 2 * V * H)
    bwd_flops = full * (2 * mat + 2 * V * H) + T * mat
    train_bwd_flops = train_full * (2 * mat + 2 * V * H) + (T * mat if train_full else 0)
    n_tensors = 4 * L + 2 + (embedding > 0)
    jac = H <= JACOBIAN_MAX_HIDDEN
    jac_flops = L * T * (2 * H * g * H * H + 12 * g * H * H)  # H seeds through W_hh
    n_params = sum(g * H * (k_in + H + 2) for k_in in ins) + V * (H + 1) + V * embedding
    per_layer = T * H * (4 + 3 * g + (cell == "lstm") * 2) + 2 * T  # ... grad.gates, dW_t
    return {
        "cells": L * (T + full) + L * (T + train_full) * passes + L * last + jac * L * T,
        "calls": passes * 12 * n_tensors,
        "flops": fwd_flops
        + bwd_flops
        + (fwd_flops + train_bwd_flops) * passes
        + last * (2 * mat + 2 * V * H),
        "jac_flops": jac * jac_flops,  # matrix-matrix work
        # Jacobians' spectral norms (rnn: also its decay factor), W_hh's spectrum per block
        "eig": jac * L * (T * H**3 * (2 if cell == "rnn" else 1) + 4 * g * H**3),
        "floats": 3 * T * V + L * per_layer + n_params + T * embedding,
    }


def estimate_cost(
    steps: int,
    hidden: int,
    layers: int = 1,
    cell: str = "lstm",
    vocab: int = 4,
    embedding: int = 0,
    train_steps: int = 0,
    truncate: int | None = None,
    truncate_mode: str = "window",
    train: str = "all",
    optimizer: str = "adam",
) -> float:
    """Estimated seconds for trace() and its JSON: training, forward, BPTT, Jacobians, output."""
    c = counts(
        steps,
        hidden,
        layers,
        cell,
        vocab,
        embedding,
        train_steps,
        truncate,
        truncate_mode,
        train,
        optimizer,
    )
    return (
        BASE_S
        + c["cells"] * CELL_S
        + c["calls"] * CALL_S
        + c["flops"] * FLOP_S
        + c["jac_flops"] * BATCH_FLOP_S
        + c["eig"] * EIG_S
        + c["floats"] * FLOAT_S
    )
