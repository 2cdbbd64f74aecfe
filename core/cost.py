"""How much work a request is, estimated before doing any of it (in seconds of one core).

The model: every cell step costs a fixed Python/NumPy overhead plus its floating-point
work; the constants are fitted by bench/bench_cost.py and should stay conservative.
"""

from __future__ import annotations

from .cells import CELLS
from .limits import JACOBIAN_MAX_HIDDEN

STEP_OVERHEAD_S = 25e-6  # one cell step (forward or backward) of one layer
FLOP_S = 1.0 / 1.5e9  # seconds per floating-point operation in small matrix-vector work


def estimate_cost(steps: int, hidden: int, layers: int = 1, cell: str = "lstm", vocab: int = 4,
                  embedding: int = 0, train_steps: int = 0,
                  truncate: int | None = None) -> float:  # fmt: skip
    """Estimated seconds for trace(): training, forward, two BPTT passes, Jacobians."""
    g = CELLS[cell].G
    n_in = embedding or vocab
    step_flops = sum(2 * g * hidden * ((n_in if k == 0 else hidden) + hidden) for k in range(layers))
    step_flops += 2 * vocab * hidden
    window = steps if truncate is None else min(truncate, steps)
    back_steps = steps * window if window < steps else steps  # truncated: one sweep per loss
    # forward once, backward ~2x forward; full loss and last-loss sweeps
    one = layers * (steps + 2 * back_steps) * STEP_OVERHEAD_S + (steps + 4 * back_steps) * step_flops * FLOP_S
    cost = one * (1 + train_steps)
    if hidden <= JACOBIAN_MAX_HIDDEN:  # H seeds backward + T SVDs of (H, H)
        jac_flops = layers * steps * (2 * g * hidden**3 + 20 * hidden**3)
        cost += jac_flops * FLOP_S + layers * steps * STEP_OVERHEAD_S
    return cost
