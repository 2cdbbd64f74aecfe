"""Backpropagation through time, as min-char-rnn's lossFun does it: one reversed loop over the
steps that carries dh_next (and, for the LSTM, dc_next) by hand (layer_sweep).

    dh_next = 0
    for t = T-1 .. 0:
        dh = dh_in[t] + dh_next          # from outside the recurrence, and from step t+1
        d_ih, d_hh, dh_next, ... = cell.backward(step t, dh, dc_next)
    dW_ih = sum_t d_ih_t x_t^T,  dW_hh = sum_t d_hh_t h_{t-1}^T,  db = sum_t d_t   (param_grads)

For the language model, dh_in of the top layer is W_hy^T dy_t with dy_t = p_t - onehot(target_t),
the softmax cross-entropy's gradient (loss_seeds): the loss L_t enters at h_t, every later loss
through h_{t+1}. Layers are walked top first; d_ih @ W_ih, the gradient of a layer's input at
each step, is the dh_in of the layer below (walk); with residual connections (out = h + input)
the gradient of the layer's output reaches its input directly too.

Truncated BPTT cuts the walk after k steps (truncate=k), in one of two ways:
    window  one walk per loss L_s, from s back to s-k+1: the lecture's "back-propagate only a
            fixed number of steps"; a walk of k steps for each of the T losses
    chunk   the sequence cut into chunks of k steps, one walk over all of them; at each chunk's
            first step the carried gradient is dropped (dh_next = 0), exactly what calling
            h.detach() between chunks does; T steps in all
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import limits as L
from . import params as P
from .cells import CELLS
from .cells.record import StepGrad
from .model import Forward, Spec, input_grad, stack
from .norms import norm

TRUNCATE_MODES = L.TRUNCATE_MODES


@dataclass
class LayerGrads:
    """One layer's BPTT (layer_sweep), per step in the order the layer was stepped."""

    dh: np.ndarray  # (T, [B,] H) dL/dh_t that reached the cell at step t (0 on a masked step)
    dc: np.ndarray | None  # (T, [B,] H) dL/dc_t over every path (LSTM)
    d_ih: np.ndarray  # (T, [B,] G*H) dL/d(W_ih x_t + b_ih): the gates' pre-activations
    d_hh: np.ndarray  # (T, [B,] G*H) dL/d(W_hh h_{t-1} + b_hh)
    dh0: np.ndarray  # ([B,] H) dL/dh_0, the initial state (a decoder's: the context vector)
    dc0: np.ndarray | None


def layer_sweep(
    p: dict,
    spec: Spec,
    records: list,
    dh_in: np.ndarray,
    dh_after: np.ndarray | None = None,
    dc_after: np.ndarray | None = None,
    mask: np.ndarray | None = None,
    chunk: int | None = None,
) -> LayerGrads:
    """BPTT through one layer, t = T-1 .. 0, carrying dh_next (and dc_next) as on the slide.

    dh_in (T, [B,] H): dL/dh_t from outside the recurrence (a readout, the layer above).
    dh_after, dc_after: the gradient arriving at the last state from after the sequence (a
    classifier reading it, a decoder starting from it). mask (T, [B]): where False the step
    kept its state (h_t = h_{t-1}, core.model.run_layer): its gradient passes straight on to
    h_{t-1} and the cell gets none. chunk k: the carried gradient is dropped at steps k, 2k, ...
    (h.detach() between chunks). dL/d(input x_t) is d_ih[t] @ W_ih.
    """
    cell = CELLS[spec.cell]
    zero = np.zeros(dh_in.shape[1:])
    dh_next = zero if dh_after is None else dh_after
    dc_next = (zero if dc_after is None else dc_after) if spec.cell == "lstm" else None
    steps: list[StepGrad] = []
    dh_cell = []
    for t in reversed(range(len(records))):
        dh = dh_in[t] + dh_next  # from outside + from the future
        g = cell.backward(p, records[t], dh, dc_next, spec.activation)
        if mask is not None:  # a kept step: the gradient skips the cell
            g, dh = _kept(g, mask[t], dh, dc_next)
        steps.append(g)
        dh_cell.append(dh)
        dh_next, dc_next = g.dh_prev, g.dc_prev
        if chunk and t % chunk == 0 and t > 0:  # the chunk's first step: h.detach()
            dh_next, dc_next = zero, None if dc_next is None else zero
    steps.reverse()
    d_ih = np.array([g.d_ih for g in steps])
    d_hh = d_ih if cell.SHARED_GRAD else np.array([g.d_hh for g in steps])  # GRU: n differs
    return LayerGrads(
        dh=np.array(dh_cell[::-1]),
        dc=np.array([g.dc for g in steps]) if spec.cell == "lstm" else None,
        d_ih=d_ih,
        d_hh=d_hh,
        dh0=dh_next,
        dc0=dc_next,
    )


