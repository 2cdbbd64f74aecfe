"""Does core.recall.estimate_cost track a recall training's time? And its fit.

    python -m bench.core.cost_recall        # train_recall per size against its estimate
    python -m bench.core.cost_recall --fit  # refit core/cost.py's RECALL_* constants, write them

The recall budget (RECALL_BUDGET) bounds one training of the lesson's long-term dependency
experiment (core.recall); its estimate counts passes, cell steps, gate elements and flops.
"""

from __future__ import annotations

import sys
import time

from rnnscope.core import limits as L

from .fitted import fit_relative, write_block

RECALL_GRID = [
    {},  # the lesson's size (with its gate biases)
    dict(hidden=64, n_distract=100, steps=40),  # the largest recall the budget lets through
    dict(hidden=32, n_distract=40, batch=128, steps=50),
    dict(hidden=8, n_distract=5, batch=8, steps=300),  # small: fixed costs per step
]
RECALL_BIAS = {"rnn": {}, "lstm": {"forget_bias": 5.0}, "gru": {"update_bias": 2.0}}


def recall_main() -> None:
    """CPU time of one train_recall per size against core.recall.estimate_cost."""
    from rnnscope.core.recall import RecallWork, train_recall
    from rnnscope.core.recall import estimate_cost as recall_cost

    print(f"{'cell':5} {'size':40} {'measured s':>10} {'estimate s':>10} {'ratio':>6}")
    worst = 0.0
    train_recall("gru", hidden=4, n_distract=2, steps=2, batch=2, eval_size=2)  # warm-up
    for cell in L.CELL_NAMES:
        for size in RECALL_GRID:
            t0 = time.process_time()
            train_recall(cell, **size, **RECALL_BIAS[cell])
            took = time.process_time() - t0
            est = recall_cost(RecallWork(cell, **size))
            worst = max(worst, took / est)
            label = " ".join(f"{k}={v}" for k, v in size.items()) or "lesson (N=40, 300 steps)"
            print(f"{cell:5} {label:40} {took:10.2f} {est:10.2f} {took / est:6.2f}", flush=True)
    print(f"worst measured/estimated: {worst:.2f} (keep below 1)")


RECALL_COMMENTS = {
    "RECALL_PASS_S": "one forward and backward pass's fixed calls (readout, gradients, Adam)",
    "RECALL_CELL_S": "one cell step over the batch, forward or backward: its NumPy calls",
    "RECALL_ELEM_S": "one gate element of one sequence and step: element-wise, tanh and exp",
    "RECALL_FLOP_S": "one floating-point operation of its matrix products",
}
RECALL_TERMS = {
    "passes": "RECALL_PASS_S",
    "cells": "RECALL_CELL_S",
    "elems": "RECALL_ELEM_S",
    "flops": "RECALL_FLOP_S",
}


def recall_fit_main(n: int = 90) -> None:
    """Time random recall trainings (at most a few seconds each), fit the per-unit times of
    core.recall.cost_counts (least squares on the relative error, none negative), write them."""
    import numpy as np

    from rnnscope.core import cost
    from rnnscope.core.recall import RecallWork, cost_counts, train_recall
    from rnnscope.core.recall import estimate_cost as recall_cost

    rng = np.random.default_rng(0)
    rows, measured = [], []
    train_recall("gru", hidden=4, n_distract=2, steps=2, batch=2, eval_size=2)  # warm-up
    while len(rows) < n:
        pick = lambda values: int(rng.choice(values))  # noqa: E731
        kw = {
            "cell": str(rng.choice(L.CELL_NAMES)),
            "hidden": pick([2, 4, 8, 16, 32, 64]),
            "n_distract": pick([1, 3, 10, 40, 100]),
            "n_symbols": pick(range(2, 9)),
            "steps": pick([5, 20, 60, 150]),
            "batch": pick([1, 4, 16, 32, 128]),
            "eval_size": pick([16, 128]),
            "n_evals": pick([2, 11]),
        }
        work = RecallWork(**kw)  # kw holds nothing else: every size that costs time
        if recall_cost(work) > 8.0:  # too long to time here
            continue
        c = cost_counts(work)
        t0 = time.process_time()
        train_recall(**kw)
        rows.append([c[k] for k in RECALL_TERMS])
        measured.append(time.process_time() - t0)
    x, y = np.array(rows, float), np.array(measured)
    coef = fit_relative(x, y)
    now = np.array([getattr(cost, name) for name in RECALL_TERMS.values()])
    now_ratio = y / (x @ now + cost.BASE_S)
    # A recall training takes seconds: raised so that none of the timed ones took longer than
    # its estimate (RECALL_BUDGET then bounds the longest training).
    coef = coef * float(np.max(y / (x @ coef)))
    ratio = y / (x @ coef)
    print(
        f"measured/estimated now:    median {np.median(now_ratio):.2f}, max {now_ratio.max():.2f}"
    )
    print(f"measured/estimated fitted: median {np.median(ratio):.2f}, max {ratio.max():.2f}")
    values = {name: float(c) for name, c in zip(RECALL_TERMS.values(), coef, strict=True)}
    write_block("recall", values, RECALL_COMMENTS, "python -m bench.core.cost_recall --fit")


if __name__ == "__main__":
    if "--fit" in sys.argv[1:]:
        recall_fit_main()
    else:
        recall_main()
