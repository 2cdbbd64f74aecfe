"""What every format is brought to: the layers, embedding and readout in PyTorch's layout,
before the checks that make them an rnnscope model (core.checkpoints.build)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

LAYER_KEYS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


@dataclass
class Tensor:
    """One array as the file holds it; `name` is the file's name for it (messages, mapped).
    `name` None: not in the file (a bias of zeros for a layer trained without one)."""

    array: np.ndarray
    name: str | None


@dataclass
class Parts:
    """A model in PyTorch's layout (rows of W_ih: LSTM i, f, g, o; GRU r, z, n).

    layers[k] maps weight_ih, weight_hh, bias_ih, bias_hh to their tensors."""

    cell: str
    layers: list[dict[str, Tensor]]
    readout_weight: Tensor  # (V, H)
    readout_bias: Tensor  # (V,)
    embedding: Tensor | None = None  # (V, E)
    activation: str = "tanh"
    hints: dict = field(default_factory=dict)  # vocab, tokens, residual found in the file


def zeros_like_rows(t: Tensor) -> Tensor:
    """A bias of zeros for a weight of shape (rows, in): not in the file."""
    return Tensor(np.zeros(t.array.shape[:1]), None)
