"""A stack of recurrent layers over a padded batch, one or two directions a layer, as `nn.RNN`,
`nn.LSTM` and `nn.GRU` with `bidirectional` and packed sequences:

    forward  direction of layer k reads t = 0 .. T-1        weight_ih_l{k}, ...
    backward direction of layer k reads t = T-1 .. 0        weight_ih_l{k}_reverse, ...
    input of layer k+1 at step t = [h_t forward ; h_t backward]     (2H)

A masked step (a pad) keeps its state in either direction (core.model.run_layer), so the
final state of each direction is the state after its last real token: PyTorch's h_n of
pack_padded_sequence. The cells, the stepping and BPTT are core.model's and core.bptt's; this
module only orders the steps and concatenates the directions. Arrays are time-major (T, B, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from . import params as P
from .bptt import LayerGrads, layer_param_grads, layer_sweep
from .cells import CELLS
from .cells.record import StepRecord
from .model import Spec, carried, input_vectors, run_layer, zero_state
from .norms import row_norms

SUFFIXES = ("", "_reverse")  # PyTorch's names for the forward and backward direction
RECURRENT = re.compile(r"(weight|bias)_(?:ih|hh)_l(\d+)(_reverse)?$")


def directions(bidirectional: bool) -> tuple[str, ...]:
    return SUFFIXES if bidirectional else SUFFIXES[:1]


def shapes(cell: str, n_in: int, hidden: int, layers: int, bidirectional: bool) -> dict:
    """The recurrent tensors' names and shapes, in nn.RNN's state_dict order."""
    gh, dirs = CELLS[cell].G * hidden, len(directions(bidirectional))
    out: dict[str, tuple[int, ...]] = {}
    for k in range(layers):
        for suffix in directions(bidirectional):
            out[f"weight_ih_l{k}{suffix}"] = (gh, n_in if k == 0 else dirs * hidden)
            out[f"weight_hh_l{k}{suffix}"] = (gh, hidden)
            out[f"bias_ih_l{k}{suffix}"] = (gh,)
            out[f"bias_hh_l{k}{suffix}"] = (gh,)
    return out


def init(shapes_: dict, seed: int, init_scale: float = 1.0) -> dict:
    """PyTorch's defaults, as core.params.init: a recurrent layer's tensors U(-1/sqrt(H),
    1/sqrt(H)) (H its hidden size), a Linear layer's U(-1/sqrt(in), 1/sqrt(in)), an
    embedding N(0, 1); times init_scale. One random stream per tensor name (core.params)."""
    params = {}
    for name, shape in shapes_.items():
        rng = P._rng(seed, name)
        if name.endswith("embedding.weight"):
            params[name] = init_scale * rng.standard_normal(shape)
            continue
        if RECURRENT.search(name):  # H is the width of the layer's weight_hh
            fan_in = shapes_[RECURRENT.sub(r"weight_hh_l\g<2>\g<3>", name)][-1]
        else:
            fan_in = shapes_[name.replace(".bias", ".weight")][-1]
        bound = 1.0 / np.sqrt(fan_in)
        params[name] = init_scale * rng.uniform(-bound, bound, shape)
    return params


def sub(params: dict, prefix: str) -> dict:
    """The tensors under `prefix` ("encoder.") with the prefix taken off."""
    return {k[len(prefix) :]: v for k, v in params.items() if k.startswith(prefix)}


def layer_params(params: dict, k: int, suffix: str) -> dict:
    return {key: params[f"{key}_l{k}{suffix}"] for key in P.LAYER_KEYS}


@dataclass
class Direction:
    """One direction of one layer: records in the order stepped (backward: t = T-1 first)."""

    suffix: str
    records: list[StepRecord]
    xs: np.ndarray  # (T, B, in) its input, in the order stepped
    mask: np.ndarray | None  # (T, B), in the order stepped

    @property
    def order(self) -> slice:
        return slice(None, None, -1) if self.suffix else slice(None)

    def states(self, attr: str = "h") -> np.ndarray:
        """(T, B, H) the state after each step, in time order (a pad keeps the one before)."""
        return carried(self.records, self.mask, attr)[self.order]

    def final(self) -> tuple[np.ndarray, ...]:
        """The state after its last step: h_n (and c_n), each (B, H)."""
        last, m = self.records[-1:], None if self.mask is None else self.mask[-1:]
        return tuple(carried(last, m, a)[0] for a in ("h", "c")[: len(last[0].state)])


@dataclass
class StackForward:
    ids: np.ndarray  # (T, B) token ids
    x: np.ndarray  # (T, B, n_in) what layer 0 read
    layers: list[list[Direction]]  # [k][direction]

    def output(self, k: int = -1) -> np.ndarray:
        """(T, B, dirs*H) layer k's output: the directions' states concatenated."""
        return np.concatenate([d.states("h") for d in self.layers[k]], axis=-1)

    def finals(self) -> list[list[tuple[np.ndarray, ...]]]:
        """[k][direction] final states: PyTorch's h_n[k * dirs + direction] (and c_n)."""
        return [[d.final() for d in dirs] for dirs in self.layers]


