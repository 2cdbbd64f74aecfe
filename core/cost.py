"""How much work a request is, estimated before doing any of it (in seconds of one core).

A fixed part and four terms, each a count times a per-unit time fitted by
bench/bench_cost.py (which prints measured / estimated for a grid of sizes; keep the
constants so that ratio stays below 1): cell steps (Python and NumPy call overhead),
floating-point work, the Jacobians' SVDs, and the numbers written to JSON.
"""

from __future__ import annotations

from .cells import CELLS
from .limits import JACOBIAN_MAX_HIDDEN

BASE_S = 5e-3  # tokenizing, initialising, assembling the dict
STEP_S = 50e-6  # one cell step of one layer, forward or backward
FLOP_S = 1.0 / 1e9  # one floating-point operation in matrix-vector work
BATCH_FLOP_S = 1.0 / 4e9  # the same in matrix-matrix work (a batch of sequences)
SVD_S = 1.0 / 2e8  # per H^3 of one SVD
FLOAT_S = 1.0e-6  # one number converted and serialised to JSON


def counts(steps: int, hidden: int, layers: int = 1, cell: str = "lstm", vocab: int = 4,
           embedding: int = 0, train_steps: int = 0,
           truncate: int | None = None) -> dict[str, float]:  # fmt: skip
    """The four counts the estimate multiplies: cell steps, flops, H^3 of SVDs, output floats."""
    g = CELLS[cell].G
    n_in = embedding or vocab
    ins = [n_in] + [hidden] * (layers - 1)
    step_flops = sum(2 * g * hidden * (k_in + hidden) for k_in in ins) + 2 * vocab * hidden
    window = steps if truncate is None else min(truncate, steps)
    back = steps * window if window < steps else steps  # truncated: one sweep per loss
    one_pass = {"steps": layers * (steps + 2 * back), "flops": (steps + 4 * back) * step_flops}
    jac = hidden <= JACOBIAN_MAX_HIDDEN
    n_params = sum(g * hidden * (k_in + hidden + 2) for k_in in ins) + vocab * (hidden + 1)
    n_params += vocab * embedding
    per_layer = steps * hidden * (4 + 2 * g + (cell == "lstm") * 2)
    return {
        "steps": one_pass["steps"] * (2 + train_steps) + jac * layers * steps,
        "flops": one_pass["flops"] * (1 + train_steps) + jac * layers * steps * 2 * g * hidden**3,
        "svd": (layers * steps * hidden**3) if jac else 0,
        "floats": 3 * steps * vocab + layers * per_layer + n_params + steps * embedding,
    }


def estimate_cost(steps: int, hidden: int, layers: int = 1, cell: str = "lstm", vocab: int = 4,
                  embedding: int = 0, train_steps: int = 0,
                  truncate: int | None = None) -> float:  # fmt: skip
    """Estimated seconds for trace() and its JSON: training, forward, BPTT, Jacobians, output."""
    c = counts(steps, hidden, layers, cell, vocab, embedding, train_steps, truncate)
    return (
        BASE_S
        + c["steps"] * STEP_S
        + c["flops"] * FLOP_S
        + c["svd"] * SVD_S
        + c["floats"] * FLOAT_S
    )
