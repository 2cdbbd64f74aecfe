"""How much work a request is, estimated before doing any of it (in seconds of one core).

The estimate counts what trace() will do (`Work`: its sizes and the options that change it),
term by term as the code does it (`counts`), and multiplies each count by a per-unit time.
`python -m bench.core.cost --fit` times random requests, fits those times (least squares on
the relative error, none negative), scales them so that the median request takes 0.8 of its
estimate, and writes them below; nobody copies them by hand. `python -m bench.core.cost`
checks them at lecture sizes: traces and comparisons, untrained and trained, the median of
measured / estimated between 0.6 and 1.0 and none above 2. So the budget (COST_BUDGET) is
seconds, and the page (through /api/v1/cost) offers only what fits.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from . import sweep
from .cells import CELLS
from .limits import COST_BUDGET, JACOBIAN_MAX_HIDDEN, MAX_HIDDEN, MAX_TRAIN_STEPS
from .options import OptionError, Options

# fitted: trace by `python -m bench.core.cost --fit` on 2026-12-02; do not edit by hand
BASE_S = 0.00281  # one trace: initialising, tokens, assembling the dict, gzip
CELL_RNN_S = 3.17e-06  # one RNN step (forward or backward) of one layer: its calls
CELL_LSTM_S = 2.37e-05  # one LSTM step (forward or backward) of one layer
CELL_GRU_S = 1.87e-05  # one GRU step (forward or backward) of one layer
CALL_RNN_S = 1.35e-06  # one fixed NumPy call of an RNN training step (optimiser, grads)
CALL_LSTM_S = 1.9e-06  # one fixed NumPy call of an LSTM training step
CALL_GRU_S = 2.44e-06  # one fixed NumPy call of a GRU training step
FLOP_S = 1.14e-10  # one floating-point operation in matrix-vector work
BATCH_FLOP_S = 3.51e-10  # matrix-matrix work (the Jacobians: H seeds at once)
EIG_S = 0  # per H^3 of one spectral norm (Gram matrix and its eigenvalues)
FLOAT_S = 1.16e-06  # one number converted and serialised to JSON
TRAIN_CELL_RNN_S = 2.51e-06  # one RNN step of a training in core.sweep, fwd or bwd
TRAIN_CELL_LSTM_S = 6.68e-06  # one LSTM step of a training in core.sweep
TRAIN_CELL_GRU_S = 7.94e-06  # one GRU step of a training in core.sweep
# end of fitted: trace
CELL_S = {"rnn": CELL_RNN_S, "lstm": CELL_LSTM_S, "gru": CELL_GRU_S}
TRAIN_CELL_S = {"rnn": TRAIN_CELL_RNN_S, "lstm": TRAIN_CELL_LSTM_S, "gru": TRAIN_CELL_GRU_S}
CALL_S = {"rnn": CALL_RNN_S, "lstm": CALL_LSTM_S, "gru": CALL_GRU_S}
# The recall task (core.recall.cost_counts): fitted by `python -m bench.core.cost_recall --fit`
# on 90 random trainings, then raised so that none of them took longer than its estimate
# (their median took half of it). Its run time is mostly calls and tanh/exp, not flops.
# fitted: recall (by hand, from the fit's output)
RECALL_PASS_S = 1.1e-3  # one forward and backward pass's fixed calls (readout, gradients, Adam)
RECALL_CELL_S = 25e-6  # one cell step over the batch, forward or backward: its NumPy calls
RECALL_ELEM_S = 60e-9  # one gate element of one sequence and step: element-wise, tanh and exp
RECALL_FLOP_S = 25e-12  # one floating-point operation of its matrix products
# end of fitted: recall


def sweep_steps(steps: int, truncate: int | None, mode: str = "window") -> tuple[int, int]:
    """Cell steps walked back by the whole-loss BPTT and by the last loss's BPTT."""
    if truncate is None or truncate >= steps or mode == "chunk":  # chunk: one walk of T
        return steps, steps
    k = truncate  # one walk per loss L_s, from s back to max(0, s-k+1)
    return k * steps - k * (k - 1) // 2, k