def forward(
    params: dict,
    spec: Spec,
    ids: np.ndarray,
    mask: np.ndarray | None = None,
    bidirectional: bool = False,
    state0: list | None = None,
) -> StackForward:
    """Run the stack over ids (T, B) from the zero state, or for a forward-only stack from
    state0[k] (the state a decoder starts from). `params` without prefix: embedding.weight
    (if spec.embedding), weight_ih_l{k}[_reverse], ..."""
    x = input_vectors(params, spec, ids)
    xs, layers = x, []
    batch = np.shape(ids)[1:]
    for k in range(spec.layers):
        dirs = []
        for suffix in directions(bidirectional):
            back = slice(None, None, -1) if suffix else slice(None)
            start = zero_state(spec, batch) if state0 is None else state0[k]
            gather = ids[back] if k == 0 and not spec.embedding else None  # one-hot rows
            m = None if mask is None else mask[back]
            p = layer_params(params, k, suffix)
            recs = run_layer(p, spec, xs[back], start, m, ids=gather)
            dirs.append(Direction(suffix, recs, xs[back], m))
        layers.append(dirs)
        xs = np.concatenate([d.states("h") for d in dirs], axis=-1)
    return StackForward(ids, x, layers)


@dataclass
class StackGrads:
    layers: list[list[LayerGrads]]  # [k][direction], per step in the order stepped
    dx: np.ndarray  # (T, B, n_in) dL/d(layer-0 input), time order
    params: dict[str, np.ndarray]  # gradients by (unprefixed) name


def backward(
    params: dict,
    spec: Spec,
    fwd: StackForward,
    dh_out: np.ndarray | None = None,
    after: list | None = None,
) -> StackGrads:
    """BPTT through the stack, top layer first, each direction by core.bptt.layer_sweep.

    dh_out (T, B, dirs*H): dL/d(top layer's output) at each step (a decoder's readout), or
    None. after[k][direction]: (dh, dc or None) arriving at that direction's final state (a
    classifier reads the top one; a decoder starts from every layer's)."""
    top = fwd.layers[-1]
    H, (T, B) = spec.hidden, fwd.x.shape[:2]
    above = np.zeros((T, B, len(top) * H)) if dh_out is None else dh_out
    out_layers: list[list[LayerGrads]] = [[] for _ in fwd.layers]
    grads: dict[str, np.ndarray] = {}
    for k in reversed(range(spec.layers)):
        below = np.zeros(fwd.layers[k][0].xs.shape)
        for j, d in enumerate(fwd.layers[k]):
            p = layer_params(params, k, d.suffix)
            seed = None if after is None else after[k][j]
            dh_after, dc_after = (None, None) if seed is None else seed
            lg = layer_sweep(
                p,
                spec,
                d.records,
                above[d.order][..., j * H : (j + 1) * H],
                dh_after,
                dc_after,
                d.mask,
            )
            out_layers[k].append(lg)
            below += (lg.d_ih @ p["weight_ih"])[d.order]
            for key, g in layer_param_grads(lg, d.xs, d.records).items():
                grads[f"{key}_l{k}{d.suffix}"] = g
        above = below
    if spec.embedding:
        d_emb = np.zeros_like(params["embedding.weight"])
        np.add.at(d_emb, fwd.ids.ravel(), above.reshape(-1, above.shape[-1]))
        grads["embedding.weight"] = d_emb
    return StackGrads(out_layers, above, grads)


def norms_bt(a: np.ndarray) -> np.ndarray:
    """(T, B, n) -> (B, T) Euclidean norms, range kept (core.norms)."""
    T, B, n = a.shape
    return row_norms(a.reshape(T * B, n)).reshape(T, B).T


def view(d: Direction, g, spec: Spec) -> dict:
    """One direction of one layer for the JSON, in time order and batch first: h (B, T, H), c,
    gates, grad.dL_dh (B, T) what reached each step's cell, its vectors, and dL/dh_0 (B,)."""
    recs, order = d.records, d.order

    def bt(a: np.ndarray) -> np.ndarray:  # (T, B, ...) in the order stepped -> (B, T, ...)
        return np.swapaxes(a[order], 0, 1)

    out = {
        "h": np.swapaxes(d.states("h"), 0, 1),
        "c": np.swapaxes(d.states("c"), 0, 1) if spec.cell == "lstm" else None,
        "gates": {k: bt(np.array([r.gates[k] for r in recs])) for k in recs[0].gates},
        "grad": {
            "dL_dh": norms_bt(g.dh[order]),
            "dL_dc": norms_bt(g.dc[order]) if g.dc is not None else None,
            "dL_dh_vec": bt(g.dh),
            "dL_dh0": row_norms(g.dh0),
        },
    }
    return out


def layer_views(fwd: StackForward, grads: StackGrads, spec: Spec) -> list[dict]:
    """Each layer's `view` for the JSON: its forward direction, and the backward one (if
    bidirectional) under `reverse`."""
    out = []
    for runs, gs in zip(fwd.layers, grads.layers, strict=True):  # one run per direction
        views = [view(d, g, spec) for d, g in zip(runs, gs, strict=True)]
        layer = views[0]
        if len(views) > 1:
            layer["reverse"] = views[1]
        out.append(layer)
    return out
