"""torch.save files (.pt, .pth): a zip with <dir>/data.pkl, <dir>/data/<key> and <dir>/byteorder.

The pickle holds a state_dict ({name: tensor}), a whole model (the student's nn.Module, its
_parameters and _modules walked on inert stand-ins), or a checkpoint dict holding one of them
beside other things (optimizer state, epoch, a `chars` or `stoi` vocabulary).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .. import limits as L
from .errors import CheckpointError, damaged, label, need
from .safetensors import bf16_to_f32
from .torchpickle import StandIn, TensorRef, load
from .zips import open_zip, read_member

MODEL_KEYS = ("model_state_dict", "state_dict", "model", "net", "network", "module", "weights")
VOCAB_KEYS = (
    "vocab",
    "chars",
    "itos",
    "idx2char",
    "idx_to_char",
    "int2char",
    "stoi",
    "char2idx",
    "char_to_idx",
    "char2int",
    "vocabulary",
    "tokens",
)
MAX_MODULES = 1000
BROKEN = damaged("torch.save")
NO_MODEL = {"rule": "no_model"}


@dataclass
class Found:
    """What the pickle gave: tensors by dotted name, and hints for the mapping."""

    tensors: dict[str, TensorRef] = field(default_factory=dict)
    vocab: object = None
    activation: str | None = None  # nn.RNN's nonlinearity, when a whole model says it


def _is_module(obj: object) -> bool:
    return isinstance(obj, StandIn) and isinstance(getattr(obj, "_parameters", None), dict)


def _is_state_dict(obj: object) -> bool:
    return (
        isinstance(obj, dict)
        and bool(obj)
        and all(isinstance(k, str) and isinstance(v, TensorRef) for k, v in obj.items())
    )


def _vocab_of(holder: dict) -> object:
    for key in VOCAB_KEYS:
        if holder.get(key) is not None:
            return holder[key]
    return None


def _walk_module(root: StandIn, found: Found) -> None:
    """Parameters and buffers of a module tree, named as state_dict() names them."""
    stack: list[tuple[str, StandIn]] = [("", root)]
    seen: set[int] = set()
    while stack:
        prefix, mod = stack.pop()
        need(
            id(mod) not in seen and len(seen) < MAX_MODULES,
            "file",
            "the model's modules form a cycle or are too many",
            BROKEN,
        )
        seen.add(id(mod))
        if found.vocab is None:
            found.vocab = _vocab_of(vars(mod))
        if getattr(mod, "nonlinearity", None) in ("tanh", "relu"):
            found.activation = mod.nonlinearity  # type: ignore[attr-defined]
        for attr in ("_parameters", "_buffers"):
            for name, t in (getattr(mod, attr, None) or {}).items():
                if t is not None:
                    where = label(prefix + str(name))
                    need(isinstance(t, TensorRef), where, "is not a tensor", BROKEN)
                    found.tensors[prefix + str(name)] = t
        children = getattr(mod, "_modules", None) or {}
        for name, child in reversed(list(children.items())):
            if child is not None:
                need(_is_module(child), label(prefix + str(name)), "is not a module", BROKEN)
                stack.append((f"{prefix}{name}.", child))


def find(root: object) -> Found:
    """The model inside whatever the pickle holds."""
    found = Found()
    holder = root if isinstance(root, dict) and not _is_state_dict(root) else None
    if holder is not None:
        found.vocab = _vocab_of(holder)
        models = [
            k for k in MODEL_KEYS if _is_state_dict(holder.get(k)) or _is_module(holder.get(k))
        ]
        if not models:
            models = [k for k, v in holder.items() if _is_state_dict(v) or _is_module(v)]
            shown = ", ".join(label(k) for k in models[:5])
            need(
                len(models) <= 1,
                "file",
                f"several models in the checkpoint ({shown}); save the one to show",
                {"rule": "several_models", "names": shown},
            )
        msg = "the checkpoint dict holds no state_dict and no model"
        need(bool(models), "file", msg, NO_MODEL)
        root = holder[models[0]]
    if _is_state_dict(root):
        found.tensors = dict(root)  # type: ignore[call-overload]
    elif _is_module(root):
        _walk_module(root, found)  # type: ignore[arg-type]
    else:
        raise CheckpointError(
            "file",
            f"the pickle holds a {label(type(root).__name__)}, not a state_dict or a model",
            NO_MODEL,
        )
    need(
        len(found.tensors) <= L.MAX_CHECKPOINT_TENSORS,
        "file",
        f"{len(found.tensors)} tensors; at most {L.MAX_CHECKPOINT_TENSORS}",
        {
            "rule": "size_max",
            "what": "tensors",
            "n": len(found.tensors),
            "max": L.MAX_CHECKPOINT_TENSORS,
        },
    )
    return found


def materialize(ref: TensorRef, raw: bytes, order: Literal["<", ">"]) -> np.ndarray:
    """The tensor's elements, copied out of its storage's bytes (bounds checked at rebuild)."""
    dtype = np.dtype("<u2" if ref.storage.dtype == "bf16" else ref.storage.dtype)
    base = np.frombuffer(raw, dtype.newbyteorder(order), ref.storage.numel)
    item = base.itemsize
    view = np.lib.stride_tricks.as_strided(
        base[ref.offset :] if ref.numel else base[:0],
        ref.size,
        tuple(s * item for s in ref.stride),
        writeable=False,
    )
    out = np.array(view, dtype=dtype.newbyteorder("="))
    return bf16_to_f32(out) if ref.storage.dtype == "bf16" else out


def read(data: bytes) -> tuple[dict[str, np.ndarray], Found]:
    """({dotted name: array}, hints) of a torch.save file."""
    archive = open_zip(data, "torch.save file")
    pkls = [n for n in archive.namelist() if n.endswith("data.pkl") and n.count("/") == 1]
    need(len(pkls) == 1, "file", "not a torch.save file: no single <dir>/data.pkl", BROKEN)
    top = pkls[0][: -len("data.pkl")]
    storages = {
        n[len(top) + 5 :]: archive.getinfo(n).file_size
        for n in archive.namelist()
        if n.startswith(top + "data/")
    }
    order: Literal["<", ">"] = "<"
    if top + "byteorder" in archive.namelist():
        word = read_member(archive, top + "byteorder")
        need(word in (b"little", b"big"), "file", "byteorder must be little or big", BROKEN)
        order = "<" if word == b"little" else ">"
    found = find(load(read_member(archive, pkls[0]), storages))
    total = sum(t.numel * 8 for t in found.tensors.values())
    big = {"rule": "bytes_max", "what": "weights", "n": total, "max": L.MAX_CHECKPOINT_BYTES}
    need(total <= L.MAX_CHECKPOINT_BYTES, "file", f"tensors of {total} bytes in float64", big)
    raws: dict[str, bytes] = {}
    arrays = {}
    for name, ref in found.tensors.items():
        if ref.storage.key not in raws:
            raws[ref.storage.key] = read_member(archive, top + "data/" + ref.storage.key)
        arrays[name] = materialize(ref, raws[ref.storage.key], order)
    return arrays, found