@dataclass(frozen=True)
class Work:
    """What one trace will do, as far as its time goes: the sizes and the options that change
    its work (every other option costs nothing). `Work.of` takes them from checked Options."""

    steps: int  # time steps T (the text's tokens less one: the last has no next token)
    hidden: int  # hidden units H of each layer
    layers: int = 1  # stacked layers L
    cell: str = "lstm"  # rnn, lstm or gru: its gate count G and its per-step time
    vocab: int = 4  # distinct tokens V: one-hot inputs and the softmax's outputs
    embedding: int = 0  # size of the learned embedding in front (0: one-hot inputs)
    train_steps: int = 0  # optimiser steps before the trace (0: untrained)
    truncate: int | None = None  # truncated BPTT over k steps (None: the whole sequence)
    truncate_mode: str = "window"  # window: a walk of k per loss; chunk: one walk of T
    train: str = "all"  # all: BPTT trains the cells; readout: only the output layer
    optimizer: str = "adam"  # ridge fits the readout once, with no BPTT

    @classmethod
    def of(cls, o: Options, tokens: int, vocab: int) -> Work:
        """The work of the trace of `o` on a text of `tokens` tokens, `vocab` distinct (every
        other field is the option of the same name)."""
        same = {f.name: getattr(o, f.name) for f in fields(cls) if f.name not in ("steps", "vocab")}
        return cls(steps=tokens - 1, vocab=vocab, **same)


def counts(w: Work) -> dict[str, float]:
    """What a trace does: cell steps, fixed NumPy calls, flops, H^3 of spectral norms, and
    the numbers it writes to JSON. Training the readout alone walks no BPTT; ridge fits it
    once (one forward pass more)."""
    T, H, L, V, g = w.steps, w.hidden, w.layers, w.vocab, CELLS[w.cell].G
    embedding, train_steps, optimizer = w.embedding, w.train_steps, w.optimizer
    ins = [embedding or V] + [H] * (L - 1)
    mat = sum(2 * g * H * (k_in + H) for k_in in ins)  # one step's W_ih x + W_hh h, all layers
    full, last = sweep_steps(T, w.truncate, w.truncate_mode)
    passes = min(train_steps, 1) if optimizer == "ridge" else train_steps
    train_full = full if w.train == "all" and optimizer != "ridge" else 0
    # forward: mat + readout; backward step: dx and dh_prev (2 mat) + readout; param grads
    fwd_flops = T * (mat + 2 * V * H)
    bwd_flops = full * (2 * mat + 2 * V * H) + T * mat
    train_bwd_flops = train_full * (2 * mat + 2 * V * H) + (T * mat if train_full else 0)
    n_tensors = 4 * L + 2 + (embedding > 0)
    jac = H <= JACOBIAN_MAX_HIDDEN
    jac_flops = L * T * (2 * H * g * H * H + 12 * g * H * H)  # H seeds through W_hh
    n_params = sum(g * H * (k_in + H + 2) for k_in in ins) + V * (H + 1) + V * embedding
    per_layer = T * H * (4 + 3 * g + (w.cell == "lstm") * 2) + 2 * T  # ... grad.gates, dW_t
    trained = L * (T + train_full) * passes  # the training's cell steps, forward and backward
    engine = optimizer != "ridge" and sweep.applies(T, w.truncate, w.train)  # core.train
    return {
        "cells": L * (T + full) + (0 if engine else trained) + L * last + jac * L * T,
        "train_cells": trained if engine else 0,  # in core.sweep: fewer calls per step
        "calls": passes * 12 * n_tensors,
        "flops": fwd_flops
        + bwd_flops
        + (fwd_flops + train_bwd_flops) * passes
        + last * (2 * mat + 2 * V * H),
        "jac_flops": jac * jac_flops,  # matrix-matrix work
        # Jacobians' spectral norms (rnn: also its decay factor), W_hh's spectrum per block
        "eig": jac * L * (T * H**3 * (2 if w.cell == "rnn" else 1) + 4 * g * H**3),
        "floats": 3 * T * V + L * per_layer + n_params + T * embedding,
    }


def estimate_cost(w: Work) -> float:
    """Estimated seconds for trace() and its JSON: training, forward, BPTT, Jacobians, output."""
    c = counts(w)
    return (
        BASE_S
        + c["cells"] * CELL_S[w.cell]
        + c["train_cells"] * TRAIN_CELL_S[w.cell]
        + c["calls"] * CALL_S[w.cell]
        + c["flops"] * FLOP_S
        + c["jac_flops"] * BATCH_FLOP_S
        + c["eig"] * EIG_S
        + c["floats"] * FLOAT_S
    )


def largest_within(cost_of: Callable[[int], float], budget: float, most: int,
                   least: int = 0) -> int | None:  # fmt: skip
    """The largest n in least..most with cost_of(n) <= budget, for a cost that grows with n;
    None when not even `least` fits. (The page offers training steps and hidden sizes up to it.)"""
    if cost_of(least) > budget:
        return None
    lo, hi = least, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if cost_of(mid) <= budget else (lo, mid - 1)
    return lo


