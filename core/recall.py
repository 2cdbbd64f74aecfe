"""The long-term dependency experiment: remember the first symbol after N distractors.

A many-to-one task. Each sequence is one of K symbols, N distractor tokens, then a query
`?`; only the last step has a loss: its target is the first symbol. To answer, the state
must carry the symbol across N+1 steps, so the gradient of that one loss must reach step 1.
Chance accuracy is 1/K. Batched training (T, B) with the same cells, BPTT and optimisers
as the character model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from . import optim
from . import params as P
from .bptt import backward, clipped, loss_seeds, param_grads
from .cancel import ShouldStop, checkpoint
from .cells import CELLS
from .model import Spec, forward
from .norms import row_norms

SYMBOLS = "ABCDEFGH"
DISTRACTORS = "abcd"
QUERY = "?"


def vocab(n_symbols: int) -> list[str]:
    """K symbols, the distractors, the query token."""
    return [*SYMBOLS[:n_symbols], *DISTRACTORS, QUERY]


def make_batch(rng: np.random.Generator, n_symbols: int, n_distract: int, batch: int):
    """(inputs (T, B), targets (T, B)) with T = n_distract + 2; only targets[-1] counts."""
    first = rng.integers(0, n_symbols, batch)
    noise = rng.integers(n_symbols, n_symbols + len(DISTRACTORS), (n_distract, batch))
    query = np.full((1, batch), n_symbols + len(DISTRACTORS))
    inputs = np.vstack([first[None], noise, query])
    targets = np.zeros_like(inputs)
    targets[-1] = first
    return inputs, targets


def evaluate(params: dict, spec: Spec, inputs, targets) -> dict:
    """Accuracy and loss at the last step; gradient norms ||dL/dh_t|| (bottom layer)."""
    with np.errstate(all="ignore"):
        fwd = forward(params, spec, inputs, targets, read_from=len(inputs) - 1)
        seeds = loss_seeds(fwd, targets)
        acc = backward(params, spec, fwd, seeds)
    dh = acc.dh[0]  # (T, B, H)
    norms = row_norms(dh.reshape(-1, dh.shape[-1])).reshape(dh.shape[:-1])  # (T, B)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_norms = np.log(norms)
        ratio = np.exp(np.mean(log_norms[0] - log_norms[-1]))
    return {
        "accuracy": float(np.mean(fwd.probs[-1].argmax(axis=-1) == targets[-1])),
        "loss": float(np.mean(fwd.loss[-1])),
        "grad_ratio": float(ratio),  # geometric mean over sequences of ||dL/dh_1||/||dL/dh_T||
        "grad_norms": np.exp(np.mean(log_norms, axis=1)),  # (T,) geometric mean over sequences
    }


def train_recall(cell: str = "gru", hidden: int = 32, n_distract: int = 40, n_symbols: int = 4,
                 steps: int = 300, batch: int = 32, lr: float = 0.01, seed: int = 0,
                 optimizer: str = "adam", clip: float | None = 1.0,
                 forget_bias: float | None = None, update_bias: float | None = None,
                 eval_size: int = 128, n_evals: int = 11,
                 should_stop: ShouldStop = None) -> dict:  # fmt: skip
    """Train one cell on the recall task; deterministic for a seed. `should_stop` is asked
    before each step (core.cancel).

    Returns {vocab, T, chance, curve: [{step, accuracy, loss, grad_ratio}], start, end}
    where start/end are the full evaluations (with grad_norms (T,)) before and after.
    """
    spec = Spec(cell, len(vocab(n_symbols)), hidden)
    params = P.init(cell, spec.vocab, hidden, seed=seed, forget_bias=forget_bias,
                    update_bias=update_bias)  # fmt: skip
    data_rng = np.random.default_rng([seed, 1])
    eval_set = make_batch(np.random.default_rng([seed, 2]), n_symbols, n_distract, eval_size)
    at = set(np.linspace(0, steps, n_evals).round().astype(int).tolist())
    state = optim.init_state(optimizer, params)
    curve, start = [], None
    for i in range(steps + 1):
        checkpoint(should_stop)
        if i in at:
            ev = evaluate(params, spec, *eval_set)
            start = start or ev
            curve.append({"step": i, **{k: ev[k] for k in ("accuracy", "loss", "grad_ratio")}})
        if i == steps:
            break
        inputs, targets = make_batch(data_rng, n_symbols, n_distract, batch)
        with np.errstate(all="ignore"):
            fwd = forward(params, spec, inputs, targets, read_from=len(inputs) - 1)
            seeds = loss_seeds(fwd, targets) / batch
            acc = backward(params, spec, fwd, seeds)
            grads = clipped(param_grads(params, spec, fwd, acc, seeds, inputs), clip)
            params, state = optim.update(optimizer, lr, params, grads, state)
    return {
        "cell": cell,
        "vocab": vocab(n_symbols),
        "T": n_distract + 2,
        "chance": 1.0 / n_symbols,
        "curve": curve,
        "start": start,
        "end": ev,
    }


@dataclass(frozen=True)
class RecallWork:
    """What one train_recall does, as far as its time goes: its sizes (train_recall's
    arguments of the same names; the rest, such as lr or seed, cost nothing)."""

    cell: str = "gru"  # its gate count G
    hidden: int = 32  # H
    n_distract: int = 40  # N: each sequence is T = N + 2 steps
    n_symbols: int = 4  # K: the vocabulary is K + 5 tokens
    steps: int = 300  # training steps, each over `batch` sequences
    batch: int = 32
    eval_size: int = 128  # sequences of each evaluation
    n_evals: int = 11  # evaluations (the curve's points)

    @classmethod
    def of(cls, options: Mapping[str, Any]) -> RecallWork:
        """The work of train_recall(**options) (its other arguments are left out)."""
        return cls(**{f.name: options[f.name] for f in fields(cls) if f.name in options})


def cost_counts(w: RecallWork) -> dict[str, float]:
    """What train_recall does: passes (forward and backward over one batch, with their fixed
    calls: readout, parameter gradients, clipping, optimiser), cell steps (forward or backward
    over the batch: a few dozen NumPy calls each), gate elements (per sequence and step: the
    element-wise and tanh/exp work) and the matrix products' flops."""
    g, T, V, H = CELLS[w.cell].G, w.n_distract + 2, len(vocab(w.n_symbols)), w.hidden
    seq_steps = T * (w.steps * w.batch + w.n_evals * w.eval_size)
    return {
        "passes": w.steps + w.n_evals,
        "cells": 2 * T * (w.steps + w.n_evals),
        "elems": seq_steps * g * H,
        "flops": seq_steps * (4 * g * H * H + 2 * g * H * (V + H)),  # W_hh both ways, grads
    }


def estimate_cost(w: RecallWork) -> float:
    """Estimated seconds of train_recall: cost_counts times core.cost's RECALL_* constants."""
    from . import cost

    c = cost_counts(w)
    return (
        cost.BASE_S
        + c["passes"] * cost.RECALL_PASS_S
        + c["cells"] * cost.RECALL_CELL_S
        + c["elems"] * cost.RECALL_ELEM_S
        + c["flops"] * cost.RECALL_FLOP_S
    )
