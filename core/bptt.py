"""Backpropagation through time: one reversed loop per sweep, carrying dh_next by hand.

A sweep seeds dL/dy_t at some steps and walks t = t_hi .. t_lo backwards through every
layer (top first, so each layer's dx at step t reaches the layer below at the same t).
Full BPTT is one sweep over all steps with every loss seeded. Truncated BPTT with window k
is one sweep per loss L_s, from s back to s-k+1: the gradient that would reach h_{s-k} is
dropped, as in the lecture ("back-propagate only a fixed number of steps").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import params as P
from .cells import CELLS
from .model import Forward, Spec, stack
from .norms import norm

EVERYTHING = ("dh", "dc", "dx", "dh0")  # what a trace shows; training needs less (for_params)


@dataclass
class Grads:
    """Gradients accumulated per step. Lists are per layer, bottom first. d_ih and d_hh are
    always there; the others only when backward's `keep` names them (else None)."""

    dh: list[np.ndarray] | None  # (T, H) dL/dh_t over every path
    dc: list[np.ndarray] | None  # (T, H) dL/dc_t over every path (LSTM)
    d_ih: list[np.ndarray]  # (T, G*H) dL/d(W_ih x_t + b_ih)
    d_hh: list[np.ndarray]  # (T, G*H) dL/d(W_hh h_{t-1} + b_hh); d_ih's arrays if SHARED_GRAD
    dx: np.ndarray | None  # (T, n_in) dL/d(layer-0 input)
    dh0: list[np.ndarray] | None  # (H,) dL/dh_0, initial state
    dc0: list[np.ndarray] | None

    @classmethod
    def zeros(cls, spec: Spec, steps: int, batch: tuple[int, ...] = (),
              keep=EVERYTHING) -> Grads:  # fmt: skip
        cell = CELLS[spec.cell]
        L, H, gh = spec.layers, spec.hidden, cell.G * spec.hidden
        lstm = spec.cell == "lstm"

        def z(*shape):
            return [np.zeros(shape) for _ in range(L)]

        d_ih = z(steps, *batch, gh)
        return cls(
            dh=z(steps, *batch, H) if "dh" in keep else None,
            dc=z(steps, *batch, H) if lstm and "dc" in keep else None,
            d_ih=d_ih,
            d_hh=d_ih if cell.SHARED_GRAD else z(steps, *batch, gh),
            dx=np.zeros((steps, *batch, spec.n_in)) if "dx" in keep else None,
            dh0=z(*batch, H) if "dh0" in keep else None,
            dc0=z(*batch, H) if lstm and "dh0" in keep else None,
        )


def for_params(spec: Spec) -> tuple[str, ...]:
    """What backward must keep for param_grads alone: dx, for an embedding's gradient."""
    return ("dx",) if spec.embedding else ()


def sweep(params: dict, spec: Spec, fwd: Forward, dlogits: np.ndarray, t_hi: int, t_lo: int,
          acc: Grads) -> None:  # fmt: skip
    """Backward from step t_hi down to t_lo, seeds dlogits (T, [B,] V); adds into acc."""
    cell = CELLS[spec.cell]
    layers = [P.layer(params, k) for k in range(spec.layers)]
    w_out = params["readout.weight"]
    # A step with no seed gets nothing from the readout: 0 @ w_out is 0 (if w_out is finite).
    seeded = np.any(dlogits.reshape(len(dlogits), -1) != 0, axis=1) | ~np.isfinite(w_out).all()
    state_shape = (*dlogits.shape[1:-1], spec.hidden)  # (H,) or (B, H)
    dh_next = [np.zeros(state_shape) for _ in layers]
    dc_next = [np.zeros(state_shape) if spec.cell == "lstm" else None for _ in layers]
    for t in range(t_hi, t_lo - 1, -1):
        from_above = dlogits[t] @ w_out if seeded[t] else None  # ([B,] H)
        for k in reversed(range(spec.layers)):
            rec = fwd.records[k][t]
            dh = dh_next[k] if from_above is None else from_above + dh_next[k]
            if acc.dh is not None:
                acc.dh[k][t] += dh
            if acc.dc is not None:
                acc.dc[k][t] += cell.cell_total(rec, dh, dc_next[k])
            d_ih, d_hh, dh_next[k], dc_next[k] = cell.backward(
                layers[k], rec, dh, dc_next[k], spec.activation
            )
            acc.d_ih[k][t] += d_ih
            if acc.d_hh is not acc.d_ih:
                acc.d_hh[k][t] += d_hh
            if k > 0 or acc.dx is not None:  # dL/d(this layer's input): x enters as W_ih x
                from_above = d_ih @ layers[k]["weight_ih"]
        if acc.dx is not None:
            acc.dx[t] += from_above
    if t_lo == 0 and acc.dh0 is not None:  # the window reached the initial state
        for k in range(spec.layers):
            acc.dh0[k] += dh_next[k]
            if acc.dc0 is not None:
                acc.dc0[k] += dc_next[k]


