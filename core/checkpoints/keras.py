"""Keras 3 weights (`.weights.h5`, and the `model.weights.h5` inside a `.keras`) -> Parts.

The HDF5 file is read elsewhere (server.hdf5, with pyfive) into {dataset path: array}; this
module only maps. Paths are `layers/<class_name_snake>[_<n>]/...`: `embedding/vars/0`
(V, E); `lstm/cell/vars/{0,1,2}` kernel (in, G*U), recurrent_kernel (U, G*U), bias; `dense/vars/
{0,1}` kernel (H, V), bias (also inside `time_distributed/layer/`). Keras multiplies x @ kernel,
PyTorch W_ih @ x, so W_ih = kernel.T. Gate columns: LSTM i, f, c, o, as PyTorch's rows i, f,
g, o; GRU z, r, h, which become r, z, n. Keras' LSTM and SimpleRNN have one bias: it becomes
b_ih, with b_hh zero. A GRU with reset_after=True has bias (2, 3U): input and recurrent
biases, as PyTorch's b_ih and b_hh (reset_after=False puts r before U_h, which no PyTorch GRU
does: refused). A `.keras` file's config.json is checked too: activations and go_backwards.
"""

from __future__ import annotations

import re

import numpy as np

from .errors import label, need, shape
from .parts import Parts, Tensor, zeros_like_rows

CELLS = {"lstm": ("lstm", 4), "gru": ("gru", 3), "simple_rnn": ("rnn", 1)}
WEIGHTLESS = {
    "InputLayer",
    "Dropout",
    "SpatialDropout1D",
    "GaussianDropout",
    "GaussianNoise",
    "AlphaDropout",
    "ActivityRegularization",
}
OUTPUT_ACTIVATIONS = {None, "linear", "softmax"}  # softmax of logits: the same probabilities
RESET_AFTER = {"rule": "gru_reset_after"}
NO_PLACE = {"rule": "no_place"}


def _activation(which: str, found: object, allowed: str) -> dict[str, object]:
    """The rule of an activation the cells do not compute: which one, what it is, what works."""
    return {"rule": "activation", "which": which, "activation": label(found), "allowed": allowed}


