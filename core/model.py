"""The unrolled model: input vectors -> stacked cells stepped through time -> readout -> softmax.

x_t  = one_hot(token_t)            or  embedding.weight[token_t]   (in,)
h_t^k = cell_k(h_{t-1}^k, input_t^k), input_t^0 = x_t, input_t^k = out_t^{k-1}
out_t^k = h_t^k, or with residual (k >= 1) h_t^k + input_t^k: a skip connection around the cell
y_t  = readout.weight @ out_t^top + readout.bias                 (V,)
p_t  = softmax(y_t),  L_t = -log p_t[target_t],  L = sum_t L_t  (natural log)
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    residual: bool = False  # from the second layer up, a layer's output is h + its input

    @property
    def n_in(self) -> int:
        return self.embedding or self.vocab

    def param_count(self, outputs: int | None = None, directions: int = 1) -> dict:
        """core.params.count of this model (`outputs`: a classifier's labels)."""
        sizes = (self.cell, self.n_in, self.hidden, self.layers, self.vocab, self.embedding)
        return P.count(*sizes, outputs, directions)


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
    outputs: list[np.ndarray] = field(default_factory=list)  # (T, [B,] H) out_t^k per layer

    def layer_input(self, k: int) -> np.ndarray:
        """(T, [B,] in) what layer k received: x, or the output of the layer below."""
        return self.x if k == 0 else self.outputs[k - 1]


def zero_state(spec: Spec, batch: tuple[int, ...] = ()) -> tuple[np.ndarray, ...]:
    h = np.zeros((*batch, spec.hidden))
    return (h, np.zeros_like(h)) if spec.cell == "lstm" else (h,)


def input_vectors(params: dict, spec: Spec, ids: np.ndarray) -> np.ndarray:
    """(T,) or (T, B) token ids -> (T, [B,] n_in) one-hot rows or embedding rows."""
    if spec.embedding:
        return params["embedding.weight"][ids]
    return np.eye(spec.vocab)[ids]


def one_hot_projection(p: dict, ids: np.ndarray) -> np.ndarray | None:
    """(T, [B,] G*H): W_ih x_t + b_ih for every step at once, x_t = one_hot(ids_t): column
    ids_t of W_ih plus the bias, gathered. The cells compute the same product step by step;
    this gather gives the same numbers to the last bit (0 * w adds nothing, 1 * w is w) and is
    faster (bench: python -m bench.core.against). None when W_ih is not finite (there the
    product spreads 0 * inf = NaN over every row)."""
    w = p["weight_ih"]
    return (w.T + p["bias_ih"])[ids] if np.isfinite(w).all() else None


def run_layer(
    p: dict,
    spec: Spec,
    xs: np.ndarray,
    state: tuple,
    mask: np.ndarray | None = None,
    *,
    ids: np.ndarray | None = None,
) -> list[StepRecord]:
    """Step one layer through every row of xs (T, [B,] in), starting from `state`. `mask`
    (T, [B]) bool: where False the step keeps its state, h_t = h_{t-1} (a pad, as
    pack_padded_sequence skips it); the record is still the cell's own (its output dropped),
    `carried` gives the state that went on. `ids` (T, [B]): xs are their one-hot rows, and
    W_ih x_t + b_ih is gathered (one_hot_projection)."""
    step = CELLS[spec.cell].step
    ih = None if ids is None else one_hot_projection(p, ids)
    records = []
    with np.errstate(over="ignore"):  # sigmoid's e^-a: inf where the answer is 0 (core.cells)
        for t, x in enumerate(xs):
            rec = step(p, x, state, spec.activation, None if ih is None else ih[t])
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
    loss = np.log(total)[..., 0] - at_targets(shifted, targets)
    return logits, probs, loss


def at_targets(a: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """a[..., target] at every step (and batch row): (T, [B,] V) -> (T, [B])."""
    idx = np.asarray(targets)
    rows = a.reshape(-1, a.shape[-1])
    return rows[np.arange(len(rows)), idx.ravel()].reshape(idx.shape)


def forward(
    params: dict, spec: Spec, inputs: np.ndarray, targets: np.ndarray, read_from: int = 0
) -> Forward:
    """Run the whole unrolled model from the zero state; inputs (T,) or a batch (T, B).
    The readout starts at step `read_from`; for a batch, each step's numbers are the same as
    in the full readout (numpy multiplies each step's (B, H) on its own)."""
    x = input_vectors(params, spec, inputs)
    records, outputs, xs = [], [], x
    for k in range(spec.layers):
        one_hot = k == 0 and not spec.embedding  # xs are the one-hot rows of inputs
        start = zero_state(spec, np.shape(inputs)[1:])
        recs = run_layer(P.layer(params, k), spec, xs, start, ids=inputs if one_hot else None)
        records.append(recs)
        h = np.array([r.h for r in recs])
        xs = layer_output(spec, k, h, xs)
        outputs.append(xs)
    logits, probs, loss = readout(params, xs[read_from:], np.asarray(targets)[read_from:])
    return Forward(records, x, logits, probs, loss, read_from, outputs)


def layer_output(spec: Spec, k: int, h: np.ndarray, below: np.ndarray) -> np.ndarray:
    """out^k = h^k, or h^k + input^k with residual connections from the second layer up."""
    return h + below if spec.residual and k > 0 else h


def input_grad(spec: Spec, k: int, d_input: np.ndarray, d_above: np.ndarray) -> np.ndarray:
    """dL/d(layer k's input): through W_ih (`d_input`), plus through the skip connection
    (`d_above`, dL/d out^k) when out^k = h^k + input^k."""
    return d_input + d_above if spec.residual and k > 0 else d_input


def stack(records: list[StepRecord], attr: str) -> np.ndarray:
    """(T, ...) array of one attribute over a layer's records."""
    return np.array([getattr(r, attr) for r in records])