@dataclass
class LayerGrads:
    """One layer's BPTT (layer_sweep), per step in the order the layer was stepped."""

    dh: np.ndarray  # (T, [B,] H) dL/dh_t that reached the cell at step t (0 on a masked step)
    dc: np.ndarray | None  # (T, [B,] H) dL/dc_t over every path (LSTM)
    d_ih: np.ndarray  # (T, [B,] G*H) dL/d(W_ih x_t + b_ih)
    d_hh: np.ndarray  # (T, [B,] G*H) dL/d(W_hh h_{t-1} + b_hh)
    dh0: np.ndarray  # ([B,] H) dL/dh_0, the initial state (a decoder's: the context vector)
    dc0: np.ndarray | None


def layer_sweep(p: dict, spec: Spec, records: list, dh_in: np.ndarray,
                dh_after: np.ndarray | None = None, dc_after: np.ndarray | None = None,
                mask: np.ndarray | None = None) -> LayerGrads:  # fmt: skip
    """BPTT through one layer, t = T-1 .. 0, carrying dh_next (and dc_next) as on the slide.

    dh_in (T, [B,] H): dL/dh_t from outside the recurrence (a readout, the layer above).
    dh_after, dc_after: the gradient arriving at the last state from after the sequence (a
    classifier reading it, a decoder starting from it). mask (T, [B]): where False the step
    kept its state (h_t = h_{t-1}, core.model.run_layer): its gradient passes straight on to
    h_{t-1} and the cell gets none. dL/d(input x_t) is d_ih[t] @ W_ih.
    """
    cell, lstm = CELLS[spec.cell], spec.cell == "lstm"
    zero = np.zeros(dh_in.shape[1:])
    dh_next = zero if dh_after is None else dh_after
    dc_next = (zero if dc_after is None else dc_after) if lstm else None
    out = LayerGrads(np.zeros_like(dh_in), np.zeros_like(dh_in) if lstm else None, None, None,
                     zero, None)  # fmt: skip
    d_ih, d_hh = [], []
    for t in reversed(range(len(records))):
        rec = records[t]
        dh = dh_in[t] + dh_next  # from above + from the future
        di, dhh, dh_prev, dc_prev = cell.backward(p, rec, dh, dc_next, spec.activation)
        if mask is not None:  # a kept step: the gradient skips the cell
            m = np.asarray(mask[t])[..., None]
            di, dhh = np.where(m, di, 0.0), np.where(m, dhh, 0.0)
            dh_prev = np.where(m, dh_prev, dh)
            dc_prev = np.where(m, dc_prev, dc_next) if lstm else None
            dh_cell, dc_cell = np.where(m, dh, 0.0), np.where(m, dc_next, 0.0) if lstm else None
        else:
            dh_cell, dc_cell = dh, dc_next
        out.dh[t] = dh_cell
        if lstm:
            out.dc[t] = cell.cell_total(rec, dh_cell, dc_cell)
        d_ih.append(di)
        d_hh.append(dhh)
        dh_next, dc_next = dh_prev, dc_prev
    out.d_ih, out.d_hh = np.array(d_ih[::-1]), np.array(d_hh[::-1])
    out.dh0, out.dc0 = dh_next, dc_next
    return out


