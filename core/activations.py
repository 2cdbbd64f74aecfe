"""The activations and their derivatives on a grid: why gradients vanish (lecture, part 5).

Backpropagating through h_t = act(a_t) multiplies by act'(a_t) at every step, so the
largest act' bounds how much a step can pass on: sigmoid' <= 0.25 (at 0), tanh' <= 1
(at 0), relu' is 0 or 1 (taken as 0 at 0, as PyTorch does).
"""

from __future__ import annotations

import numpy as np

from .cells.rnn import ACT, act_grad
from .jacobian import GAMMA

GRID = (-6.0, 6.0, 241)  # lo, hi, points: a step of 0.05


def curves(lo: float = GRID[0], hi: float = GRID[1], points: int = GRID[2]) -> dict:
    """{x (N,), functions: {name: {value (N,), derivative (N,), max_derivative}}}."""
    x = np.round(np.linspace(lo, hi, points), 12)  # -3.95, not -3.9499999999999997
    functions = {}
    for name, act in ACT.items():
        with np.errstate(over="ignore"):  # sigmoid's e^-a (core.cells.record.sigmoid)
            value = act(x)
        functions[name] = {
            "value": value,
            "derivative": act_grad(name, x, value),
            "max_derivative": GAMMA[name],
        }
    return {"x": x, "functions": functions}