def _kept(g: StepGrad, m: np.ndarray, dh: np.ndarray, dc_next: np.ndarray | None):
    """Where m is False the step kept its state: dh (and dc) pass on to h_{t-1} (c_{t-1})
    untouched and the cell gets nothing. Returns the step's gradients and the dh of its cell."""
    m = np.asarray(m)[..., None]
    kept = StepGrad(
        d_ih=np.where(m, g.d_ih, 0.0),
        d_hh=np.where(m, g.d_hh, 0.0),
        dh_prev=np.where(m, g.dh_prev, dh),
        dc_prev=None if g.dc_prev is None else np.where(m, g.dc_prev, dc_next),  # type: ignore[arg-type]
        dc=None if g.dc is None else np.where(m, g.dc, 0.0),
    )
    return kept, np.where(m, dh, 0.0)


def layer_param_grads(lg: LayerGrads, xs: np.ndarray, records: list) -> dict:
    """One layer's weight_ih, weight_hh, bias_ih, bias_hh gradients (short names, as
    params.layer) from layer_sweep's per-step gradients and the inputs xs (T, [B,] in)."""
    return weight_grads(lg.d_ih, lg.d_hh, xs, stack(records, "h_prev"))


def weight_grads(d_ih: np.ndarray, d_hh: np.ndarray, xs: np.ndarray, h_prev: np.ndarray) -> dict:
    """dW_ih = sum_t d_ih_t x_t^T, dW_hh = sum_t d_hh_t h_{t-1}^T, db = sum_t d_t (short names)."""
    return {
        "weight_ih": _outer_sum(d_ih, xs),
        "weight_hh": _outer_sum(d_hh, h_prev),
        "bias_ih": _rows(d_ih).sum(axis=0),
        "bias_hh": _rows(d_hh).sum(axis=0),
    }


@dataclass
class Grads:
    """BPTT of the language model (walk, backward): per layer, bottom first."""

    layers: list[LayerGrads]
    dx: np.ndarray | None  # (T, [B,] E) dL/dx_t, reaching the embedding rows; None for one-hot
    walked: int = 0  # cell steps (layers x time steps) that the backward walks went through

    @property
    def dh(self) -> list[np.ndarray]:
        return [lg.dh for lg in self.layers]

    @property
    def dc(self) -> list[np.ndarray | None]:
        return [lg.dc for lg in self.layers]

    @property
    def d_ih(self) -> list[np.ndarray]:
        return [lg.d_ih for lg in self.layers]

    @property
    def d_hh(self) -> list[np.ndarray]:
        return [lg.d_hh for lg in self.layers]

    @property
    def dh0(self) -> list[np.ndarray]:
        return [lg.dh0 for lg in self.layers]

    @property
    def dc0(self) -> list[np.ndarray | None]:
        return [lg.dc0 for lg in self.layers]

    @classmethod
    def zeros(cls, spec: Spec, steps: int, batch: tuple[int, ...] = ()) -> Grads:
        gh, lstm = CELLS[spec.cell].G * spec.hidden, spec.cell == "lstm"
        state, gates = (steps, *batch, spec.hidden), (steps, *batch, gh)
        layers = [
            LayerGrads(
                np.zeros(state),
                np.zeros(state) if lstm else None,
                np.zeros(gates),
                np.zeros(gates),
                np.zeros(state[1:]),
                np.zeros(state[1:]) if lstm else None,
            )
            for _ in range(spec.layers)
        ]
        return cls(layers, np.zeros((steps, *batch, spec.embedding)) if spec.embedding else None)

    def add(self, part: Grads, lo: int) -> None:
        """Add a walk over the steps lo .. lo+n-1 (window truncation sums one per loss)."""
        at = slice(lo, lo + len(part.layers[0].dh))
        for mine, theirs in zip(self.layers, part.layers, strict=True):
            for name in ("dh", "dc", "d_ih", "d_hh"):
                if getattr(mine, name) is not None:
                    getattr(mine, name)[at] += getattr(theirs, name)
            if lo == 0:  # the walk reached the initial state
                mine.dh0 += theirs.dh0
                if mine.dc0 is not None:
                    mine.dc0 += theirs.dc0
        if self.dx is not None:
            self.dx[at] += part.dx
        self.walked += part.walked


def walk(
    params: dict, spec: Spec, fwd: Forward, seeds: np.ndarray, lo: int = 0, chunk: int | None = None
) -> Grads:
    """BPTT over the steps lo .. lo+n-1 for the loss gradients seeds (n, [B,] V) at them:
    through the readout, then each layer's reverse loop, top layer first."""
    at = slice(lo, lo + len(seeds))
    d_above = seeds @ params["readout.weight"]  # (n, [B,] H) dL_t/dh_t through the readout
    layers: list[LayerGrads] = []
    for k in reversed(range(spec.layers)):
        p = P.layer(params, k)
        layers.insert(0, layer_sweep(p, spec, fwd.records[k][at], d_above, chunk=chunk))
        if k > 0 or spec.embedding:  # the input is a layer's output or a learned embedding
            d_input = layers[0].d_ih @ p["weight_ih"]  # dL/d(layer k's input): x enters as W_ih x
            d_above = input_grad(spec, k, d_input, d_above)  # and the skip
    return Grads(layers, d_above if spec.embedding else None, len(seeds) * spec.layers)