def snake(class_name: str) -> str:
    """Keras' to_snake_case: SimpleRNN -> simple_rnn, TimeDistributed -> time_distributed."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _groups(arrays: dict[str, np.ndarray]) -> dict[str, dict[str, np.ndarray]]:
    """{layer path name: {rest of path: array}} for everything under layers/."""
    out: dict[str, dict[str, np.ndarray]] = {}
    for path, arr in arrays.items():
        parts = path.strip("/").split("/")
        if parts[0] == "layers" and len(parts) > 2:
            out.setdefault(parts[1], {})["/".join(parts[2:])] = arr
    return out


def _order(name: str) -> tuple[str, int]:
    m = re.fullmatch(r"(.*?)(?:_(\d+))?", name)
    assert m is not None
    return m[1], int(m[2] or 0)


def _configs(config: dict | None) -> dict[str, dict]:
    """{layer path name: {class_name, config}} from config.json, named as the weights are."""
    if not isinstance(config, dict):
        return {}
    layers = (config.get("config") or {}).get("layers") or []
    out: dict[str, dict] = {}
    counts: dict[str, int] = {}
    for layer in layers:
        if not isinstance(layer, dict) or not isinstance(layer.get("class_name"), str):
            continue
        base = snake(layer["class_name"])
        n = counts.get(base, 0)
        counts[base] = n + 1
        out[base if n == 0 else f"{base}_{n}"] = layer
    return out


def _check_config(name: str, layer: dict) -> str:
    """The activation of a recurrent layer; refuses what the cells do not compute."""
    cfg = layer.get("config") or {}
    where = f"layers/{label(name)}"
    msg = "go_backwards=True reads right to left"
    need(not cfg.get("go_backwards"), where, msg, {"rule": "go_backwards"})
    act = cfg.get("activation", "tanh")
    if layer["class_name"] == "SimpleRNN":
        ok = act in ("tanh", "relu", "sigmoid")
        need(
            ok,
            where,
            f"activation {label(act)}",
            _activation("activation", act, "tanh, relu, sigmoid"),
        )
        return act
    msg = f"activation {label(act)}: rnnscope's cells use tanh"
    need(act == "tanh", where, msg, _activation("activation", act, "tanh"))
    rec = cfg.get("recurrent_activation", "sigmoid")
    msg = f"recurrent_activation {label(rec)}: the gates use sigmoid"
    need(rec == "sigmoid", where, msg, _activation("recurrent_activation", rec, "sigmoid"))
    if layer["class_name"] == "GRU":
        need(
            cfg.get("reset_after", True),
            where,
            "reset_after=False applies r before U_h, "
            "which PyTorch's GRU (and rnnscope's) does not: train with reset_after=True",
            RESET_AFTER,
        )
    return "tanh"


def _recurrent(name: str, kind: str, vars_: dict[str, np.ndarray]) -> dict[str, Tensor]:
    cell, g = CELLS[kind]
    path = f"layers/{name}/cell/vars/"
    need(
        "cell/vars/0" in vars_ and "cell/vars/1" in vars_,
        f"layers/{label(name)}",
        "needs cell/vars/0 (kernel) and cell/vars/1 (recurrent_kernel)",
        {"rule": "missing_tensor", "tensor": "cell/vars/0, cell/vars/1"},
    )
    kernel, rec = vars_["cell/vars/0"], vars_["cell/vars/1"]
    need(
        rec.ndim == 2 and rec.shape[1] == g * rec.shape[0],
        path + "1",
        f"shape {rec.shape} is not (U, {g}*U) of a {kind}",
        shape(rec.shape, f"(U, {g}*U)"),
    )
    units = rec.shape[0]
    need(
        kernel.ndim == 2 and kernel.shape[1] == g * units,
        path + "0",
        f"shape {kernel.shape} is not (in, {g * units})",
        shape(kernel.shape, f"(in, {g * units})"),
    )
    perm = np.arange(g * units)
    if cell == "gru":  # columns z, r, h -> rows r, z, n
        perm = np.concatenate([perm[units : 2 * units], perm[:units], perm[2 * units :]])
    layer = {
        "weight_ih": Tensor(kernel[:, perm].T, path + "0"),
        "weight_hh": Tensor(rec[:, perm].T, path + "1"),
    }
    bias = vars_.get("cell/vars/2")
    if bias is None:  # use_bias=False
        layer["bias_ih"] = layer["bias_hh"] = zeros_like_rows(layer["weight_ih"])
    elif cell == "gru":
        need(
            bias.shape == (2, 3 * units),
            path + "2",
            f"shape {bias.shape}: a GRU with reset_after=False (bias (3U,)) applies r before "
            "U_h, which PyTorch's GRU (and rnnscope's) does not: train with reset_after=True",
            RESET_AFTER,
        )
        layer["bias_ih"] = Tensor(bias[0][perm], path + "2")
        layer["bias_hh"] = Tensor(bias[1][perm], path + "2")
    else:
        msg, want = f"shape {bias.shape}, expected ({g * units},)", f"({g * units},)"
        need(bias.shape == (g * units,), path + "2", msg, shape(bias.shape, want))
        layer["bias_ih"] = Tensor(bias, path + "2")
        layer["bias_hh"] = zeros_like_rows(layer["weight_ih"])
    return layer


def parts(arrays: dict[str, np.ndarray], config: dict | None = None) -> Parts:
    """Parts of a Keras model: Embedding? -> one kind of recurrent layer, stacked -> Dense."""
    groups, configs = _groups(arrays), _configs(config)
    for name, layer in configs.items():
        cls = layer["class_name"]
        known = cls in WEIGHTLESS or snake(cls) in (
            "embedding",
            "dense",
            "time_distributed",
            *CELLS,
        )
        need(
            known,
            f"layers/{label(name)}",
            f"a {label(cls)} layer has no place in embedding -> recurrent layers -> dense",
            {"rule": "layer_kind", "layer": label(cls)},
        )
        out_act = (layer.get("config") or {}).get("activation")
        if cls == "Dense":
            need(
                out_act in OUTPUT_ACTIVATIONS,
                f"layers/{label(name)}",
                f"activation {label(out_act)} after the readout",
                _activation("activation", out_act, "linear, softmax"),
            )
    recurrent = sorted((n for n in groups if _order(n)[0] in CELLS), key=lambda n: _order(n)[1])
    for name in groups:
        need(
            _order(name)[0] != "bidirectional",
            f"layers/{label(name)}",
            "a Bidirectional layer; a stored model reads left to right",
            {"rule": "bidirectional"},
        )
    msg = "no LSTM, GRU or SimpleRNN layer under layers/"
    need(bool(recurrent), "file", msg, {"rule": "no_recurrent"})
    kinds = {_order(n)[0] for n in recurrent}
    shown = ", ".join(sorted(kinds))
    msg = f"layers of kinds {shown}: one kind of cell"
    need(len(kinds) == 1, "file", msg, {"rule": "cell_kinds", "names": shown})
    (kind,) = kinds
    activation = "tanh"
    for name in recurrent:
        if name in configs:
            activation = _check_config(name, configs[name])
    layers = [_recurrent(n, kind, groups[n]) for n in recurrent]
    used = set(recurrent)
    readout = [n for n in groups if _order(n)[0] in ("dense", "time_distributed")]
    need(
        len(readout) == 1,
        "readout",
        f"{len(readout)} Dense layers; rnnscope reads the top layer with exactly one",
        {"rule": "readout_count", "n": len(readout)},
    )
    (dense,) = readout
    pre = "layer/" if dense.startswith("time_distributed") else ""
    kernel, bias = groups[dense].get(pre + "vars/0"), groups[dense].get(pre + "vars/1")
    path = f"layers/{dense}/{pre}vars/"
    dense_kernel = {"rule": "missing_tensor", "tensor": "Dense kernel (H, V)"}
    msg = "a Dense kernel (H, V) is needed"
    need(kernel is not None and kernel.ndim == 2, path + "0", msg, dense_kernel)
    assert kernel is not None
    weight = Tensor(kernel.T, path + "0")
    bias_t = Tensor(bias, path + "1") if bias is not None else zeros_like_rows(weight)
    used.add(dense)
    emb = None
    embeds = [n for n in groups if _order(n)[0] == "embedding"]
    shown = ", ".join(embeds)
    msg = "more than one Embedding layer"
    need(len(embeds) <= 1, "file", msg, {"rule": "embeddings", "names": shown})
    if embeds:
        table = groups[embeds[0]].get("vars/0")
        need(
            table is not None and table.ndim == 2,
            f"layers/{embeds[0]}/vars/0",
            "an Embedding table (V, E) is needed",
            {"rule": "missing_tensor", "tensor": "Embedding (V, E)"},
        )
        emb = Tensor(table, f"layers/{embeds[0]}/vars/0")  # type: ignore[arg-type]
        used.add(embeds[0])
    for name, vars_ in groups.items():
        need(
            name in used or not vars_,
            f"layers/{label(name)}",
            "has weights but no place in embedding -> recurrent layers -> dense",
            NO_PLACE,
        )
    return Parts(CELLS[kind][0], layers, weight, bias_t, emb, activation)
