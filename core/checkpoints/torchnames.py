"""Tensors named as PyTorch names them -> Parts, matched by suffix and shape.

The recurrent tensors end in weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}
(nn.RNN, nn.LSTM, nn.GRU) or weight_ih, weight_hh, ... (nn.RNNCell and friends, stacked as
`cells.0.`, `cells.1.`); whatever comes before (`lstm.`, `rnn.`, `model.gru.`) varies. The
cell follows from W_hh's shape (G*H, H): G = 1 RNN, 3 GRU, 4 LSTM. The embedding is the
(V, in) matrix feeding layer 0 and the readout the (V, H) matrix reading the top layer, found
by shape; names (embedding, embed, encoder; fc, decoder, linear, h2o, out) only break ties.
"""

from __future__ import annotations

import re

import numpy as np

from .errors import CheckpointError, label, need, shape
from .parts import LAYER_KEYS, Parts, Tensor, zeros_like_rows

RECURRENT = re.compile(
    r"^(?P<prefix>(?:.*\.)?)(?P<kind>weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)"
    r"(?:_l(?P<layer>\d+))?(?P<reverse>_reverse)?$"
)
CELL_STACK = re.compile(r"^(?P<head>(?:.*\.)?)(?P<index>\d+)\.$")
CELL_OF_G = {1: "rnn", 3: "gru", 4: "lstm"}
NUMBERED = {"rule": "layer_numbers"}
EMBEDDING_NAMES = ("embedding", "embed", "encoder", "emb", "embeddings", "wte", "tok_emb")
READOUT_NAMES = (
    "fc",
    "decoder",
    "linear",
    "h2o",
    "out",
    "output",
    "readout",
    "head",
    "lm_head",
    "classifier",
    "proj",
    "dense",
    "fc_out",
)


def _recurrent(flat: dict[str, np.ndarray]) -> dict[str, dict[str, tuple[int | None, str]]]:
    """{prefix: {name: (layer or None, kind)}} of the recurrent tensors."""
    found: dict[str, dict[str, tuple[int | None, str]]] = {}
    for name in flat:
        m = RECURRENT.match(name)
        if not m:
            continue
        if m["kind"] == "weight_hr":
            raise CheckpointError(
                label(name),
                "an LSTM with proj_size projects h to a smaller "
                "size; rnnscope's LSTM keeps all of h: train it with "
                "proj_size=0",
                {"rule": "lstm_proj"},
            )
        if m["reverse"]:
            raise CheckpointError(
                label(name),
                "a bidirectional layer; a stored model reads "
                "left to right: train it with bidirectional=False",
                {"rule": "bidirectional"},
            )
        layer = None if m["layer"] is None else int(m["layer"])
        found.setdefault(m["prefix"], {})[name] = (layer, m["kind"])
    return found


def _stack(found: dict) -> list[dict[str, str]]:
    """The file's names of each layer's four tensors, layer 0 first."""
    need(
        bool(found),
        "file",
        "no recurrent weights: no tensor ends in weight_ih_l0 (nn.RNN, "
        "nn.LSTM, nn.GRU) or weight_ih (nn.RNNCell, nn.LSTMCell, nn.GRUCell)",
        {"rule": "no_recurrent"},
    )
    stacks = {m["head"] for p in found if (m := CELL_STACK.match(p))}
    cells_stacked = (
        len(found) > 1
        and len(stacks) == 1
        and all(CELL_STACK.match(p) and all(v[0] is None for v in found[p].values()) for p in found)
    )
    if cells_stacked:  # cells.0.weight_ih, cells.1.weight_ih, ...
        order = sorted(found, key=lambda p: int(CELL_STACK.match(p)["index"]))  # type: ignore[index]
        need(
            [int(CELL_STACK.match(p)["index"]) for p in order] == list(range(len(order))),  # type: ignore[index]
            "file",
            "stacked cells must be numbered 0, 1, ...",
            NUMBERED,
        )
        return [{kind: name for name, (_, kind) in found[p].items()} for p in order]
    if len(found) > 1:
        names = ", ".join(label(p.rstrip(".") or "(top level)") for p in sorted(found))
        raise CheckpointError(
            "file",
            f"recurrent weights under {names}: rnnscope shows one "
            "stack of recurrent layers (save that module alone)",
            {"rule": "stacks", "names": names},
        )
    (entries,) = found.values()
    layers = {layer for layer, _ in entries.values()}
    if layers == {None}:
        return [{kind: name for name, (_, kind) in entries.items()}]
    need(None not in layers, "file", "recurrent tensors both with and without _l{k}", NUMBERED)
    need(
        sorted(layers) == list(range(len(layers))),
        "file",
        f"recurrent layers {sorted(layers)} are not numbered 0, 1, ...",
        NUMBERED,
    )
    out: list[dict[str, str]] = [{} for _ in layers]
    for name, (layer, kind) in entries.items():
        out[layer or 0][kind] = name  # layers are all numbered here
    return out