def loss_seeds(fwd: Forward, targets: np.ndarray, only: int | None = None) -> np.ndarray:
    """dL/dy_t = p_t - onehot(target_t), (T, [B,] V), zero at steps not read out; with
    `only`, other steps are zero."""
    d = seeds_of(fwd.probs, np.asarray(targets)[fwd.read_from :])
    if fwd.read_from:
        d = np.concatenate([np.zeros((fwd.read_from, *d.shape[1:])), d])
    if only is not None:
        keep = np.zeros(len(d), dtype=bool)
        keep[only] = True
        d[~keep] = 0.0
    return d


def seeds_of(probs: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """dL_t/dy_t = p_t - onehot(target_t) at every step of probs (T, [B,] V)."""
    return probs - np.eye(probs.shape[-1])[np.asarray(targets)]


def backward(
    params: dict,
    spec: Spec,
    fwd: Forward,
    dlogits: np.ndarray,
    truncate: int | None = None,
    mode: str = "window",
) -> Grads:
    """dL/d(everything) for the losses seeded in dlogits (T, [B,] V); truncated to k steps in
    the `mode` of the module docstring if truncate is given."""
    steps = len(dlogits)
    if truncate is None or truncate >= steps:
        return walk(params, spec, fwd, dlogits)
    if mode == "chunk":
        return walk(params, spec, fwd, dlogits, chunk=truncate)
    total = Grads.zeros(spec, steps, dlogits.shape[1:-1])
    for s in range(steps):
        if dlogits[s].any():  # one walk per loss that is there, from s back to s-k+1
            lo = max(0, s - truncate + 1)
            seeds = np.zeros_like(dlogits[lo : s + 1])
            seeds[-1] = dlogits[s]
            total.add(walk(params, spec, fwd, seeds, lo), lo)
    return total


def first_reached(steps: int, truncate: int | None, mode: str = "window") -> int:
    """The first step that the last loss's gradient reaches: 0 without truncation, T-k with a
    window of k, the start of the last chunk with chunks of k."""
    if truncate is None or truncate >= steps:
        return 0
    last = steps - 1
    return last // truncate * truncate if mode == "chunk" else last - truncate + 1


def param_grads(
    params: dict, spec: Spec, fwd: Forward, acc: Grads, dlogits: np.ndarray, inputs: np.ndarray
) -> dict[str, np.ndarray]:
    """Per-tensor gradients (state_dict names) from BPTT's per-step gradients."""
    grads = {}
    for k in range(spec.layers):
        lg = layer_param_grads(acc.layers[k], fwd.layer_input(k), fwd.records[k])
        for key, g in lg.items():
            grads[f"{key}_l{k}"] = g
    grads.update(output_grads(params, dlogits, fwd.outputs[-1], acc.dx, inputs))
    return {name: grads[name] for name in params}


def output_grads(
    params: dict, dlogits: np.ndarray, top: np.ndarray, dx: np.ndarray | None, inputs
) -> dict[str, np.ndarray]:
    """The readout's gradients from dL/dy (T, [B,] V) and the top layer's outputs, and the
    embedding's from dL/dx when it has one (its rows are parameters)."""
    grads = {"readout.weight": _outer_sum(dlogits, top), "readout.bias": _rows(dlogits).sum(axis=0)}
    if dx is not None:
        d_emb = np.zeros_like(params["embedding.weight"])
        np.add.at(d_emb, np.ravel(inputs), _rows(dx))
        grads["embedding.weight"] = d_emb
    return grads


def _rows(a: np.ndarray) -> np.ndarray:
    """(T, [B,] n) -> (T*B, n): steps and batch are summed over alike."""
    return a.reshape(-1, a.shape[-1])


def _outer_sum(d: np.ndarray, v: np.ndarray) -> np.ndarray:
    """sum over steps (and batch) of outer(d_t, v_t): the gradient of a weight matrix."""
    return _rows(d).T @ _rows(v)


def global_norm(grads: dict[str, np.ndarray]) -> float:
    """||g|| over every tensor at once: the norm of the per-tensor norms."""
    return norm(np.array([norm(g) for g in grads.values()]))


def clip_global(grads: dict[str, np.ndarray], threshold: float | None):
    """g <- threshold * g / ||g|| when ||g|| > threshold (norm over every tensor at once).

    Returns (clipped grads, norm before, norm after, whether it clipped).
    """
    before = global_norm(grads)
    out = _scaled(grads, threshold, before)
    if out is grads:
        return grads, before, before, False
    return out, before, global_norm(out), True


def clipped(grads: dict[str, np.ndarray], threshold: float | None) -> dict[str, np.ndarray]:
    """clip_global's clipped gradients alone: all that a training step needs."""
    return grads if threshold is None else _scaled(grads, threshold, global_norm(grads))


def _scaled(grads: dict[str, np.ndarray], threshold: float | None, before: float) -> dict:
    if threshold is None or not before > threshold:
        return grads
    scale = threshold / before
    return {name: g * scale for name, g in grads.items()}
