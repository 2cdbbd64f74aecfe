"""What one cell step leaves behind: everything its backward step and the page need."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class StepRecord:
    """One time step of one layer.

    x: (in,) input; h_prev, c_prev: (H,) state before the step (c only for LSTM);
    pre: pre-activations by symbol, each (H,); gates: gate values by symbol, each (H,);
    h, c: (H,) state after the step.
    """

    x: np.ndarray
    h_prev: np.ndarray
    c_prev: np.ndarray | None
    pre: dict[str, np.ndarray]
    gates: dict[str, np.ndarray]
    h: np.ndarray
    c: np.ndarray | None = None
    cache: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def state(self) -> tuple[np.ndarray, ...]:
        return (self.h,) if self.c is None else (self.h, self.c)


def sigmoid(a: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-a): relative precision in both tails; e^-a overflows to inf only where the
    answer is below 1e-308, and 1/inf = 0 is then the right float."""
    with np.errstate(over="ignore"):
        e = np.exp(-a)
    e += 1.0  # in place: the same sums and quotients, no new arrays
    return np.divide(1.0, e, out=e)
