"""The unrolled model: input vectors -> stacked cells stepped through time -> readout -> softmax.

x_t  = one_hot(token_t)            or  embedding.weight[token_t]   (in,)
h_t^k = cell_k(h_{t-1}^k, input_t^k), input_t^0 = x_t, input_t^k = h_t^{k-1}
y_t  = readout.weight @ h_t^top + readout.bias                   (V,)
p_t  = softmax(y_t),  L_t = -log p_t[target_t],  L = sum_t L_t  (natural log)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import params as P
from .cells import CELLS
from .cells.record import StepRecord


@dataclass(frozen=True)
class Spec:
    """What a model is, apart from its weights."""

    cell: str
    vocab: int
    hidden: int
    layers: int = 1
    embedding: int = 0
    activation: str = "tanh"

    @property
    def n_in(self) -> int:
        return self.embedding or self.vocab


@dataclass
class Forward:
    """Everything the forward pass computed. records[k][t] is layer k at step t. The readout
    (logits, probs, loss) covers steps read_from..T-1: every step, unless forward was asked
    for fewer (the recall task has a loss at its last step only)."""

    records: list[list[StepRecord]]
    x: np.ndarray  # (T, [B,] n_in) what layer 0 received
    logits: np.ndarray  # (T - read_from, [B,] V)
    probs: np.ndarray  # (T - read_from, [B,] V)
    loss: np.ndarray  # (T - read_from, [B])
    read_from: int = 0


def zero_state(spec: Spec, batch: tuple[int, ...] = ()) -> tuple[np.ndarray, ...]:
    h = np.zeros((*batch, spec.hidden))
    return (h, np.zeros_like(h)) if spec.cell == "lstm" else (h,)


def input_vectors(params: dict, spec: Spec, ids: np.ndarray) -> np.ndarray:
    """(T,) or (T, B) token ids -> (T, [B,] n_in) one-hot rows or embedding rows."""
    if spec.embedding:
        return params["embedding.weight"][ids]
    return np.eye(spec.vocab)[ids]


def run_layer(
    p: dict, spec: Spec, xs: np.ndarray, state: tuple, mask: np.ndarray | None = None
) -> list[StepRecord]:
    """Step one layer through every row of xs (T, [B,] in), starting from `state`. `mask`
    (T, [B]) bool: where False the step keeps its state, h_t = h_{t-1} (a pad, as
    pack_padded_sequence skips it); the record is still the cell's own (its output dropped),
    `carried` gives the state that went on."""
    step = CELLS[spec.cell].step
    records = []
    for t, x in enumerate(xs):
        rec = step(p, x, state, spec.activation)
        records.append(rec)
        state = rec.state if mask is None else _keep(mask[t], rec.state, state)
    return records


def _keep(m: np.ndarray, new: tuple, old: tuple) -> tuple:
    """The state after a masked step: the cell's where m is True, the old one elsewhere."""
    return tuple(np.where(np.asarray(m)[..., None], n, o) for n, o in zip(new, old, strict=True))


def carried(records: list[StepRecord], mask: np.ndarray | None, attr: str = "h") -> np.ndarray:
    """(T, [B,] H) the state (h or c) each step passed on: the cell's output, or on a masked
    step the state it kept (which that step's record holds as h_prev / c_prev)."""
    out = stack(records, attr)
    if mask is None:
        return out
    return np.where(np.asarray(mask)[..., None], out, stack(records, f"{attr}_prev"))


def readout(params: dict, h_top: np.ndarray, targets: np.ndarray):
    """(T, [B,] H) top hidden states -> logits, probs (T, [B,] V), per-step loss (T, [B])."""
    logits = h_top @ params["readout.weight"].T + params["readout.bias"]
    shifted = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    total = e.sum(axis=-1, keepdims=True)
    probs = e / total
    picked = np.take_along_axis(shifted, np.asarray(targets)[..., None], axis=-1)
    loss = (np.log(total) - picked)[..., 0]
    return logits, probs, loss


def forward(
    params: dict, spec: Spec, inputs: np.ndarray, targets: np.ndarray, read_from: int = 0
) -> Forward:
    """Run the whole unrolled model from the zero state; inputs (T,) or a batch (T, B).
    The readout starts at step `read_from`; for a batch, each step's numbers are the same as
    in the full readout (numpy multiplies each step's (B, H) on its own)."""
    x = input_vectors(params, spec, inputs)
    records, xs = [], x
    for k in range(spec.layers):
        recs = run_layer(P.layer(params, k), spec, xs, zero_state(spec, np.shape(inputs)[1:]))
        records.append(recs)
        xs = np.array([r.h for r in recs])
    logits, probs, loss = readout(params, xs[read_from:], np.asarray(targets)[read_from:])
    return Forward(records, x, logits, probs, loss, read_from)


def stack(records: list[StepRecord], attr: str) -> np.ndarray:
    """(T, ...) array of one attribute over a layer's records."""
    return np.array([getattr(r, attr) for r in records])