def options_cost(o: Options, tokens: int, vocab: int) -> float:
    """estimate_cost of the trace of `o` on a text of `tokens` tokens, `vocab` distinct."""
    return estimate_cost(Work.of(o, tokens, vocab))


def room(options: list[Options], tokens: int, vocab: int, budget: float,
         hidden_fixed: bool = False) -> dict[str, int | None]:  # fmt: skip
    """The largest train_steps, and the largest hidden size, with which the traces of all
    `options` together (every other option as it is) stay within `budget`; None: none does,
    or (`hidden_fixed`: a stored model's own size) the hidden size is not the request's.
    (The page asks for it on every edit: estimate_cost called directly, ~20 times per cell.)"""
    works = [Work.of(o, tokens, vocab) for o in options]

    def trained(n: int) -> float:
        return sum(estimate_cost(replace(w, train_steps=n)) for w in works)

    def hidden(h: int) -> float:
        return sum(estimate_cost(replace(w, hidden=h)) for w in works)

    return {
        "max_train_steps": largest_within(trained, budget, MAX_TRAIN_STEPS),
        "max_hidden": None if hidden_fixed else largest_within(hidden, budget, MAX_HIDDEN, 1),
    }


def check_budget(total: float, what_fits: Callable[[], dict[str, int | None]], lower: str) -> None:
    """OptionError on `cost` (a 422) when `total` estimated seconds exceed COST_BUDGET: the
    message says what to `lower`; its ctx carries the estimate, the budget and `what_fits()`
    (max_train_steps, max_hidden: None when not the request's to change), for the page to say
    it in its own language."""
    if total > COST_BUDGET:
        raise OptionError(
            "cost",
            f"estimated {total:.2f} s of work exceeds COST_BUDGET = {COST_BUDGET} s; lower {lower}",
            ctx={"rule": "cost", "estimate": round(total, 3), "budget": COST_BUDGET, **what_fits()},
        )


# Classification and sequence-to-sequence (core.classify, core.seq2seq): B sequences stepped
# together through one or two directions, trained full-batch. `python -m bench.core.tasks`
# prints measured/estimated on a grid of 72 requests: these constants are its first estimate
# scaled by 0.36 so that the worst (0.28 before) comes out near 0.8; the median is near 0.5.
TASK_PASS_S = 0.54e-3  # one forward and backward pass's fixed calls (heads, parameter grads)
TASK_CELL_S = 22e-6  # one cell step over the batch, forward or backward, with its masking
TASK_ELEM_S = 22e-9  # one gate element of one sequence and step
TASK_FLOP_S = 1.0 / 8.3e9  # one floating-point operation of a batched product
TASK_TENSOR_S = 22e-6  # one tensor's optimiser update per training step


def stack_counts(
    steps: int, batch: int, hidden: int, layers: int, cell: str, n_in: int, directions: int = 1
) -> dict[str, float]:
    """One forward and backward pass of a stack (core.stacked) over a (steps, batch) batch:
    cell steps, gate elements, and flops (forward products, twice that backward, and the
    weight gradients)."""
    g, H = CELLS[cell].G, hidden
    ins = [n_in] + [directions * H] * (layers - 1)
    mat = directions * sum(2 * g * H * (k_in + H) for k_in in ins)  # one step, one sequence
    n = 2 * layers * directions * steps
    return {"cells": n, "elems": n * batch * g * H, "flops": 4 * steps * batch * mat}


def estimate_task_cost(
    stacks: list[dict], shape: dict, head_flops: float, floats: float, train_steps: int
) -> float:
    """Estimated seconds of a classification or seq2seq (core.train.fit_task): a
    forward-backward pass of the stacks (stack_counts) and the head (head_flops) per training
    step, one more for the descent's last loss and one for the trace; the optimiser's update
    of each tensor in `shape` per step; the numbers written to JSON (`floats` and the
    weights)."""
    passes = train_steps + 1 + (train_steps > 0)
    n_params = sum(math.prod(s) for s in shape.values())
    per_pass = TASK_PASS_S + head_flops * TASK_FLOP_S
    for c in stacks:
        per_pass += c["cells"] * TASK_CELL_S + c["elems"] * TASK_ELEM_S + c["flops"] * TASK_FLOP_S
    tensors = train_steps * len(shape) * TASK_TENSOR_S
    return BASE_S + passes * per_pass + tensors + (floats + n_params) * FLOAT_S
