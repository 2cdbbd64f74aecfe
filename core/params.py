"""Parameters as a PyTorch state_dict: {name: ndarray}, initialised reproducibly from a seed.

Names and shapes (G = 1 rnn, 4 lstm, 3 gru; in = V, E or H for layers above the first):
    weight_ih_l{k} (G*H, in)   weight_hh_l{k} (G*H, H)   bias_ih_l{k} (G*H,)   bias_hh_l{k} (G*H,)
    readout.weight (V, H)      readout.bias (V,)         embedding.weight (V, E)  [optional]
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping

import numpy as np

from . import recurrent
from .cells import CELLS

LAYER_KEYS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def shapes(cell: str, vocab: int, hidden: int, layers: int, embedding: int) -> dict:
    """Every tensor's name -> shape, in the order PyTorch's state_dict lists them."""
    gh = CELLS[cell].G * hidden
    out: dict[str, tuple[int, ...]] = {}
    if embedding:
        out["embedding.weight"] = (vocab, embedding)
    for k in range(layers):
        n_in = (embedding or vocab) if k == 0 else hidden
        out[f"weight_ih_l{k}"] = (gh, n_in)
        out[f"weight_hh_l{k}"] = (gh, hidden)
        out[f"bias_ih_l{k}"] = (gh,)
        out[f"bias_hh_l{k}"] = (gh,)
    out["readout.weight"] = (vocab, hidden)
    out["readout.bias"] = (vocab,)
    return out


def _rng(seed: int, name: str) -> np.random.Generator:
    # One stream per tensor: switching the embedding on does not change the other tensors.
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def init(
    cell: str,
    vocab: int,
    hidden: int,
    layers: int = 1,
    embedding: int = 0,
    seed: int = 0,
    init_scale: float = 1.0,
    w_hh_sigma: float | None = None,
    forget_bias: float | None = None,
    update_bias: float | None = None,
    init: str = "pytorch",
    spectral_radius: float | None = None,
) -> dict[str, np.ndarray]:
    """PyTorch's defaults: U(-1/sqrt(H), 1/sqrt(H)) for cells and readout, N(0, 1) embedding.

    init_scale multiplies every tensor drawn so. init "orthogonal" or "identity" then sets
    each gate block of every W_hh (core.recurrent; identity also zeroes the layer's biases,
    the IRNN). w_hh_sigma rescales each gate block of W_hh to that largest singular value,
    then spectral_radius to that largest eigenvalue magnitude. forget_bias (LSTM f rows) and
    update_bias (GRU z rows) set bias_ih of those rows and zero bias_hh, so the effective bias
    is exactly the value.
    """
    bound = 1.0 / np.sqrt(hidden)
    params = {}
    for name, shape in shapes(cell, vocab, hidden, layers, embedding).items():
        rng = _rng(seed, name)
        if name == "embedding.weight":
            params[name] = init_scale * rng.standard_normal(shape)
        else:
            params[name] = init_scale * rng.uniform(-bound, bound, shape)
    for k in range(layers):
        w_hh = params[f"weight_hh_l{k}"]
        recurrent.start(w_hh, hidden, init, _rng(seed, f"weight_hh_l{k}:{init}"))
        if init == "identity":
            params[f"bias_ih_l{k}"][:] = params[f"bias_hh_l{k}"][:] = 0.0
        if w_hh_sigma is not None:
            recurrent.rescale(w_hh, hidden, w_hh_sigma, "sigma")
        if spectral_radius is not None:
            recurrent.rescale(w_hh, hidden, spectral_radius, "radius")
        row = {"lstm": ("f", forget_bias), "gru": ("z", update_bias)}.get(cell)
        if row and row[1] is not None:
            rows = gate_rows(cell, row[0], hidden)
            params[f"bias_ih_l{k}"][rows] = row[1]
            params[f"bias_hh_l{k}"][rows] = 0.0
    return params


def gate_rows(cell: str, gate: str, hidden: int) -> slice:
    """Rows of W_ih / W_hh / biases that belong to one gate (PyTorch order)."""
    j = CELLS[cell].GATES.index(gate)
    return slice(j * hidden, (j + 1) * hidden)


def layer(params: Mapping[str, np.ndarray], k: int) -> dict[str, np.ndarray]:
    """The four tensors of layer k under their short names (weight_ih, ...)."""
    return {key: params[f"{key}_l{k}"] for key in LAYER_KEYS}


def load(
    state: Mapping[str, object], cell: str, vocab: int, hidden: int, layers: int, embedding: int
) -> dict[str, np.ndarray]:
    """A state_dict of nested lists (or arrays) -> float64 arrays, every name and shape checked."""
    return load_as(state, shapes(cell, vocab, hidden, layers, embedding))


def load_as(state: Mapping[str, object], expected: dict) -> dict[str, np.ndarray]:
    """`state` checked against `expected` ({name: shape}) and converted to float64 arrays."""
    if set(state) != set(expected):
        missing, extra = sorted(set(expected) - set(state)), sorted(set(state) - set(expected))
        raise ValueError(f"weights: missing {missing}, unexpected {extra}")
    out = {}
    for name, shape in expected.items():
        arr = np.array(state[name], dtype=np.float64)
        if arr.shape != shape:
            raise ValueError(f"weights: {name} has shape {arr.shape}, expected {shape}")
        out[name] = arr
    return out


def count(
    cell: str,
    n_in: int,
    hidden: int,
    layers: int,
    vocab: int,
    embedding: int,
    outputs: int | None = None,
    directions: int = 1,
) -> dict:
    """Parameter counts as PyTorch counts them (b_ih and b_hh) and as Keras does.

    Keras SimpleRNN and LSTM have one bias vector; GRU (reset_after=True) has two, like
    PyTorch. `*_recurrent` counts the recurrent layers alone (Keras' summary row for the
    layer: one-hot 500 into SimpleRNN(8) is 8*(500+8)+8 = 4,072); `embedding` the embedding
    (Embedding(500, 16): 8,000) and `dense` the last layer: `outputs` units (default the
    vocabulary: the readout; a classifier's labels) reading every direction's h. Two
    `directions` (bidirectional) double each recurrent layer, as Keras' Bidirectional does.
    """
    g = CELLS[cell].G
    torch_rec = keras_rec = 0
    for k in range(layers):
        k_in = n_in if k == 0 else directions * hidden
        weights = g * hidden * (k_in + hidden)
        torch_rec += directions * (weights + 2 * g * hidden)
        keras_rec += directions * (weights + (2 if cell == "gru" else 1) * g * hidden)
    out = vocab if outputs is None else outputs
    dense = out * directions * hidden + out
    rest = dense + vocab * embedding
    return {
        "pytorch": torch_rec + rest,
        "keras": keras_rec + rest,
        "pytorch_recurrent": torch_rec,
        "keras_recurrent": keras_rec,
        "embedding": vocab * embedding,
        "dense": dense,
    }
