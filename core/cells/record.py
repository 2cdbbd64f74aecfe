"""What one cell step leaves behind (StepRecord) and what its backward step gives (StepGrad)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class StepRecord:
    """One time step of one layer.

    x: (in,) input; h_prev, c_prev: (H,) state before the step (c only for LSTM);
    pre: pre-activations by symbol, each (H,); gates: gate values by symbol, each (H,);
    h, c: (H,) state after the step; cache: other values of the step its backward reads
    (LSTM: tanh_c = tanh(c_t)).
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


@dataclass
class StepGrad:
    """What one backward step gives, (..., n) each with the step's leading batch axes.

    d_ih: (G*H) dL/d(W_ih x_t + b_ih), gate blocks in PyTorch's order: each block is the
          gradient of that gate's pre-activation (the slide's d_i, d_f, ... or d_a)
    d_hh: (G*H) dL/d(W_hh h_{t-1} + b_hh): the same numbers as d_ih, except GRU's n block
    dh_prev, dc_prev: (H) dL/dh_{t-1} and dL/dc_{t-1} through this step (dc_prev: LSTM)
    dc: (H) LSTM: dL/dc_t over every path (the cell path from t+1 and through h_t)
    """

    d_ih: np.ndarray
    d_hh: np.ndarray
    dh_prev: np.ndarray
    dc_prev: np.ndarray | None = None
    dc: np.ndarray | None = None


def blocks(a: np.ndarray, n: int) -> list[np.ndarray]:
    """The n gate blocks of (..., n*H) along the last axis, as views: PyTorch's row order."""
    H = a.shape[-1] // n
    return [a[..., j * H : (j + 1) * H] for j in range(n)]


def sigmoid(a: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-a): relative precision in both tails; e^-a overflows to inf only where the
    answer is below 1e-308, and 1/inf = 0 is then the right float. That overflow's warning
    is the caller's to silence (core.model.run_layer does, once for all its steps)."""
    e = np.exp(-a)
    e += 1.0  # in place: the same sums and quotients, no new arrays
    return np.divide(1.0, e, out=e)