def _layers(flat: dict, names: list[dict[str, str]]) -> tuple[str, list[dict[str, Tensor]]]:
    """Each layer's tensors, shapes checked; the cell from layer 0's W_hh."""
    layers, cell, hidden = [], "", 0
    for k, kinds in enumerate(names):
        for kind in ("weight_ih", "weight_hh"):
            missing = {"rule": "missing_tensor", "tensor": f"{kind}_l{k}"}
            need(kind in kinds, "file", f"layer {k} has no {kind}", missing)
        w_ih, w_hh = flat[kinds["weight_ih"]], flat[kinds["weight_hh"]]
        need(
            w_hh.ndim == 2
            and w_hh.shape[1] > 0
            and w_hh.shape[0] % w_hh.shape[1] == 0
            and w_hh.shape[0] // w_hh.shape[1] in CELL_OF_G,
            label(kinds["weight_hh"]),
            f"shape {w_hh.shape} is not (G*H, H) with G = 1, 3 or 4",
            shape(w_hh.shape, "(G*H, H), G = 1, 3, 4"),
        )
        if k == 0:
            hidden = w_hh.shape[1]
            cell = CELL_OF_G[w_hh.shape[0] // hidden]
        need(
            w_hh.shape == layers_shape(cell, hidden),
            label(kinds["weight_hh"]),
            f"shape {w_hh.shape}, but layer 0 is a {cell} of hidden size {hidden}",
            shape(w_hh.shape, str(layers_shape(cell, hidden))),
        )
        gh = w_hh.shape[0]
        need(
            w_ih.ndim == 2 and w_ih.shape[0] == gh and (k == 0 or w_ih.shape[1] == hidden),
            label(kinds["weight_ih"]),
            f"shape {w_ih.shape} does not feed W_hh {w_hh.shape}",
            shape(w_ih.shape, f"({gh}, {'in' if k == 0 else hidden})"),
        )
        layer = {
            "weight_ih": Tensor(w_ih, kinds["weight_ih"]),
            "weight_hh": Tensor(w_hh, kinds["weight_hh"]),
        }
        biases = [kind for kind in ("bias_ih", "bias_hh") if kind in kinds]
        if len(biases) == 1:
            partner = "bias_hh" if biases[0] == "bias_ih" else "bias_ih"
            missing = {"rule": "missing_tensor", "tensor": f"{partner}_l{k}"}
            raise CheckpointError("file", f"layer {k} has {biases[0]} without its partner", missing)
        for kind in ("bias_ih", "bias_hh"):
            if kind in kinds:
                b = flat[kinds[kind]]
                msg = f"shape {b.shape}, expected ({gh},)"
                need(b.shape == (gh,), label(kinds[kind]), msg, shape(b.shape, f"({gh},)"))
                layer[kind] = Tensor(b, kinds[kind])
            else:  # trained with bias=False
                layer[kind] = zeros_like_rows(layer["weight_ih"])
        layers.append(layer)
    return cell, layers


def layers_shape(cell: str, hidden: int) -> tuple[int, int]:
    g = {v: k for k, v in CELL_OF_G.items()}[cell]
    return (g * hidden, hidden)


def _last_part(prefix: str) -> str:
    return prefix.rstrip(".").rpartition(".")[2]


def _pick(candidates: list[str], preferred: tuple[str, ...], what: str) -> str | None:
    """The only candidate, or the only one whose name is a usual one for `what`."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    named = [p for p in candidates if _last_part(p) in preferred]
    if len(named) == 1:
        return named[0]
    shown = ", ".join(label(p + "weight") for p in sorted(candidates))
    raise CheckpointError(
        "file",
        f"{shown} could each be the {what}; name one of them {' or '.join(preferred[:3])}",
        {"rule": "ambiguous", "names": shown, "part": what, "preferred": ", ".join(preferred[:3])},
    )


def _matrices(flat: dict, width: int, used: set[str]) -> list[str]:
    """The prefixes of the 2-D `<prefix>weight`s, `width` columns wide, not placed yet."""
    return [
        n[: -len("weight")]
        for n in flat
        if n.endswith("weight")
        and n not in used
        and flat[n].ndim == 2
        and flat[n].shape[1] == width
    ]


def _readout(flat: dict, hidden: int, used: set[str]) -> tuple[Tensor, Tensor]:
    mats = _matrices(flat, hidden, used)
    with_bias = [
        p
        for p in mats
        if flat.get(p + "bias") is not None
        and flat[p + "bias"].shape == flat[p + "weight"].shape[:1]
    ]
    prefix = _pick(with_bias or mats, READOUT_NAMES, "readout")
    if prefix is None:
        raise CheckpointError(
            "readout",
            f"no (V, {hidden}) matrix reads the top layer's h: the "
            "file needs the linear layer (fc, decoder, ...) after the "
            "recurrent one",
            {"rule": "no_readout", "hidden": hidden},
        )
    weight = Tensor(flat[prefix + "weight"], prefix + "weight")
    if prefix in with_bias:
        return weight, Tensor(flat[prefix + "bias"], prefix + "bias")
    return weight, zeros_like_rows(weight)


def _embedding(flat: dict, n_in: int, vocab: int, used: set[str]) -> Tensor | None:
    mats = [p for p in _matrices(flat, n_in, used) if p + "bias" not in flat]  # no bias
    prefix = _pick(mats, EMBEDDING_NAMES, "embedding")
    if prefix is None:
        need(
            n_in == vocab,
            "embedding",
            f"layer 0 takes inputs of size {n_in}, but the readout "
            f"has {vocab} rows: no (V, {n_in}) embedding matrix found",
            {"rule": "no_embedding", "n": n_in, "rows": vocab},
        )
        return None
    return Tensor(flat[prefix + "weight"], prefix + "weight")


def parts(flat: dict[str, np.ndarray], activation: str = "tanh") -> Parts:
    """Parts of a state_dict-like {name: array}; every tensor must find its place."""
    cell, layers = _layers(flat, _stack(_recurrent(flat)))
    used = {t.name for layer in layers for t in layer.values() if t.name}
    readout_w, readout_b = _readout(flat, layers[-1]["weight_hh"].array.shape[1], used)
    used |= {t.name for t in (readout_w, readout_b) if t.name}
    emb = _embedding(flat, layers[0]["weight_ih"].array.shape[1], readout_w.array.shape[0], used)
    if emb is not None:
        used.add(emb.name)  # type: ignore[arg-type]
    for name, arr in flat.items():
        if name not in used:
            raise CheckpointError(
                label(name),
                f"shape {arr.shape} has no place in embedding -> {cell} layers -> linear readout",
                {"rule": "no_place", "shape": str(arr.shape)},
            )
    return Parts(cell, layers, readout_w, readout_b, emb, activation)


__all__ = ["LAYER_KEYS", "parts"]