def layer_param_grads(lg: LayerGrads, xs: np.ndarray, records: list) -> dict:
    """One layer's weight_ih, weight_hh, bias_ih, bias_hh gradients (short names, as
    params.layer) from layer_sweep's per-step gradients and the inputs xs (T, [B,] in)."""
    return {
        "weight_ih": _outer_sum(lg.d_ih, xs),
        "weight_hh": _outer_sum(lg.d_hh, stack(records, "h_prev")),
        "bias_ih": _rows(lg.d_ih).sum(axis=0),
        "bias_hh": _rows(lg.d_hh).sum(axis=0),
    }


def loss_seeds(fwd: Forward, targets: np.ndarray, only: int | None = None) -> np.ndarray:
    """dL/dy_t = p_t - onehot(target_t), (T, [B,] V), zero at steps not read out; with
    `only`, other steps are zero."""
    d = fwd.probs.copy()
    at = np.asarray(targets)[fwd.read_from :, ..., None]  # where the one-hot target is 1
    np.put_along_axis(d, at, np.take_along_axis(d, at, axis=-1) - 1.0, axis=-1)
    if fwd.read_from:
        d = np.concatenate([np.zeros((fwd.read_from, *d.shape[1:])), d])
    if only is not None:
        keep = np.zeros(len(d), dtype=bool)
        keep[only] = True
        d[~keep] = 0.0
    return d


def backward(params: dict, spec: Spec, fwd: Forward, dlogits: np.ndarray,
             truncate: int | None = None, keep=EVERYTHING) -> Grads:  # fmt: skip
    """dL/d(everything) for the losses seeded in dlogits; truncated to k steps if given.
    `keep` names the accumulators wanted besides d_ih and d_hh (for_params(spec): training)."""
    steps = len(dlogits)
    acc = Grads.zeros(spec, steps, dlogits.shape[1:-1], keep)
    seeded_at = np.any(dlogits.reshape(steps, -1) != 0, axis=1)
    if truncate is None or truncate >= steps:
        seeded = np.flatnonzero(seeded_at)
        if len(seeded):
            sweep(params, spec, fwd, dlogits, int(seeded[-1]), 0, acc)
        return acc
    for s in range(steps):
        if seeded_at[s]:
            one = np.zeros_like(dlogits)
            one[s] = dlogits[s]
            sweep(params, spec, fwd, one, s, max(0, s - truncate + 1), acc)
    return acc


def param_grads(params: dict, spec: Spec, fwd: Forward, acc: Grads, dlogits: np.ndarray,
                inputs: np.ndarray) -> dict[str, np.ndarray]:  # fmt: skip
    """Per-tensor gradients (state_dict names) from the per-step accumulators."""
    grads = {}
    below = fwd.x
    for k in range(spec.layers):
        recs = fwd.records[k]
        grads[f"weight_ih_l{k}"] = _outer_sum(acc.d_ih[k], below)
        grads[f"weight_hh_l{k}"] = _outer_sum(acc.d_hh[k], stack(recs, "h_prev"))
        grads[f"bias_ih_l{k}"] = _rows(acc.d_ih[k]).sum(axis=0)
        grads[f"bias_hh_l{k}"] = (
            grads[f"bias_ih_l{k}"].copy()
            if acc.d_hh is acc.d_ih
            else _rows(acc.d_hh[k]).sum(axis=0)
        )
        below = stack(recs, "h")
    grads["readout.weight"] = _outer_sum(dlogits, below)
    grads["readout.bias"] = _rows(dlogits).sum(axis=0)
    if spec.embedding:
        d_emb = np.zeros_like(params["embedding.weight"])
        np.add.at(d_emb, np.ravel(inputs), _rows(acc.dx))
        grads["embedding.weight"] = d_emb
    return {name: grads[name] for name in params}


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
