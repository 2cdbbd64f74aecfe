"""Import a model trained elsewhere: safetensors, .npz, torch.save files and Keras 3 weights.

    imported = import_file(data, vocab="helo")   # -> Imported(spec, params, vocab, ...)

Every reader parses with NumPy and the standard library and runs no code from the file; a file
that cannot become an rnnscope model raises CheckpointError naming the field or the tensor.
HDF5 (Keras) needs a reader passed in as `read_h5(bytes) -> {dataset path: array}`: the
server's uses pyfive (server/hdf5.py), which core does not import.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np

from . import keras, npz, safetensors, torchfile, torchnames
from .build import Imported, build
from .errors import CheckpointError, damaged, need
from .zips import open_zip, read_member

HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
MAX_CONFIG_BYTES = 4 * 2**20
FORMATS = ("safetensors", "npz", "pytorch", "keras")

ReadH5 = Callable[[bytes], dict[str, np.ndarray]]


def sniff(data: bytes) -> str:
    """safetensors, zip, hdf5 or legacy-pickle, by the file's first bytes (never its name)."""
    if len(data) >= 9 and data[8:9] == b"{":
        return "safetensors"
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if data[:8] == HDF5_MAGIC:
        return "hdf5"
    if data[:1] == b"\x80":
        raise CheckpointError(
            "file",
            "a torch.save file in the legacy format (before PyTorch "
            "1.6); load it and torch.save it again with a newer PyTorch",
            {"rule": "torch_legacy"},
        )
    raise CheckpointError(
        "file",
        "not a format rnnscope reads: safetensors, .npz, .pt/.pth "
        "(torch.save), .weights.h5 or .keras (Keras 3)",
        ctx={"rule": "checkpoint_format"},
    )


def _safetensors(data: bytes):
    tensors, meta = safetensors.read(data)
    p = torchnames.parts(tensors, meta.get("activation", "tanh"))
    p.hints = {k: meta[k] for k in ("vocab", "tokens", "residual") if k in meta}
    return p


def _npz(data: bytes):
    arrays = npz.read(data)
    text = {k for k, a in arrays.items() if a.dtype.kind in "US"}
    p = torchnames.parts({k: a for k, a in arrays.items() if k not in text})
    p.hints = {k: arrays[k] for k in ("vocab", "tokens") if k in text}
    if "tokens" in p.hints:
        p.hints["tokens"] = str(p.hints["tokens"])
    unknown = text - {"vocab", "tokens"}
    names = ", ".join(sorted(unknown)[:3])
    ctx = {"rule": "npz_text", "names": names}
    need(not unknown, "file", f"text arrays {sorted(unknown)[:3]}; only vocab and tokens", ctx)
    return p


def _pytorch(data: bytes):
    arrays, found = torchfile.read(data)
    p = torchnames.parts(arrays, found.activation or "tanh")
    p.hints = {"vocab": found.vocab} if found.vocab is not None else {}
    return p


def _keras(data: bytes, read_h5: ReadH5 | None, archive=None):
    need(read_h5 is not None, "file", "Keras (HDF5) files are not read here", {"rule": "no_hdf5"})
    assert read_h5 is not None
    config = None
    if archive is not None:
        names = archive.namelist()
        if "config.json" in names:
            info = archive.getinfo("config.json")
            big = {"rule": "bytes_max", "what": "config", "n": info.file_size,
                   "max": MAX_CONFIG_BYTES}  # fmt: skip
            need(info.file_size <= MAX_CONFIG_BYTES, "file", "config.json is too large", big)
            try:
                config = json.loads(read_member(archive, "config.json").decode("utf-8"))
            except (UnicodeDecodeError, ValueError, RecursionError):
                msg = "config.json is not UTF-8 JSON"
                raise CheckpointError("file", msg, damaged(".keras")) from None
        data = read_member(archive, "model.weights.h5")
        msg = "model.weights.h5 is not an HDF5 file"
        need(data[:8] == HDF5_MAGIC, "file", msg, damaged(".keras"))
    return keras.parts(read_h5(data), config)


def import_file(
    data: bytes, vocab: object = None, tokens: str | None = None, read_h5: ReadH5 | None = None
) -> Imported:
    """The model in `data`; `vocab` and `tokens` (the upload's fields) win over the file's."""
    kind = sniff(data)
    if kind == "safetensors":
        fmt, p = "safetensors", _safetensors(data)
    elif kind == "hdf5":
        fmt, p = "keras", _keras(data, read_h5)
    else:
        archive = open_zip(data, "zip archive")
        names = archive.namelist()
        if any(n.endswith("data.pkl") for n in names):
            fmt, p = "pytorch", _pytorch(data)
        elif "model.weights.h5" in names:
            fmt, p = "keras", _keras(data, read_h5, archive)
        elif names and all(n.endswith(".npy") for n in names):
            fmt, p = "npz", _npz(data)
        else:
            raise CheckpointError(
                "file",
                "a zip archive that is neither .npz, a torch.save file nor a .keras file",
                {"rule": "checkpoint_format"},
            )
    return build(p, fmt, vocab, tokens)


__all__ = ["FORMATS", "CheckpointError", "Imported", "import_file", "sniff"]
